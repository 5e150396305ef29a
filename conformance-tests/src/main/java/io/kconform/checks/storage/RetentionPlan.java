package io.kconform.checks.storage;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * How the retention check makes Apache Kafka apply {@code retention.ms} within a bounded wait, given
 * the broker's {@code log.retention.check.interval.ms} when DescribeConfigs discloses it.
 *
 * <ul>
 *   <li>An interval of at most {@value #LONGEST_INTERVAL_SECONDS} s: a plain {@code cleanup.policy=delete}
 *       topic, and a wait of the interval plus {@value #MARGIN_SECONDS} s (the retention task first runs
 *       30 s after the broker starts).</li>
 *   <li>A longer interval (Apache Kafka's default is 5 minutes) or none disclosed: a
 *       {@code cleanup.policy=compact,delete} topic with a distinct key per record, so compaction removes
 *       nothing, and a wait of {@value #FALLBACK_WAIT_SECONDS} s. Apache Kafka's log cleaner also applies
 *       retention to compact,delete logs on each of its passes ({@code log.cleaner.backoff.ms}, 15 s by
 *       default), so retention no longer waits for the retention task.</li>
 * </ul>
 *
 * @param cleanupPolicy the topic's cleanup.policy
 * @param bound         how long to wait for the log start offset to move
 * @param reason        why, for the evidence
 */
record RetentionPlan(String cleanupPolicy, Duration bound, String reason) {

    static final int LONGEST_INTERVAL_SECONDS = 90;
    static final int MARGIN_SECONDS = 45;
    static final int FALLBACK_WAIT_SECONDS = 90;

    /** The plan for a broker whose retention task runs every {@code intervalMs}, if known. */
    static RetentionPlan forInterval(OptionalLong intervalMs) {
        if (intervalMs.isPresent() && intervalMs.getAsLong() <= LONGEST_INTERVAL_SECONDS * 1000L) {
            return new RetentionPlan("delete", Duration.ofMillis(intervalMs.getAsLong()).plusSeconds(MARGIN_SECONDS),
                    "log.retention.check.interval.ms is " + intervalMs.getAsLong() + " ms");
        }
        String why = intervalMs.isPresent()
                ? "log.retention.check.interval.ms is " + intervalMs.getAsLong() + " ms, too long to wait for"
                : "the target does not disclose log.retention.check.interval.ms";
        return new RetentionPlan("compact,delete", Duration.ofSeconds(FALLBACK_WAIT_SECONDS),
                why + "; on a compact,delete topic the log cleaner applies retention.ms on each pass");
    }
}
