/**
 * The protocol battery: ApiVersions and the Kafka 4.4 baseline, Metadata, produce and fetch with
 * every acks mode, headers and every compression codec.
 */
package io.kconform.checks.protocol;
