package io.kconform.checks.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the battery's connectors, running on a worker's threads, meet the check that created them:
 * one entry per connector, keyed by the connector's name, which is unique to the run and the check.
 * A check {@link #register registers} its connector before creating it and {@link #remove removes}
 * it when it ends, so entries live only for the duration of a check. A task whose connector is not
 * registered does nothing special: its source emits without a gate and its sink keeps nothing.
 */
final class ConnectorRegistry {

    private static final ConcurrentMap<String, Entry> ENTRIES = new ConcurrentHashMap<>();

    private ConnectorRegistry() {
    }

    /** What one connector's tasks share with its check. Thread-safe. */
    static final class Entry {
        private final AtomicLong gate = new AtomicLong(Long.MAX_VALUE);
        private final List<SinkDelivery> delivered = new ArrayList<>();
        private final List<SourceStart> sourceStarts = new ArrayList<>();
        private final List<String> abortedTransactions = new ArrayList<>();
        private String openTransaction;
        private volatile boolean abortReleased;

        /** Lets the source emit records with sequence numbers below {@code limit} only. */
        void gate(long limit) {
            gate.set(limit);
        }

        long gate() {
            return gate.get();
        }

        synchronized void delivered(SinkDelivery delivery) {
            delivered.add(delivery);
        }

        /** What the sink was given so far, in the order its tasks were given it. */
        synchronized List<SinkDelivery> delivered() {
            return List.copyOf(delivered);
        }

        synchronized void sourceStarted(SourceStart start) {
            sourceStarts.add(start);
        }

        /** The source task sent the records {@code seqs} ({@code 30..39}) in a transaction it left open to abort. */
        synchronized void transactionLeftOpen(String seqs) {
            openTransaction = seqs;
        }

        /** The records of the transaction the source task left open to abort, e.g. {@code 30..39}, or null. */
        synchronized String openTransaction() {
            return openTransaction;
        }

        /** Lets the source task abort the transaction it left open. */
        void releaseAbort() {
            abortReleased = true;
        }

        boolean abortReleased() {
            return abortReleased;
        }

        synchronized void transactionAborted(String seqs) {
            abortedTransactions.add(seqs);
        }

        /** The sequence numbers of each transaction the source task aborted, e.g. {@code 30..39}, in order. */
        synchronized List<String> abortedTransactions() {
            return List.copyOf(abortedTransactions);
        }

        /** Every start of a source task, in order: its run id and where it resumed. */
        synchronized List<SourceStart> sourceStarts() {
            return List.copyOf(sourceStarts);
        }
    }

    /** A record as a sink task received it. */
    record SinkDelivery(String topic, int partition, long offset, String key, String value,
                        Map<String, String> headers) {
    }

    /**
     * A start of a source task.
     *
     * @param stream   the counter it runs, -1 for the single one
     * @param run      the id the task's records carry in their run header
     * @param stored   the source offset it found in offset storage, or null
     * @param resumeAt the sequence number of the first record it emits
     */
    record SourceStart(int stream, String run, Map<String, Object> stored, long resumeAt) {
        @Override
        public String toString() {
            return (stream < 0 ? "" : "counter " + stream + ": ") + "run " + run + " found stored offset " + stored + " and resumes at " + resumeAt;
        }
    }

    /** Registers a connector that is about to be created; its entry. */
    static Entry register(String connector) {
        Entry entry = new Entry();
        ENTRIES.put(connector, entry);
        return entry;
    }

    /** The entry of a registered connector, or null. */
    static Entry lookup(String connector) {
        return connector == null ? null : ENTRIES.get(connector);
    }

    /** Forgets a connector when its check ends. */
    static void remove(String connector) {
        ENTRIES.remove(connector);
    }
}
