package io.kconform.checks.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference is only as good as the topologies and inputs fed to it: these tests pin what the
 * battery's Javadoc promises of them, computed independently of Kafka Streams where possible.
 */
class ReferenceTest {

    /** 09:00 UTC, the origin a check starting at 10:17 gets. */
    private static final long EPOCH = Inputs.epoch(Clock.fixed(Instant.parse("2026-01-01T10:17:42Z"), ZoneOffset.UTC));

    @TempDir
    Path stateDir;

    @Test
    void everyOrderOfACustomerGoesToOnePartition() {
        Map<String, Integer> partitionOf = new HashMap<>();
        for (InputRecord order : Inputs.orders("orders", 3, 6, 0, 90, EPOCH)) {
            String customer = Topologies.customerOf(order.value());
            assertThat(partitionOf.computeIfAbsent(customer, c -> order.partition()))
                    .as("partition of %s", customer).isEqualTo(order.partition());
        }
        assertThat(partitionOf).hasSize(6);
    }

    @Test
    void totalsAreRunningSumsPerCustomer() {
        List<InputRecord> orders = Inputs.orders("orders", 3, 6, 0, 60, EPOCH);
        List<OutputRecord> reference = Reference.run(Topologies.totalsPerCustomer("orders", "out", CrashOnce.never()),
                orders, "out", stateDir);

        Map<String, Long> running = new HashMap<>();
        List<OutputRecord> expected = new ArrayList<>();
        for (InputRecord order : orders) {
            String customer = Topologies.customerOf(order.value());
            long total = running.merge(customer, Topologies.amountOf(order.value()), Long::sum);
            expected.add(new OutputRecord(customer, String.valueOf(total), order.timestamp()));
        }
        assertThat(Outputs.valuesByKey(reference)).isEqualTo(Outputs.valuesByKey(expected));
    }

    @Test
    void aLateReadingIsDroppedAndOutOfOrderOnesAreCounted() {
        List<InputRecord> readings = new ArrayList<>();
        long[][] events = {{1, 'a'}, {12, 'a'}, {8, 'a'}, {33, 'a'}, {5, 'a'}};
        for (long[] event : events) {
            readings.add(new InputRecord("readings", 0, "sensor-" + (char) event[1], "r", EPOCH + 1000 * event[0]));
        }
        List<OutputRecord> reference = Reference.run(Topologies.windowedCounts("readings", "out", Duration.ofSeconds(10),
                Duration.ofSeconds(5)), readings, "out", stateDir);
        assertThat(reference).containsExactly(
                new OutputRecord("sensor-a@" + EPOCH, "1", EPOCH + 1000),
                new OutputRecord("sensor-a@" + (EPOCH + 10_000), "1", EPOCH + 12_000),
                new OutputRecord("sensor-a@" + EPOCH, "2", EPOCH + 8000),
                new OutputRecord("sensor-a@" + (EPOCH + 30_000), "1", EPOCH + 33_000));
    }

    @Test
    void ordersAreJoinedWithTheCustomerKnownWhenTheyArrive() {
        List<InputRecord> input = List.of(
                new InputRecord("customers", null, "c1", "bob", EPOCH),
                new InputRecord("orders", null, "c1", "10", EPOCH + 1000),
                new InputRecord("orders", null, "c2", "11", EPOCH + 2000),
                new InputRecord("customers", null, "c1", null, EPOCH + 3000),
                new InputRecord("orders", null, "c1", "12", EPOCH + 4000));
        List<OutputRecord> reference = Reference.run(Topologies.enrichedOrders("orders", "customers", "out"), input,
                "out", stateDir);
        assertThat(Outputs.valuesByKey(reference)).isEqualTo(Map.of(
                "c1", List.of("10|bob", "12|unknown"),
                "c2", List.of("11|unknown")));
    }

    @Test
    void suppressionEmitsOneFinalPerWindowOnceStreamTimePassedItsClose() {
        List<InputRecord> readings = new ArrayList<>();
        long[][] events = {{1, 'a'}, {4, 'a'}, {12, 'a'}, {8, 'a'}, {14, 'b'}, {33, 'a'}, {5, 'a'}};
        for (int i = 0; i < events.length; i++) {
            readings.add(new InputRecord("readings", 0, "sensor-" + (char) events[i][1], "r" + i,
                    EPOCH + 1000 * events[i][0]));
        }
        List<List<OutputRecord>> phases = Reference.runPhases(Topologies.windowedFinals("readings", "out",
                Duration.ofSeconds(10), Duration.ofSeconds(5)), List.of(readings.subList(0, 5), readings.subList(5, 7)),
                "out", stateDir);
        // stream time 14 s: window [0,10) closes at 15 s, so nothing yet
        assertThat(phases.get(0)).isEmpty();
        // stream time 33 s closes [0,10) and [10,20) of both sensors; the reading at 5 s is late and dropped
        assertThat(phases.get(1)).containsExactly(
                new OutputRecord("sensor-a@" + EPOCH, "r0,r1,r3", EPOCH + 8000),
                new OutputRecord("sensor-a@" + (EPOCH + 10_000), "r2", EPOCH + 12_000),
                new OutputRecord("sensor-b@" + (EPOCH + 10_000), "r4", EPOCH + 14_000));
    }

    @Test
    void aStreamStreamJoinPairsRecordsWithinTheWindowOnly() {
        List<InputRecord> input = List.of(
                new InputRecord("views", null, "u1", "v1", EPOCH),
                new InputRecord("clicks", null, "u1", "k1", EPOCH + 4000),
                new InputRecord("clicks", null, "u1", "k2", EPOCH + 6000),
                new InputRecord("views", null, "u2", "v2", EPOCH + 7000));
        List<OutputRecord> reference = Reference.run(Topologies.viewsWithClicks("views", "clicks", "out",
                Duration.ofSeconds(5), Duration.ofMinutes(1)), input, "out", stateDir);
        assertThat(reference).containsExactly(new OutputRecord("u1", "v1+k1", EPOCH + 4000));
    }
}
