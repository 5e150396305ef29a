package io.kconform.checks.eos.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.checks.eos.history.Op.SendOutcome;
import io.kconform.checks.eos.history.Op.TxnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checker on small hand-written histories: each anomaly kind fires on a history that shows it, naming the
 * records, and histories Kafka's model allows (gaps of markers and aborted records, writes of unknown outcome,
 * a skip across a rebalance) are clean.
 */
class HistoryCheckerTest {

    /** Builds a history with ticks in the order the operations are written. */
    private static final class Builder {
        private final List<Op> ops = new ArrayList<>();
        private long tick;

        Builder ack(String writer, String txn, int partition, long offset, String value) {
            long invoked = ++tick;
            ops.add(Op.Send.acked(invoked, ++tick, writer, txn, "k", value, partition, offset));
            return this;
        }

        Builder unacked(String writer, String txn, int partition, String value, SendOutcome outcome) {
            long invoked = ++tick;
            ops.add(Op.Send.unacked(invoked, ++tick, writer, txn, "k", value, partition, outcome, "timeout"));
            return this;
        }

        Builder end(String txn, boolean commit, TxnResult result) {
            long invoked = ++tick;
            ops.add(new Op.TxnEnd(invoked, ++tick, txn.substring(0, txn.indexOf('#')), txn, commit, result, null));
            return this;
        }

        Builder assign(String consumer, Isolation isolation, Map<Integer, Long> positions, boolean rebalance) {
            ops.add(new Op.Assign(++tick, consumer, isolation, positions, rebalance));
            return this;
        }

        Builder poll(String consumer, Isolation isolation, Seen... records) {
            long invoked = ++tick;
            ops.add(new Op.Poll(invoked, ++tick, consumer, isolation, List.of(records)));
            return this;
        }

        Builder finalRead(Isolation isolation, int partition, long end, Seen... records) {
            ops.add(new Op.FinalRead(++tick, isolation, partition, List.of(records), end, end));
            return this;
        }

        Builder incompleteFinalRead(Isolation isolation, int partition, long end, long reached, Seen... records) {
            ops.add(new Op.FinalRead(++tick, isolation, partition, List.of(records), end, reached));
            return this;
        }

        Findings check() {
            return HistoryChecker.check(new History(7, ops));
        }
    }

    private static Seen at(int partition, long offset, String value) {
        return new Seen(partition, offset, "k", value);
    }

    private static final Isolation RC = Isolation.READ_COMMITTED;
    private static final Isolation RU = Isolation.READ_UNCOMMITTED;

    /**
     * p0: a-0@0 (idempotent), t#1 commits b-0@1 b-1@2 (marker 3), t#2 aborts b-2@4 (marker 5), a-1@6. A
     * read_committed consumer polls while it all happens and returns what is visible, in order.
     */
    private static Builder cleanBase() {
        return new Builder()
                .assign("c1", RC, Map.of(0, 0L), false)
                .ack("a", null, 0, 0, "a-0")
                .poll("c1", RC, at(0, 0, "a-0"))
                .ack("t", "t#1", 0, 1, "b-0").ack("t", "t#1", 0, 2, "b-1")
                .poll("c1", RC)
                .end("t#1", true, TxnResult.COMMITTED)
                .ack("t", "t#2", 0, 4, "b-2")
                .end("t#2", false, TxnResult.ABORTED)
                .ack("a", null, 0, 6, "a-1")
                .poll("c1", RC, at(0, 1, "b-0"), at(0, 2, "b-1"))
                .poll("c1", RC, at(0, 6, "a-1"))
                .finalRead(RC, 0, 7, at(0, 0, "a-0"), at(0, 1, "b-0"), at(0, 2, "b-1"), at(0, 6, "a-1"))
                .finalRead(RU, 0, 7, at(0, 0, "a-0"), at(0, 1, "b-0"), at(0, 2, "b-1"), at(0, 4, "b-2"),
                        at(0, 6, "a-1"));
    }

    @Test
    void aHistoryWithCommitsAbortsAndMarkerGapsIsClean() {
        Findings findings = cleanBase().check();
        assertThat(findings.clean()).as(findings.summary().toString()).isTrue();
        assertThat(findings.counts()).isEqualTo("none");
        assertThat(findings.summary()).isEmpty();
    }

