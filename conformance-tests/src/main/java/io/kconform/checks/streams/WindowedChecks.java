package io.kconform.checks.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Kafka Streams windows by event time: the timestamp the producer put in each record (KIP-32), kept by
 * the target and returned on fetch. If the target stamps records with its own clock, or shifts or
 * drops timestamps, every windowed aggregation puts records into the wrong windows, and late records
 * are no longer recognised as late.
 *
 * <p>The input is one partition, so one task processes it in offset order and the whole output
 * sequence — keys, counts and timestamps — is defined and compared record by record. It has
 * out-of-order records within the grace period (counted) and one after it (dropped).
 *
 * <p>With {@code suppress(untilWindowCloses)} a window's result is emitted once, when stream time (the
 * highest event time seen) has passed the window's end plus its grace period; the input's last reading,
 * well after the others, moves stream time past every other window's close. Every window then has exactly
 * one final result, the one TopologyTestDriver computes. The suppression buffer lives in a store with a
 * changelog on the target, written in the application's transactions.
 */
class WindowedChecks {

    private static final Duration SIZE = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(5);

    /** Key and event time in seconds after {@link Inputs#epoch()}, in the order they are produced. */
    private static final Object[][] READINGS = {
        {"sensor-a", 1}, {"sensor-b", 2}, {"sensor-a", 4}, {"sensor-c", 7}, {"sensor-a", 9},
        {"sensor-b", 11}, {"sensor-a", 12}, {"sensor-c", 13},
        {"sensor-a", 8},    // out of order; window [0,10) is open until stream time 15: counted
        {"sensor-b", 18}, {"sensor-c", 19}, {"sensor-a", 21},
        {"sensor-b", 16},   // out of order; window [10,20) is open until stream time 25: counted
        {"sensor-c", 27}, {"sensor-a", 33},
        {"sensor-b", 5},    // late: window [0,10) closed at stream time 15, now 33: dropped
        {"sensor-c", 36}, {"sensor-a", 38}, {"sensor-b", 39}, {"sensor-a", 44},
    };

    @Check(id = "streams.windowed.event-time-windows",
            title = "Tumbling-window counts by event time, with out-of-order and late records, equal"
                    + " TopologyTestDriver's: the target keeps the producer's record timestamps",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-32", "KIP-33", "KIP-633"},
            hint = "If windows or counts differ, look at whether the target keeps CreateTime timestamps as"
                    + " produced (message.timestamp.type, log.message.timestamp.type=LogAppendTime rewrites them)"
                    + " and returns them unchanged on fetch, including in the changelog and output topics.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void eventTimeWindows(CheckContext ctx) {
        String readings = ctx.createTopic("readings", 1, Map.of());
        String output = ctx.createTopic("counts", 1, Map.of());
        long epoch = Inputs.epoch();
        List<InputRecord> input = new ArrayList<>();
        for (Object[] reading : READINGS) {
            input.add(new InputRecord(readings, 0, (String) reading[0], "reading",
                    epoch + 1000L * (Integer) reading[1]));
        }
        List<OutputRecord> expected = Reference.run(Topologies.windowedCounts(readings, output, SIZE, GRACE), input,
                output, ctx.tempDir());

        StreamsApp app = StreamsApp.settings(ctx).start(Topologies.windowedCounts(readings, output, SIZE, GRACE));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);
        TargetIo.produce(ctx, input);
        List<OutputRecord> actual = new OutputReader(ctx, output, true)
                .readAtLeast(expected.size(), app, TargetContext.DEFAULT_WAIT);
        ctx.evidence("produced %d readings with event times from %d (windows of %d s, grace %d s)", input.size(),
                epoch, SIZE.toSeconds(), GRACE.toSeconds());
        ctx.evidence("reference: %d window updates (one late reading dropped), last %s", expected.size(),
                expected.isEmpty() ? "-" : expected.get(expected.size() - 1));
        ctx.evidence("target, read_committed: %d window updates: %s", actual.size(), actual);
        assertThat(actual).as("window updates (key@windowStart=count@timestamp) against the reference: %s",
                Outputs.firstDifference(expected, actual)).isEqualTo(expected);
    }

    /** The last reading's event time: it moves stream time past the close of every window before it. */
    private static final int CLOSING_SECONDS = 60;

    @Check(id = "streams.windowed.suppress-until-window-closes",
            title = "A windowed aggregation with grace and suppress(untilWindowCloses) emits exactly one final result"
                    + " per window once stream time passed its end and grace, equal to TopologyTestDriver's",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-328", "KIP-32", "KIP-633", "KIP-447"},
            hint = "If finals are missing, early or hold other readings, look at whether the target keeps the"
                    + " producer's CreateTime timestamps (stream time is made of them) and the order of records within"
                    + " a partition; if a window has two results, look at the suppression buffer's changelog and at"
                    + " read_committed fetch of the output (aborted transactions).")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void suppressUntilWindowCloses(CheckContext ctx) {
        String readings = ctx.createTopic("readings", 1, Map.of());
        String output = ctx.createTopic("finals", 1, Map.of());
        long epoch = Inputs.epoch();
        List<InputRecord> input = new ArrayList<>();
        for (int i = 0; i < READINGS.length; i++) {
            input.add(new InputRecord(readings, 0, (String) READINGS[i][0], "r" + (i + 1),
                    epoch + 1000L * (Integer) READINGS[i][1]));
        }
        input.add(new InputRecord(readings, 0, "sensor-z", "r-closing", epoch + 1000L * CLOSING_SECONDS));
        List<OutputRecord> expected = Reference.run(Topologies.windowedFinals(readings, output, SIZE, GRACE), input,
                output, ctx.tempDir());

        StreamsApp app = StreamsApp.settings(ctx).start(Topologies.windowedFinals(readings, output, SIZE, GRACE));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);
        TargetIo.produce(ctx, input);
        // the finals are written in the transaction that commits the input offsets: once the application has
        // committed the end of the input, every final it will ever emit for this input is readable
        Map<TopicPartition, Long> ends = TargetIo.endOffsetsOfNonEmpty(ctx, List.of(readings));
        Map<TopicPartition, Long> committed = TargetIo.awaitCommitted(ctx, app, app.applicationId(), ends,
                TargetContext.DEFAULT_WAIT);
        List<OutputRecord> actual = new OutputReader(ctx, output, true).readToEnd(TargetContext.DEFAULT_WAIT);
        ctx.evidence("produced %d readings with event times from %d (windows of %d s, grace %d s), the last at +%d s"
                + " to close the others; input end offsets %s, committed by the application %s", input.size(), epoch,
                SIZE.toSeconds(), GRACE.toSeconds(), CLOSING_SECONDS, ends, committed);
        ctx.evidence("reference: %d finals (one late reading dropped, the closing reading's window still open): %s",
                expected.size(), expected);
        ctx.evidence("target, read_committed: %d finals: %s", actual.size(), actual);
        assertThat(actual.stream().map(OutputRecord::key).toList())
                .as("windows (key@windowStart) of the finals on the target: each must have exactly one")
                .doesNotHaveDuplicates();
        assertThat(actual).as("final window results (key@windowStart=readings@timestamp) against the reference: %s",
                Outputs.firstDifference(expected, actual)).isEqualTo(expected);
        assertThat(committed).as("the application's committed input offsets against the input's end offsets")
                .isEqualTo(ends);
    }
}
