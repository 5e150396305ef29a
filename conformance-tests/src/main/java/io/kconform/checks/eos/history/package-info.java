/**
 * The black-box history checker of the eos battery (issue 13), modelled on Jepsen's Kafka workload
 * ({@code jepsen.tests.kafka}): a seeded workload of idempotent and transactional producers and consumers
 * records every operation with its outcome ({@link io.kconform.checks.eos.history.History}); a final full read
 * of every partition closes the history; a pure checker ({@link io.kconform.checks.eos.history.HistoryChecker})
 * finds the anomalies a history shows (lost write, duplicate, aborted read, uncommitted read, inconsistent
 * offsets, non-monotonic poll, poll skip), each with the records that show it. The checker knows what Kafka's
 * model allows: offsets with gaps (transaction markers, aborted records), writes of unknown outcome that may or
 * may not land, and skips across a rebalance. Faults during the run are not part of this package yet: the
 * workload makes its clients through {@link io.kconform.checks.eos.history.WorkloadClients}, where a fault
 * proxy or client restarts can be put later.
 */
package io.kconform.checks.eos.history;
