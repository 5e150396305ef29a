/**
 * Starting and stopping targets: an embedded Apache Kafka — one node, or several brokers beside a
 * quorum of three controllers, each node in a JVM of its own, its client listener optionally
 * secured with credentials and certificates made for the run — or an external endpoint that only
 * needs to be reached. Embedded targets also give broker control (stop, kill, restart one broker).
 * Whatever is started here is stopped on close, on Ctrl-C, and — through
 * {@link io.kconform.harness.launch.ParentWatchdog}, which every JVM runs under — when the harness
 * itself is killed.
 */
package io.kconform.harness.launch;