    @Test
    void aReadUncommittedConsumerSeesAbortedRecordsWithoutAnomaly() {
        Findings findings = cleanBase()
                .assign("u1", RU, Map.of(0, 0L), false)
                .poll("u1", RU, at(0, 0, "a-0"), at(0, 1, "b-0"), at(0, 2, "b-1"), at(0, 4, "b-2"))
                .poll("u1", RU, at(0, 6, "a-1"))
                .check();
        assertThat(findings.clean()).as(findings.summary().toString()).isTrue();
    }

    @Test
    void sendsOfUnknownOutcomeMayOrMayNotLand() {
        Findings findings = new Builder()
                .ack("a", null, 0, 0, "a-0")
                .unacked("a", null, 0, "a-1", SendOutcome.UNKNOWN)   // landed at 1 after all
                .unacked("a", null, 0, "a-2", SendOutcome.UNKNOWN)   // never landed
                .unacked("a", null, 0, "a-3", SendOutcome.FAILED)    // refused, not there
                .unacked("t", "t#1", 0, "b-0", SendOutcome.UNKNOWN)  // its transaction's end is unknown too
                .end("t#1", true, TxnResult.UNKNOWN)
                .finalRead(RC, 0, 2, at(0, 0, "a-0"), at(0, 1, "a-1"))
                .finalRead(RU, 0, 2, at(0, 0, "a-0"), at(0, 1, "a-1"))
                .check();
        assertThat(findings.clean()).as(findings.summary().toString()).isTrue();
        assertThat(findings.notes()).singleElement().asString().startsWith("4 sends not acknowledged");
    }

    @Test
    void aSkipAcrossARebalanceIsAllowedAndOnlyNoted() {
        Builder history = new Builder()
                .assign("s1", RC, Map.of(0, 0L), false)
                .ack("a", null, 0, 0, "a-0").ack("a", null, 0, 1, "a-1").ack("a", null, 0, 2, "a-2")
                .ack("a", null, 0, 3, "a-3")
                .poll("s1", RC, at(0, 0, "a-0"))
                // the group rebalanced; the new assignment starts at the committed offset, 3
                .assign("s1", RC, Map.of(), true)
                .poll("s1", RC, at(0, 3, "a-3"))
                .finalRead(RC, 0, 4, at(0, 0, "a-0"), at(0, 1, "a-1"), at(0, 2, "a-2"), at(0, 3, "a-3"));
        Findings findings = history.check();
        assertThat(findings.clean()).as(findings.summary().toString()).isTrue();
        assertThat(findings.notes()).singleElement().asString()
                .startsWith("1 poll skip(s) across a rebalance, allowed by Kafka's model under subscribe");
    }

    @Test
    void lostWriteAnAcknowledgedIdempotentWriteAbsentFromTheFinalRead() {
        Findings findings = new Builder()
                .ack("a", null, 0, 0, "a-0").ack("a", null, 0, 1, "a-1")
                .finalRead(RC, 0, 1, at(0, 0, "a-0"))
                .check();
        assertThat(findings.kinds()).containsExactly(Anomaly.LOST_WRITE);
        assertThat(findings.cases(Anomaly.LOST_WRITE)).singleElement().asString()
                .startsWith("a-1 (key k) acknowledged at p0@1 by idempotent a; absent from the final read_committed"
                        + " read of p0");
    }

    @Test
    void lostWriteACommittedTransactionsWriteAbsentEvenWhereTheAckOffsetIsBeyondTheEnd() {
        // As through a target that acknowledges and drops produce: the log holds only the commit marker.
        Findings findings = new Builder()
                .ack("t", "t#1", 0, 0, "b-0").ack("t", "t#1", 0, 1, "b-1")
                .end("t#1", true, TxnResult.COMMITTED)
                .finalRead(RC, 0, 1)
                .check();
        assertThat(findings.kinds()).containsExactly(Anomaly.LOST_WRITE);
        assertThat(findings.count(Anomaly.LOST_WRITE)).isEqualTo(2);
        assertThat(findings.cases(Anomaly.LOST_WRITE).get(1)).contains("b-1", "in committed transaction t#1");
    }

