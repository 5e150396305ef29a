/**
 * The protocol battery: what every client needs before it can use a target at all. ApiVersions
 * (answered, compared with a pinned Apache Kafka 4.4 baseline and with the floor of Kafka 4.x clients
 * after KIP-896, and advertised APIs actually served; a version above the maximum refused in v0, finalized
 * features), the sweep of every API key and version of the baseline (protocol.sweep.*, one check per
 * version, from {@link io.kconform.checks.protocol.ApiSweep}), Metadata, produce with every acks mode read
 * back record by record, headers, every compression codec, error semantics with their exact codes
 * (protocol.errors.*: raw requests through {@link io.kconform.checks.protocol.RawPartition} and
 * {@link io.kconform.checks.protocol.Coordinators}, so that the code itself is seen, not a client's
 * exception), the admin APIs with their effects observed (protocol.admin.*), and robustness against
 * malformed input sent as raw frames (over TLS where the listener speaks TLS; before authentication on SASL).
 *
 * <p>{@link io.kconform.checks.protocol.ApiBaselineTool} regenerates the baseline data file
 * {@code kafka-4.4-api-versions.tsv} from a reference broker.
 */
package io.kconform.checks.protocol;
