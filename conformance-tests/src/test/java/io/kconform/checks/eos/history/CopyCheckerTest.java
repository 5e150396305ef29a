package io.kconform.checks.eos.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The copier rule on hand-written histories: a consume-transform-produce copier's committed output must hold each
 * committed input value exactly once and nothing else ({@link Anomaly#COPY_MISMATCH}); restarts that leave the
 * output exact are clean.
 */
class CopyCheckerTest {

    private static final Isolation RC = Isolation.READ_COMMITTED;

    private final List<Op> ops = new ArrayList<>();
    private long tick;

    /**
     * Input p0: a-0@0 (idempotent), t#1 commits b-0@1 (marker 2), t#2 aborts b-1@3 (marker 4), a-1@5: the committed
     * input is a-0, b-0, a-1.
     */
    private CopyCheckerTest input() {
        ack(null, 0, "a-0");
        ack("t#1", 1, "b-0");
        end("t#1", true, Op.TxnResult.COMMITTED);
        ack("t#2", 3, "b-1");
        end("t#2", false, Op.TxnResult.ABORTED);
        ack(null, 5, "a-1");
        ops.add(new Op.FinalRead(++tick, RC, 0, List.of(at(0, "a-0"), at(1, "b-0"), at(5, "a-1")), 6, 6));
        ops.add(new Op.FinalRead(++tick, Isolation.READ_UNCOMMITTED, 0,
                List.of(at(0, "a-0"), at(1, "b-0"), at(3, "b-1"), at(5, "a-1")), 6, 6));
        return this;
    }

    private void ack(String txn, long offset, String value) {
        long invoked = ++tick;
        ops.add(Op.Send.acked(invoked, ++tick, txn == null ? "a" : "t", txn, "k", value, 0, offset));
    }

    private void end(String txn, boolean commit, Op.TxnResult result) {
        long invoked = ++tick;
        ops.add(new Op.TxnEnd(invoked, ++tick, "t", txn, commit, result, null));
    }

    /** The copier's output, read to {@code reached} of {@code end}, having consumed the whole input (to 6). */
    private CopyCheckerTest output(long end, long reached, Seen... records) {
        return output(6, end, reached, records);
    }

    /** The copier's output, read to {@code reached} of {@code end}, with its group's committed input offset. */
    private CopyCheckerTest output(long committed, long end, long reached, Seen... records) {
        ops.add(new Op.CopyRead(++tick, 0, List.of(records), end, reached, committed));
        return this;
    }

    private Findings check() {
        return HistoryChecker.check(new History(7, ops));
    }

    private static Seen at(long offset, String value) {
        return new Seen(0, offset, "k", value);
    }

    @Test
    void anExactCopyIsClean() {
        // the output has gaps too: an aborted attempt of the copier (killed, fenced by its successor) at 1..2
        Findings findings = input().output(8, 8, at(0, "a-0"), at(3, "b-0"), at(4, "a-1")).check();
        assertThat(findings.clean()).as(findings.summary().toString()).isTrue();
    }

    @Test
    void aHistoryWithoutCopierIsNotJudgedForCopies() {
        Findings findings = input().check();
        assertThat(findings.clean()).as(findings.summary().toString()).isTrue();
    }

    @Test
    void copyMismatchAValueCopiedTwice() {
        // offsets not committed with the output: the restarted copier copies a-0 again
        Findings findings = input().output(6, 6, at(0, "a-0"), at(1, "b-0"), at(3, "a-0"), at(4, "b-0"),
                at(5, "a-1")).check();
        assertThat(findings.kinds()).containsExactly(Anomaly.COPY_MISMATCH);
        assertThat(findings.cases(Anomaly.COPY_MISMATCH)).containsExactly(
                "a-0 (input p0@0 k=a-0) copied 2 times, at [p0@0, p0@3]",
                "b-0 (input p0@1 k=b-0) copied 2 times, at [p0@1, p0@4]");
    }

    @Test
    void copyMismatchACommittedInputValueMissing() {
        Findings findings = input().output(3, 3, at(0, "a-0"), at(1, "a-1")).check();
        assertThat(findings.kinds()).containsExactly(Anomaly.COPY_MISMATCH);
        assertThat(findings.cases(Anomaly.COPY_MISMATCH)).containsExactly(
                "b-0 (committed input p0@1 k=b-0, below the copiers' committed offset of p0 (6)) missing"
                        + " from the committed output");
    }

    @Test
    void copyMismatchAValueOfAnAbortedInputTransaction() {
        // a copier reading read_uncommitted, or a target serving aborted records to read_committed
        Findings findings = input().output(5, 5, at(0, "a-0"), at(1, "b-0"), at(2, "b-1"), at(3, "a-1")).check();
        assertThat(findings.kinds()).containsExactly(Anomaly.COPY_MISMATCH);
        assertThat(findings.cases(Anomaly.COPY_MISMATCH)).containsExactly(
                "b-1 in the output at [p0@2] is of aborted input transaction t#2");
    }

    @Test
    void aDuplicatedInputValueCopiedOncePerInputRecordIsNoMismatch() {
        // a-1 stands twice in the input (a duplicate, the input's anomaly): copied twice, the copy is exact
        ack(null, 0, "a-0");
        ack(null, 1, "a-1");
        ops.add(new Op.FinalRead(++tick, RC, 0, List.of(at(0, "a-0"), at(1, "a-1"), at(2, "a-1")), 3, 3));
        Findings findings = output(3, 3, 3, at(0, "a-0"), at(1, "a-1"), at(2, "a-1")).check();
        assertThat(findings.kinds()).containsExactly(Anomaly.DUPLICATE);
        assertThat(findings.cases(Anomaly.COPY_MISMATCH)).isEmpty();
    }

    @Test
    void copyMismatchAValueNoWriterSent() {
        Findings findings = input().output(5, 5, at(0, "a-0"), at(1, "b-0"), at(2, "x-9"), at(3, "a-1")).check();
        assertThat(findings.cases(Anomaly.COPY_MISMATCH)).containsExactly(
                "x-9 in the output at [p0@2] is not in the committed input, written by no send of the history");
    }

    @Test
    void anIncompleteOutputReadIsReportedAndMissingValuesAreNotJudged() {
        Findings findings = input().output(6, 2, at(0, "a-0")).check();
        assertThat(findings.kinds()).containsExactly(Anomaly.INCOMPLETE_READ);
        assertThat(findings.cases(Anomaly.INCOMPLETE_READ)).containsExactly(
                "final read_committed read of the copier's output p0 stopped at 2 of end 6 after 1 records");
        assertThat(findings.notes()).contains(
                "the copier's output p0 was not read to its end: records missing from it are not judged");
    }

    @Test
    void aCopierThatStoppedPartWayIsHeldToWhatItsOffsetsCover() {
        // a slow copier: its group committed offset 2 (a-0, b-0 consumed); a-1 at 5 was never copied, and need not be
        Findings findings = input().output(2, 4, 4, at(0, "a-0"), at(3, "b-0")).check();
        assertThat(findings.clean()).as(findings.summary().toString()).isTrue();
        assertThat(findings.notes()).contains("the copiers' group committed offsets past 2 of the committed input"
                + " records; their output is held against those");
    }

    @Test
    void copyMismatchOutputCommittedWithoutTheOffsetsThatConsumedIt() {
        // offsets committed apart from the output (never, here): the output holds input no committed offset covers
        Findings findings = input().output(-1, 3, 3, at(0, "a-0"), at(1, "b-0"), at(2, "a-1")).check();
        assertThat(findings.kinds()).contains(Anomaly.COPY_MISMATCH);
        assertThat(findings.cases(Anomaly.COPY_MISMATCH)).containsExactly(
                "a-0 in the output at [p0@0] is input not below the copiers' committed offset of p0 (none): output"
                        + " committed without the offsets that consumed it",
                "b-0 in the output at [p0@1] is input not below the copiers' committed offset of p0 (none): output"
                        + " committed without the offsets that consumed it",
                "a-1 in the output at [p0@2] is input not below the copiers' committed offset of p0 (none): output"
                        + " committed without the offsets that consumed it");
    }

    @Test
    void copyStalledWhenTheCopierCommittedNothing() {
        Findings findings = input().output(-1, 0, 0).check();
        assertThat(findings.kinds()).containsExactly(Anomaly.COPY_STALLED);
        assertThat(findings.cases(Anomaly.COPY_STALLED)).containsExactly("the copiers' group committed no offset"
                + " past any of the 3 committed input records: no copy transaction committed");
    }
}
