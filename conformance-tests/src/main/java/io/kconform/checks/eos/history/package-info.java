/**
 * The black-box history checker of the eos battery (issue 13), modelled on Jepsen's Kafka workload
 * ({@code jepsen.tests.kafka}): a seeded workload of idempotent and transactional producers and consumers
 * records every operation with its outcome ({@link io.kconform.checks.eos.history.History}); a final full read
 * of every partition closes the history; a pure checker ({@link io.kconform.checks.eos.history.HistoryChecker})
 * finds the anomalies a history shows (lost write, duplicate, aborted read, uncommitted read, inconsistent
 * offsets, non-monotonic poll, poll skip), each with the records that show it. The checker knows what Kafka's
 * model allows: offsets with gaps (transaction markers, aborted records), writes of unknown outcome that may or
 * may not land, and skips across a rebalance. The copier rule: a consume-transform-produce copier's committed output
 * is exactly its committed input (copy-mismatch). For runs under faults: the workload's clients come from
 * {@link io.kconform.checks.eos.history.WorkloadClients} (a fault proxy goes in there), a seeded
 * {@link io.kconform.checks.eos.history.FaultSchedule} of cuts, delays, lost responses and kills, a subscribing
 * {@link io.kconform.checks.eos.history.GroupConsumer} that records assignments from rebalance callbacks, and a
 * KIP-447 {@link io.kconform.checks.eos.history.Copier} killed and restarted mid-run.
 */
package io.kconform.checks.eos.history;
