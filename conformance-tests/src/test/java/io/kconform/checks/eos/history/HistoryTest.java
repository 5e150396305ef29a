package io.kconform.checks.eos.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The history's own accounts, as the check's evidence shows them, and the recorder's clock. */
class HistoryTest {

    @Test
    void countsNameEveryKindOfOperation() {
        History history = new History(3, List.of(
                Op.Send.acked(1, 2, "a", null, "k", "a-0", 0, 0),
                Op.Send.unacked(3, 4, "t", "t#1", "k", "t-0", 1, Op.SendOutcome.UNKNOWN, "timeout"),
                Op.Send.acked(5, 6, "t", "t#2", "k", "t-1", 1, 1),
                new Op.TxnEnd(7, 8, "t", "t#1", true, Op.TxnResult.UNKNOWN, "timeout"),
                new Op.TxnEnd(9, 10, "t", "t#2", false, Op.TxnResult.ABORTED, null),
                new Op.Assign(11, "c", Isolation.READ_COMMITTED, Map.of(0, 0L), false),
                new Op.Poll(12, 13, "c", Isolation.READ_COMMITTED, List.of(new Seen(0, 0, "k", "a-0"))),
                new Op.FinalRead(14, Isolation.READ_COMMITTED, 0, List.of(new Seen(0, 0, "k", "a-0")), 1, 1)));
        assertThat(history.counts()).isEqualTo("8 operations: 3 sends (2 acknowledged, 2 in transactions), 2"
                + " transactions (0 committed, 1 aborted), 1 polls returning 1 records, 1 final reads");
        assertThat(history.of(Op.TxnEnd.class)).extracting(Op.TxnEnd::txn).containsExactly("t#1", "t#2");
    }

    @Test
    void theRecorderKeepsOrderAndTicksForward() {
        HistoryRecorder recorder = new HistoryRecorder(5);
        long first = recorder.tick();
        recorder.record(new Op.Assign(first, "c", Isolation.READ_UNCOMMITTED, Map.of(), false));
        long second = recorder.tick();
        recorder.record(new Op.Poll(second, recorder.tick(), "c", Isolation.READ_UNCOMMITTED, List.of()));
        History history = recorder.history();
        assertThat(second).isGreaterThan(first);
        assertThat(history.seed()).isEqualTo(5);
        assertThat(history.ops()).extracting(Op::completed).containsExactly(first, second + 1);
    }

    @Test
    void thePlanDescribesItself() {
        assertThat(WorkloadPlan.defaults(42, Duration.ofSeconds(3)).describe()).isEqualTo("seed 42, at most 3000 ms"
                + " and 150 sends per writer, 2 idempotent and 2 transactional writers (a transaction aborted with"
                + " p=0.30), 2 read_committed and 1 read_uncommitted consumers (assign, from offset 0), 3 partitions,"
                + " 4 keys");
    }

    @Test
    void aFinalReadIsCompleteOnlyAtItsEnd() {
        assertThat(new Op.FinalRead(1, Isolation.READ_COMMITTED, 0, List.of(), 5, 5).complete()).isTrue();
        assertThat(new Op.FinalRead(1, Isolation.READ_COMMITTED, 0, List.of(), 5, 4).complete()).isFalse();
    }
}
