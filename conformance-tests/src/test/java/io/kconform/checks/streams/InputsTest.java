package io.kconform.checks.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event times of the battery's input must be recent enough that a target's time-based retention
 * (by record timestamp, seven days by default) keeps them while a check runs, yet clearly in the past.
 */
class InputsTest {

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void theOriginIsTheStartOfThePreviousHour() {
        assertThat(Inputs.epoch(at("2026-11-26T04:57:50.080Z"))).isEqualTo(Instant.parse("2026-11-26T03:00:00Z").toEpochMilli());
        assertThat(Inputs.epoch(at("2026-11-26T05:00:00Z"))).isEqualTo(Instant.parse("2026-11-26T04:00:00Z").toEpochMilli());
        assertThat(Inputs.epoch(at("2026-01-01T00:30:00Z"))).isEqualTo(Instant.parse("2025-12-31T23:00:00Z").toEpochMilli());
    }

    @Test
    void theOriginIsBetweenOneAndTwoHoursAgoAndAlignedToWindows() {
        long now = System.currentTimeMillis();
        long epoch = Inputs.epoch();
        assertThat(now - epoch).isBetween(Duration.ofHours(1).toMillis(), Duration.ofHours(2).toMillis());
        assertThat(epoch % Duration.ofHours(1).toMillis()).as("aligned to windows of up to an hour").isZero();
    }

    @Test
    void everyOrderIsInThePastAndFarFromAWeekOfRetention() {
        Clock clock = at("2026-11-26T04:00:00.001Z");
        long epoch = Inputs.epoch(clock);
        List<InputRecord> orders = Inputs.orders("orders", 3, 6, 0, 90, epoch);
        long now = clock.millis();
        assertThat(orders).allSatisfy(order -> assertThat(now - order.timestamp())
                .as("age of %s", order)
                .isGreaterThan(Duration.ofMinutes(50).toMillis())
                .isLessThan(Duration.ofDays(1).toMillis()));
        assertThat(orders.get(0).timestamp()).isEqualTo(epoch);
        assertThat(orders.get(89).timestamp()).isEqualTo(epoch + 89_000L);
    }
}