    @Test
    void unseenWhereTheFinalReadStoppedShortOfTheWrite() {
        Findings findings = new Builder()
                .ack("a", null, 0, 0, "a-0").ack("a", null, 0, 5, "a-1")
                .incompleteFinalRead(RC, 0, 6, 3, at(0, 0, "a-0"))
                .check();
        assertThat(findings.kinds()).containsExactly(Anomaly.UNSEEN, Anomaly.INCOMPLETE_READ);
        assertThat(findings.cases(Anomaly.UNSEEN)).singleElement().asString()
                .contains("a-1", "stopped at 3 short of its end 6");
    }

    @Test
    void incompleteReadAFinalReadStoppedShortOfTheEnd() {
        // As when markers are never served: the read stops before the COMMIT marker that ends the partition.
        Findings findings = new Builder()
                .ack("t", "t#1", 0, 0, "b-0")
                .end("t#1", true, TxnResult.COMMITTED)
                .incompleteFinalRead(RC, 0, 2, 1, at(0, 0, "b-0"))
                .check();
        assertThat(findings.kinds()).containsExactly(Anomaly.INCOMPLETE_READ);
        assertThat(findings.cases(Anomaly.INCOMPLETE_READ)).containsExactly(
                "final read_committed read of p0 stopped at 1 of end 2 after 1 records");
    }

    @Test
    void duplicateOneValueAtTwoOffsets() {
        // Every produce reached the log twice, with no de-duplication.
        Findings findings = new Builder()
                .ack("a", null, 0, 0, "a-0").ack("a", null, 0, 2, "a-1")
                .finalRead(RC, 0, 4, at(0, 0, "a-0"), at(0, 1, "a-0"), at(0, 2, "a-1"), at(0, 3, "a-1"))
                .finalRead(RU, 0, 4, at(0, 0, "a-0"), at(0, 1, "a-0"), at(0, 2, "a-1"), at(0, 3, "a-1"))
                .check();
        assertThat(findings.kinds()).containsExactly(Anomaly.DUPLICATE);
        assertThat(findings.cases(Anomaly.DUPLICATE)).containsExactly(
                "a-0 at [p0@0, p0@1], sent once by a (acked)", "a-1 at [p0@2, p0@3], sent once by a (acked)");
    }

    @Test
    void abortedReadByAReadCommittedConsumerAndInTheFinalRead() {
        Findings findings = new Builder()
                .assign("c1", RC, Map.of(0, 0L), false)
                .ack("t", "t#1", 0, 0, "b-0")
                .end("t#1", false, TxnResult.ABORTED)
                .poll("c1", RC, at(0, 0, "b-0"))
                .finalRead(RC, 0, 2, at(0, 0, "b-0"))
                .finalRead(RU, 0, 2, at(0, 0, "b-0"))
                .check();
        assertThat(findings.kinds()).containsExactly(Anomaly.ABORTED_READ);
        assertThat(findings.cases(Anomaly.ABORTED_READ)).singleElement().asString()
                .startsWith("b-0 of aborted transaction t#1 read by [c1 at p0@0 k=b-0")
                .contains("final read_committed read at p0@0 k=b-0");
    }

    @Test
    void uncommittedReadBeforeTheCommitWasAskedFor() {
        Findings findings = new Builder()
                .assign("c1", RC, Map.of(0, 0L), false)
                .ack("t", "t#1", 0, 0, "b-0")
                .poll("c1", RC, at(0, 0, "b-0"))
                .end("t#1", true, TxnResult.COMMITTED)
                .finalRead(RC, 0, 2, at(0, 0, "b-0"))
                .check();
        assertThat(findings.kinds()).containsExactly(Anomaly.UNCOMMITTED_READ);
        assertThat(findings.cases(Anomaly.UNCOMMITTED_READ)).singleElement().asString()
                .startsWith("b-0 of transaction t#1 read by [c1 at p0@0 k=b-0").contains("its commit asked at tick");
    }

