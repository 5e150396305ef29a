package io.kconform.checks.eos.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fault schedule is a function of its seed and duration, and its moments fall within the workload. */
class FaultScheduleTest {

    @Test
    void theSameSeedGivesTheSameSchedule() {
        FaultSchedule one = FaultSchedule.draw(13, Duration.ofSeconds(3));
        FaultSchedule two = FaultSchedule.draw(13, Duration.ofSeconds(3));
        assertThat(one.describe()).isEqualTo(two.describe());
        assertThat(FaultSchedule.draw(14, Duration.ofSeconds(3)).describe()).isNotEqualTo(one.describe());
    }

    @Test
    void everyFaultFallsWithinTheWorkload() {
        for (long seed = 0; seed < 50; seed++) {
            FaultSchedule schedule = FaultSchedule.draw(seed, Duration.ofSeconds(3));
            assertThat(schedule.cutsAtMillis()).hasSize(3).allMatch(at -> at >= 0 && at < 3000).isSorted();
            assertThat(schedule.delays()).hasSize(2).allMatch(d -> d.atMillis() < 3000 && d.delayMillis() > 0);
            assertThat(schedule.lostProduce()).isNotEmpty().doesNotContain(0);
            assertThat(schedule.lostEndTxn()).isNotEmpty().doesNotContain(0);
            assertThat(schedule.lostTxnOffsetCommit()).isNotEmpty().doesNotContain(0);
            assertThat(schedule.crashedWriter()).isIn("t0", "t1");
            assertThat(schedule.writerCrashTxn()).isBetween(1, 2);
            assertThat(schedule.copierKillTxn()).isBetween(2, 4);
            assertThat(schedule.memberLeavesAfterPolls()).isBetween(2, 5);
        }
    }
}
