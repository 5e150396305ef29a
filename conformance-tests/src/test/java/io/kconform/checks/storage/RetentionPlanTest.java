package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {

    @Test
    void aShortIntervalUsesAPlainDeleteTopicAndWaitsTheIntervalPlusTheMargin() {
        RetentionPlan plan = RetentionPlan.forInterval(OptionalLong.of(5000));
        assertThat(plan.cleanupPolicy()).isEqualTo("delete");
        assertThat(plan.bound()).isEqualTo(Duration.ofSeconds(5 + RetentionPlan.MARGIN_SECONDS));
    }

    @Test
    void theLongestIntervalStillUsesADeleteTopic() {
        RetentionPlan plan = RetentionPlan.forInterval(OptionalLong.of(RetentionPlan.LONGEST_INTERVAL_SECONDS * 1000L));
        assertThat(plan.cleanupPolicy()).isEqualTo("delete");
    }

    @Test
    void kafkasDefaultIntervalFallsBackToCompactDelete() {
        RetentionPlan plan = RetentionPlan.forInterval(OptionalLong.of(300_000));
        assertThat(plan.cleanupPolicy()).isEqualTo("compact,delete");
        assertThat(plan.bound()).isEqualTo(Duration.ofSeconds(RetentionPlan.FALLBACK_WAIT_SECONDS));
        assertThat(plan.reason()).contains("300000");
    }

    @Test
    void anUndisclosedIntervalFallsBackToCompactDelete() {
        RetentionPlan plan = RetentionPlan.forInterval(OptionalLong.empty());
        assertThat(plan.cleanupPolicy()).isEqualTo("compact,delete");
        assertThat(plan.reason()).contains("does not disclose");
    }
}
