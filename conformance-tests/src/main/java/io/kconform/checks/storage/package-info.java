/**
 * The storage battery: whether the target is a durable, replayable log and not only a queue.
 *
 * <p>It verifies what a system of record relies on: records kept in produce order with dense
 * offsets, replays that return the same bytes every time, CreateTime and LogAppendTime timestamps,
 * ListOffsets by time (KIP-33, KIP-79, KIP-734), log start and end offsets, DeleteRecords (KIP-107),
 * log compaction with tombstones and its bounds (min.compaction.lag.ms, delete.retention.ms,
 * max.compaction.lag.ms, offsets kept, transactional data, compact,delete), retention by time and by
 * size, and the segment rolls (by size and by time) that retention depends on; what consumers rely on of
 * ListOffsets, leader epochs and Fetch (sessions, limits), log truncation detected after an unclean leader change
 * (KIP-320) and follower fetching (KIP-392) on three brokers; and durability with acks=all.
 *
 * <p>Compaction and retention are asynchronous in Apache Kafka. The checks set topic-level configs
 * ({@code segment.ms}, {@code min.cleanable.dirty.ratio}, {@code retention.ms}, ...) so that the
 * behaviour happens within seconds, and wait a bounded time for it; each check's Javadoc says which
 * broker settings it relies on.
 */
package io.kconform.checks.storage;
