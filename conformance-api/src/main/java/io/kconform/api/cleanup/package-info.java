/**
 * Deleting what a run created on a target: every topic, group, group config, quota entity, SCRAM user and ACL
 * named under the run's prefix, and the transactions it left open. One implementation for the kconform harness and
 * the plain JUnit path, bounded in time and never throwing, so that cleanup cannot hide a run's result.
 */
package io.kconform.api.cleanup;
