/**
 * The streams battery: a real Kafka Streams 4.4.0 application runs against the target, with
 * {@code processing.guarantee=exactly_once_v2}, and its output is compared with what
 * {@link org.apache.kafka.streams.TopologyTestDriver} computes from the same input. The driver is the
 * reference computation: it runs the same topology in memory, without any broker, so a difference
 * can only come from how the target stored, returned, timestamped or transacted the records.
 *
 * <ul>
 *   <li>{@link io.kconform.checks.streams.EosOutputChecks}: re-key and aggregate under exactly-once;
 *       read_committed output and committed offsets;</li>
 *   <li>{@link io.kconform.checks.streams.InternalTopicsChecks}: the repartition and changelog topics
 *       Kafka Streams creates (a window store's changelog compact,delete), the changelog compacted, the
 *       repartition topic purged with DeleteRecords as the application runs;</li>
 *   <li>{@link io.kconform.checks.streams.StateRestoreChecks}: state rebuilt from the changelog after the
 *       local state is wiped;</li>
 *   <li>{@link io.kconform.checks.streams.WindowedChecks}: event-time windows, which rest on the
 *       producer's timestamps, and their finals under {@code suppress(untilWindowCloses)};</li>
 *   <li>{@link io.kconform.checks.streams.JoinChecks}: KStream-KTable, KTable-KTable, windowed
 *       KStream-KStream and foreign-key joins;</li>
 *   <li>{@link io.kconform.checks.streams.CrashRecoveryChecks}: a stream thread dying mid-transaction;</li>
 *   <li>{@link io.kconform.checks.streams.StreamsGroupChecks}: the Streams rebalance protocol (KIP-1071);</li>
 *   <li>{@link io.kconform.checks.streams.InstancesChecks}: two instances of one application: tasks split and
 *       handed over, interactive queries, warm standbys, a stalled instance fenced, and the hand-over under the
 *       Streams rebalance protocol.</li>
 * </ul>
 *
 * <p>Inputs are deterministic (explicit timestamps, and partitions chosen so that the order of updates
 * per key does not depend on how tasks interleave); their event times are an hour or two old, never
 * older, so that the target's retention by record timestamp keeps them while a check runs
 * ({@link io.kconform.checks.streams.Inputs#epoch()}); there is no record cache, so every update is
 * emitted and the whole sequence per key is compared, not only the final value. Every application id
 * comes from the check's context, so the internal topics ({@code <application.id>-...-repartition},
 * {@code -changelog}) live under the run's prefix and are deleted with it. Every application is closed
 * when its check ends, and every wait is bounded. A stream thread's death ends the check at once with
 * the thread's exception in the cause chain, so a clean refusal by the target (a policy violation when
 * the changelog is created) reads as UNSUPPORTED, not as a timeout.
 *
 * <p>Every check declares what exactly_once_v2 itself needs of the target (KIP-447): InitProducerId,
 * TxnOffsetCommit v3 (group metadata in the transaction) and OffsetFetch v7 (stable offsets, which Kafka
 * Streams insists on under exactly-once); without them it is UNSUPPORTED before an application starts.
 * What an application needs only incidentally adapts: its internal topics get an explicit replication
 * factor where the target's CreateTopics cannot ask for the default (before v4).
 */
package io.kconform.checks.streams;
