package io.kconform.checks.eos.history;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One recorded operation of a workload, immutable. Times are ticks of one logical clock shared by every client
 * of the run ({@link HistoryRecorder#tick()}): an operation that completed before another was invoked has a
 * smaller {@code completed} than the other's {@code invoked}, which is all the checker needs of time.
 */
public sealed interface Op permits Op.Send, Op.TxnEnd, Op.Assign, Op.Poll, Op.FinalRead, Op.CopyRead {

    /** The tick at which the operation completed (or was recorded, for instantaneous ones). */
    long completed();

    /** What became of a send. */
    enum SendOutcome {
        /** Acknowledged with a partition and offset: the write is in the log at that offset. */
        ACKED,
        /** Refused with an error that says it was not written. */
        FAILED,
        /** No answer the client could trust (a timeout, a lost connection): it may or may not be in the log. */
        UNKNOWN
    }

    /** What became of a transaction. */
    enum TxnResult {
        /** commitTransaction returned: every write of the transaction must be visible. */
        COMMITTED,
        /** abortTransaction returned: no write of the transaction may become visible to read_committed. */
        ABORTED,
        /** The end was attempted and the answer is not known: either may have happened. */
        UNKNOWN
    }

    /**
     * A send of one record by a writer: idempotent ({@code txn} null) or inside a transaction.
     *
     * @param invoked   tick before {@code send} was called
     * @param completed tick when its outcome was known
     * @param writer    the producer's name in the workload
     * @param txn       the transaction it belongs to ({@code <writer>#<n>}), or null for an idempotent send
     * @param partition the partition it was sent to
     * @param offset    the acknowledged offset, or -1 unless {@code outcome} is ACKED
     * @param error     the error of a FAILED or UNKNOWN outcome, for evidence
     */
    record Send(long invoked, long completed, String writer, String txn, String key, String value, int partition,
                SendOutcome outcome, long offset, String error) implements Op {
        public Send {
            Objects.requireNonNull(writer, "writer");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(outcome, "outcome");
        }

        /** An acknowledged send. */
        public static Send acked(long invoked, long completed, String writer, String txn, String key, String value,
                                 int partition, long offset) {
            return new Send(invoked, completed, writer, txn, key, value, partition, SendOutcome.ACKED, offset, null);
        }

        /** A send that was not acknowledged: FAILED or UNKNOWN, with the error. */
        public static Send unacked(long invoked, long completed, String writer, String txn, String key, String value,
                                   int partition, SendOutcome outcome, String error) {
            return new Send(invoked, completed, writer, txn, key, value, partition, outcome, -1, error);
        }
    }

    /**
     * The end of a transaction: commit or abort asked for, and what the client was told.
     *
     * @param invoked   tick before commitTransaction or abortTransaction was called
     * @param completed tick when it returned or threw
     * @param commit    whether a commit was asked for (otherwise an abort)
     */
    record TxnEnd(long invoked, long completed, String writer, String txn, boolean commit, TxnResult result,
                  String error) implements Op {
        public TxnEnd {
            Objects.requireNonNull(txn, "txn");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * A consumer's assignment begins: by {@code assign} (positions known, from which it must read every visible
     * record in order) or by a rebalance under {@code subscribe} (positions may be unknown: the group's
     * committed offsets, or wherever the previous owner left off). Positions of partitions not named are
     * unknown. Every assignment ends the consumer's previous one: order is judged within one assignment only.
     *
     * @param positions the position of each partition when the assignment began, where known
     * @param rebalance whether a rebalance made it (under subscribe), rather than {@code assign}
     */
    record Assign(long completed, String consumer, Isolation isolation, Map<Integer, Long> positions,
                  boolean rebalance) implements Op {
        public Assign {
            positions = Map.copyOf(positions);
        }
    }

    /** One {@code poll} of a consumer and the records it returned, in order. */
    record Poll(long invoked, long completed, String consumer, Isolation isolation, List<Seen> records) implements Op {
        public Poll {
            records = List.copyOf(records);
        }
    }

    /**
     * The final read of one partition, after every writer stopped and every transaction ended, from the start of
     * the partition: it closes the history.
     *
     * @param end     the end offset the read aimed at (last stable offset or high watermark when it began)
     * @param reached the position where it stopped; {@code reached >= end} means the read is complete
     */
    record FinalRead(long completed, Isolation isolation, int partition, List<Seen> records, long end, long reached)
            implements Op {
        public FinalRead {
            records = List.copyOf(records);
        }

        /** Whether the read reached the end it aimed at. */
        public boolean complete() {
            return reached >= end;
        }
    }

    /**
     * The final read_committed read of one partition of a copier's output topic, from its start, after the copier
     * stopped and every transaction ended, with the offset its group committed for the same partition of the input:
     * what the copier committed, to be held against the committed input below that offset.
     *
     * @param end       the end offset the read aimed at (the last stable offset when it began)
     * @param reached   the position where it stopped; {@code reached >= end} means the read is complete
     * @param committed the copier group's committed offset of the input partition at the end, -1 for none
     */
    record CopyRead(long completed, int partition, List<Seen> records, long end, long reached, long committed)
            implements Op {
        public CopyRead {
            records = List.copyOf(records);
        }

        /** Whether the read reached the end it aimed at. */
        public boolean complete() {
            return reached >= end;
        }
    }
}
