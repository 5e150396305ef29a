/**
 * The eos battery: exactly-once building blocks. The idempotent producer (KIP-98, on by default
 * since Kafka 3.0, KIP-679) and how the broker de-duplicates retried batches and rejects sequence
 * gaps, by hand-made requests and by a real producer retrying through a fault-injecting proxy
 * ({@link io.kconform.checks.faults.FaultProxy}) that loses its Produce responses; transactions (KIP-98,
 * KIP-447, KIP-890): commit, abort, read_committed isolation and the last stable offset, atomicity over many partitions and topics (a large aborted transaction, an aborted one
 * inside a single fetch), fencing of zombie producers, transaction timeouts and a timed-out producer's
 * recovery by an epoch bump (KIP-360, KIP-890), the consume-transform-produce loop with offsets
 * committed inside the transaction, the group coordinator fencing a zombie's offsets of a past group
 * generation (KIP-447), transactions that carry offsets alone, and transactions that end for good
 * (none left hanging); the server-side defence of KIP-890 on the wire ({@code TransactionalWire}): a late
 * write of a finished transaction's epoch fenced, a write to a partition never added to the transaction
 * refused; a transaction begun while the previous one completes told to retry (CONCURRENT_TRANSACTIONS), never
 * refused for good.
 * The sub-package {@code history} holds a black-box history workload and checker (Jepsen's Kafka
 * anomalies) behind {@code eos.history.no-anomalies}: all of this at once, with clients racing each other.
 *
 * <p>Kafka Streams with {@code processing.guarantee=exactly_once_v2}, Connect's exactly-once source
 * connectors (KIP-618) and every hand-written transactional pipeline stand on these checks.
 */
package io.kconform.checks.eos;
