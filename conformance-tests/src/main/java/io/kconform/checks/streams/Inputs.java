package io.kconform.checks.streams;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic input data. Every order of one customer goes to the same input partition, so one task
 * sees all of them in order, re-keys them in that order into the repartition topic, and the sequence
 * of totals per customer is defined, not left to the interleaving of tasks.
 */
final class Inputs {

    /** 2021-01-01T00:00:00Z: event times far from the wall clock, so broker-assigned times stand out. */
    static final long EPOCH = 1_609_459_200_000L;

    private Inputs() {
    }

    /**
     * Orders {@code order-from .. order-(from+count-1)}, value {@code c<j>:<amount>}, customer {@code j}
     * in partition {@code j % partitions}, one second of event time apart from {@link #EPOCH}.
     */
    static List<InputRecord> orders(String topic, int partitions, int customers, int from, int count) {
        List<InputRecord> orders = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            int customer = (i * 5 + i / 7) % customers;
            long amount = (i * 37L) % 97 + 1;
            orders.add(new InputRecord(topic, customer % partitions, "order-" + i, "c" + customer + ":" + amount,
                    EPOCH + i * 1000L));
        }
        return orders;
    }
}