    @Test
    void aReadAfterTheCommitWasAskedForIsNoUncommittedRead() {
        // The commit was asked for before the poll completed: the markers may well have been written by then.
        List<Op> ops = List.of(
                new Op.Assign(1, "c1", RC, Map.of(0, 0L), false),
                Op.Send.acked(2, 3, "t", "t#1", "k", "b-0", 0, 0),
                new Op.Poll(4, 6, "c1", RC, List.of(at(0, 0, "b-0"))),
                new Op.TxnEnd(5, 7, "t", "t#1", true, TxnResult.COMMITTED, null),
                new Op.FinalRead(8, RC, 0, List.of(at(0, 0, "b-0")), 2, 2));
        Findings findings = HistoryChecker.check(new History(1, ops));
        assertThat(findings.clean()).as(findings.summary().toString()).isTrue();
    }

    @Test
    void inconsistentOffsetsAnAcknowledgedOffsetHoldingAnotherValue() {
        Findings findings = new Builder()
                .ack("a", null, 0, 0, "a-0").ack("b", null, 0, 0, "b-0")
                .finalRead(RC, 0, 2, at(0, 0, "a-0"), at(0, 1, "b-0"))
                .check();
        assertThat(findings.kinds()).contains(Anomaly.INCONSISTENT_OFFSETS);
        assertThat(findings.cases(Anomaly.INCONSISTENT_OFFSETS)).singleElement().asString()
                .isEqualTo("p0@0 holds [a-0 (acknowledged to a, final read_committed read), b-0 (acknowledged to b)]");
    }

    @Test
    void inconsistentOffsetsTwoReadsDisagree() {
        Findings findings = new Builder()
                .assign("c1", RC, Map.of(0, 0L), false)
                .ack("a", null, 0, 0, "a-0")
                .unacked("b", null, 0, "b-0", SendOutcome.UNKNOWN)
                .poll("c1", RC, at(0, 0, "b-0"))
                .finalRead(RC, 0, 1, at(0, 0, "a-0"))
                .check();
        assertThat(findings.kinds()).contains(Anomaly.INCONSISTENT_OFFSETS);
        assertThat(findings.cases(Anomaly.INCONSISTENT_OFFSETS)).singleElement().asString()
                .contains("a-0", "b-0 (polled by c1)");
    }

    @Test
    void nonmonotonicPollAConsumerGoingBack() {
        Findings findings = new Builder()
                .assign("c1", RC, Map.of(0, 0L), false)
                .ack("a", null, 0, 0, "a-0").ack("a", null, 0, 1, "a-1")
                .poll("c1", RC, at(0, 0, "a-0"), at(0, 1, "a-1"))
                .poll("c1", RC, at(0, 1, "a-1"))
                .finalRead(RC, 0, 2, at(0, 0, "a-0"), at(0, 1, "a-1"))
                .check();
        assertThat(findings.kinds()).containsExactly(Anomaly.NONMONOTONIC_POLL);
        assertThat(findings.cases(Anomaly.NONMONOTONIC_POLL)).containsExactly(
                "c1 returned p0@1 k=a-1 where its position in p0 was 2");
    }

    @Test
    void pollSkipAVisibleRecordPassedOver() {
        Findings findings = new Builder()
                .assign("c1", RC, Map.of(0, 0L, 1, 0L), false)
                .ack("a", null, 0, 0, "a-0").ack("a", null, 0, 1, "a-1").ack("a", null, 0, 2, "a-2")
                .poll("c1", RC, at(0, 0, "a-0"))
                .poll("c1", RC, at(0, 2, "a-2"))
                .finalRead(RC, 0, 3, at(0, 0, "a-0"), at(0, 1, "a-1"), at(0, 2, "a-2"))
                .check();
        assertThat(findings.kinds()).containsExactly(Anomaly.POLL_SKIP);
        assertThat(findings.cases(Anomaly.POLL_SKIP)).containsExactly("c1 (read_committed) returned p0@2 k=a-2 from"
                + " position 1, passing over 1 visible record(s) at offsets [1]");
    }

