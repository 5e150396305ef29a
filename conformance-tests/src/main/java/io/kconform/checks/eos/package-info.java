/**
 * The eos battery: exactly-once building blocks. The idempotent producer (KIP-98, on by default
 * since Kafka 3.0, KIP-679) and how the broker de-duplicates retried batches and rejects sequence
 * gaps, by hand-made requests and by a real producer retrying through a fault-injecting proxy
 * ({@link io.kconform.checks.faults.FaultProxy}) that loses its Produce responses; transactions (KIP-98, KIP-447, KIP-890): commit, abort, read_committed isolation and the last
 * stable offset, fencing of zombie producers, transaction timeouts, and the consume-transform-produce
 * loop with offsets committed inside the transaction.
 *
 * <p>Kafka Streams with {@code processing.guarantee=exactly_once_v2}, Connect's exactly-once source
 * connectors (KIP-618) and every hand-written transactional pipeline stand on these checks.
 */
package io.kconform.checks.eos;
