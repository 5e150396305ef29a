package io.kconform.checks.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic input data. Every order of one customer goes to the same input partition, so one task
 * sees all of them in order, re-keys them in that order into the repartition topic, and the sequence
 * of totals per customer is defined, not left to the interleaving of tasks.
 *
 * <p>Event times are recent: they start at {@link #epoch()}, the start of the hour before the current
 * one, so every record is about one to two hours old while its check runs. The target applies
 * time-based retention by record timestamp (KIP-32: a segment goes once its newest record is older than
 * {@code retention.ms}, seven days by default, the active segment included), so input stamped years ago
 * is deleted by the target's first retention pass after it was written, while the application is still
 * reading it: a replaced stream thread then finds its committed offsets out of range, resets to the new
 * log start and skips the rest of the input. Apache Kafka's retention task first runs 30 s after the
 * broker starts ({@code log.initial.task.delay.ms}), so a short run against a fresh broker hid this and
 * a longer one (or any long-running target) did not. An hour of age keeps the event times clear of the
 * broker's own clock (append times, {@code log.message.timestamp.after.max.ms}, clock skew), and a
 * whole-hour origin keeps windows whose size divides an hour aligned the same way in every run.
 */
final class Inputs {

    /** How much older than the current hour a check's event times are. */
    static final Duration AGE = Duration.ofHours(1);

    private Inputs() {
    }

    /**
     * The event-time origin of one check's input: the start of the hour before the current one (UTC).
     * A check takes it once and derives every timestamp of its input from it, so that its reference
     * and its application see the same times.
     */
    static long epoch() {
        return epoch(Clock.systemUTC());
    }

    /** {@link #epoch()} by {@code clock}. */
    static long epoch(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.HOURS).minus(AGE).toEpochMilli();
    }

    /**
     * Orders {@code order-from .. order-(from+count-1)}, value {@code c<j>:<amount>}, customer {@code j}
     * in partition {@code j % partitions}, order {@code i} at {@code epoch + i} seconds of event time.
     */
    static List<InputRecord> orders(String topic, int partitions, int customers, int from, int count, long epoch) {
        List<InputRecord> orders = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            int customer = (i * 5 + i / 7) % customers;
            long amount = (i * 37L) % 97 + 1;
            orders.add(new InputRecord(topic, customer % partitions, "order-" + i, "c" + customer + ":" + amount,
                    epoch + i * 1000L));
        }
        return orders;
    }
}