    @Test
    void pollSkipOverAnAcknowledgedRecordThatNoReadShows() {
        // The target leaves a record out of every fetch: the final read lacks it too, the acknowledgement does not.
        Findings findings = new Builder()
                .assign("c1", RC, Map.of(0, 0L), false)
                .ack("a", null, 0, 0, "a-0").ack("a", null, 0, 1, "a-1").ack("a", null, 0, 2, "a-2")
                .poll("c1", RC, at(0, 0, "a-0"), at(0, 2, "a-2"))
                .finalRead(RC, 0, 3, at(0, 0, "a-0"), at(0, 2, "a-2"))
                .check();
        assertThat(findings.kinds()).containsExactly(Anomaly.LOST_WRITE, Anomaly.POLL_SKIP);
        assertThat(findings.cases(Anomaly.POLL_SKIP)).singleElement().asString().contains("offsets [1]");
    }

    @Test
    void pollSkipOfAnAbortedRecordUnderReadUncommittedOnly() {
        Builder history = new Builder()
                .assign("c1", RC, Map.of(0, 0L), false)
                .assign("u1", RU, Map.of(0, 0L), false)
                .ack("a", null, 0, 0, "a-0")
                .ack("t", "t#1", 0, 1, "b-0")
                .end("t#1", false, TxnResult.ABORTED)
                .ack("a", null, 0, 3, "a-1")
                .poll("c1", RC, at(0, 0, "a-0"), at(0, 3, "a-1"))
                .poll("u1", RU, at(0, 0, "a-0"), at(0, 3, "a-1"))
                .finalRead(RC, 0, 4, at(0, 0, "a-0"), at(0, 3, "a-1"));
        Findings findings = history.check();
        assertThat(findings.kinds()).containsExactly(Anomaly.POLL_SKIP);
        assertThat(findings.cases(Anomaly.POLL_SKIP)).singleElement().asString()
                .startsWith("u1 (read_uncommitted) returned p0@3 k=a-1 from position 1");
    }

    @Test
    void pollSkipFromTheStartOfAnAssignment() {
        Findings findings = new Builder()
                .assign("c1", RC, Map.of(0, 0L), false)
                .ack("a", null, 0, 0, "a-0").ack("a", null, 0, 1, "a-1")
                .poll("c1", RC, at(0, 1, "a-1"))
                .finalRead(RC, 0, 2, at(0, 0, "a-0"), at(0, 1, "a-1"))
                .check();
        assertThat(findings.kinds()).containsExactly(Anomaly.POLL_SKIP);
    }

    @Test
    void aNewAssignAtAKnownPositionIsJudgedFromThatPosition() {
        // assign again at offset 0: going back is what was asked; passing over offset 1 from there is a skip.
        Findings findings = new Builder()
                .assign("c1", RC, Map.of(0, 0L), false)
                .ack("a", null, 0, 0, "a-0").ack("a", null, 0, 1, "a-1").ack("a", null, 0, 2, "a-2")
                .poll("c1", RC, at(0, 0, "a-0"), at(0, 1, "a-1"), at(0, 2, "a-2"))
                .assign("c1", RC, Map.of(0, 0L), false)
                .poll("c1", RC, at(0, 0, "a-0"), at(0, 2, "a-2"))
                .finalRead(RC, 0, 3, at(0, 0, "a-0"), at(0, 1, "a-1"), at(0, 2, "a-2"))
                .check();
        assertThat(findings.kinds()).containsExactly(Anomaly.POLL_SKIP);
        assertThat(findings.notes()).isEmpty();
    }

    @Test
    void theSummaryGivesEachKindItsCountAndFirstCases() {
        Builder history = new Builder();
        for (int i = 0; i < 7; i++) {
            history.ack("a", null, 0, i, "a-" + i);
        }
        Findings findings = history.finalRead(RC, 0, 0).check();
        assertThat(findings.counts()).isEqualTo("lost-write 7");
        assertThat(findings.summary()).singleElement().asString()
                .startsWith("lost-write (acknowledged or committed write absent from the final read_committed read):"
                        + " 7, first 5: a-0 (key k)")
                .contains("a-4 (key k)").doesNotContain("a-5 (key k)");
    }
}
