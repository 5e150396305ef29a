package io.kconform.checks.eos.history;

/**
 * The anomalies the checker finds, named after Jepsen's Kafka workload ({@code jepsen.tests.kafka}) where it has
 * a name for them.
 */
public enum Anomaly {
    /**
     * An acknowledged idempotent write, or a write of a committed transaction, absent from the final
     * read_committed read of its partition although that read got past its offset (Jepsen: lost-write).
     */
    LOST_WRITE("lost-write", "acknowledged or committed write absent from the final read_committed read"),
    /** One value at two or more offsets (Jepsen: duplicate). */
    DUPLICATE("duplicate", "one value at two or more offsets"),
    /**
     * A value of an aborted transaction seen by a read_committed consumer or present in the final read_committed
     * read (Jepsen: G1a, aborted read).
     */
    ABORTED_READ("aborted-read", "a value of an aborted transaction read under read_committed (Jepsen: G1a)"),
    /**
     * A value of a transaction returned to a read_committed consumer before the transaction's commit was even
     * asked for (a dirty read of an open transaction; Jepsen has no name of its own for it: its
     * precommitted-read is a transaction reading its own writes).
     */
    UNCOMMITTED_READ("uncommitted-read", "a value of an open transaction returned under read_committed before its"
            + " commit was asked for"),
    /** One offset of a partition with two or more values across reads and acknowledgements (Jepsen: inconsistent-offsets). */
    INCONSISTENT_OFFSETS("inconsistent-offsets", "one offset with two or more values"),
    /**
     * Within one assignment of one consumer, a record at or before one it already returned (Jepsen:
     * nonmonotonic-poll).
     */
    NONMONOTONIC_POLL("nonmonotonic-poll", "a consumer went back within one assignment"),
    /**
     * Within one assignment of one consumer, a record visible at its isolation level passed over between two
     * records it returned (Jepsen: poll-skip). Across a rebalance a skip is allowed by Kafka's model under
     * subscribe and never reported.
     */
    POLL_SKIP("poll-skip", "a consumer passed over a visible record within one assignment"),
    /**
     * A consume-transform-produce copier's committed output is not exactly the committed input below the offsets its
     * group committed: a committed input record below those offsets missing from the output, a value copied more
     * often than it stands in the input (as when the copier's offsets were not committed with its output), or an
     * output value that is no committed input below those offsets (one of an aborted input transaction, or output
     * committed while the offsets that consumed it were not). How far the copier got does not matter: its output and
     * its offsets must tell the same story. Jepsen's Kafka workload has no copier; the rule is KIP-447's (KIP-98's
     * sendOffsetsToTransaction): offsets and output commit or abort together.
     */
    COPY_MISMATCH("copy-mismatch", "a copier's committed output is not exactly its committed input"),
    /**
     * The copiers committed no input offset in the whole run although the input had committed records: none of their
     * copy transactions committed, so whether output and offsets commit together could not be seen. The copier
     * has the run and some seconds after the writers stop to commit one.
     */
    COPY_STALLED("copy-stalled", "a copier committed no copy transaction in the whole run"),
    /**
     * An acknowledged or committed write the final read could not judge: it stopped before the write's offset
     * (Jepsen: unseen). Reported because a final read that never reaches the end of a partition is itself wrong
     * once every transaction ended.
     */
    UNSEEN("unseen", "acknowledged or committed write beyond where the final read_committed read stopped"),
    /**
     * A final read that did not reach the end it aimed at (the last stable offset or high watermark when it
     * began), once every writer stopped: a consumer of the target cannot get to the end of the partition, as when
     * transaction markers are never served. Jepsen has no name for it; its final polls simply never finish.
     */
    INCOMPLETE_READ("incomplete-read", "a final read stopped short of the partition's end");

    private final String id;
    private final String meaning;

    Anomaly(String id, String meaning) {
        this.id = id;
        this.meaning = meaning;
    }

    /** The name in reports: lower case with hyphens, Jepsen's where it has one. */
    public String id() {
        return id;
    }

    /** One line saying what it means. */
    public String meaning() {
        return meaning;
    }
}
