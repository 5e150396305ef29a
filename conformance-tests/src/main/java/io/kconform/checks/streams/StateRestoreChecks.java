package io.kconform.checks.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * A Kafka Streams instance keeps its state in local stores, but the target's changelog topics are the
 * state's system of record: when an instance moves to a machine with an empty disk (a rescheduled pod,
 * a replaced VM), it rebuilds every store by reading its changelog from the beginning. A target that
 * loses, trims or cannot replay changelog records makes the application silently start again from
 * zero.
 *
 * <p>The check runs the application in three phases; between them it stops the instance, wipes its
 * state directory and starts a new one, which must restore the totals from the changelog (twice, so the
 * changelog is read again after it was read once) and continue them when new orders arrive. One
 * customer is updated in the first and the last phase only: its latest total lies deep in the
 * changelog, behind records already read by the first restore, as a rarely updated key's does.
 */
class StateRestoreChecks {

    private static final int PARTITIONS = 3;
    private static final int CUSTOMERS = 6;
    private static final int PER_PHASE = 30;
    private static final int PHASES = 3;
    private static final String DORMANT = "c9";
    private static final int DORMANT_PARTITION = 0;

    @Check(id = "streams.state.restored-after-restart",
            title = "After a restart with a wiped state directory, Kafka Streams restores its aggregates from the"
                    + " changelog topic and continues them: the output equals the reference over the whole input",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-129", "KIP-447", "KAFKA-3705"},
            hint = "If totals restart from zero after a restart, the changelog was not replayed in full: look at"
                    + " fetching a compacted topic from offset 0 (log start offset, ListOffsets earliest), at"
                    + " read_committed fetch of transactional changelog data, and at retention or compaction"
                    + " removing latest values.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void restoredAfterRestart(CheckContext ctx) {
        String orders = ctx.createTopic("orders", PARTITIONS, Map.of());
        String output = ctx.createTopic("totals", 1, Map.of());
        long epoch = Inputs.epoch();
        List<List<InputRecord>> phases = new ArrayList<>();
        for (int phase = 0; phase < PHASES; phase++) {
            phases.add(new ArrayList<>(Inputs.orders(orders, PARTITIONS, CUSTOMERS, phase * PER_PHASE, PER_PHASE,
                    epoch)));
        }
        // a customer with orders in the first and last phase only: its total was last written to the
        // changelog in phase 1, so the second restore must read the changelog from its very start
        long dormantTime = epoch + PHASES * PER_PHASE * 1000L;
        phases.get(0).add(new InputRecord(orders, DORMANT_PARTITION, "order-d1", DORMANT + ":70", dormantTime));
        phases.get(0).add(new InputRecord(orders, DORMANT_PARTITION, "order-d2", DORMANT + ":5", dormantTime + 1000));
        phases.get(PHASES - 1).add(new InputRecord(orders, DORMANT_PARTITION, "order-d3", DORMANT + ":25",
                dormantTime + 2000));
        List<InputRecord> input = phases.stream().flatMap(List::stream).toList();
        List<OutputRecord> reference = Reference.run(topology(orders, output), input, output, ctx.tempDir());
        Map<String, List<String>> expected = Outputs.valuesByKey(reference);

        StreamsApp.Settings settings = StreamsApp.settings(ctx);
        OutputReader reader = new OutputReader(ctx, output, true);
        StreamsApp app = settings.start(topology(orders, output));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);
        List<OutputRecord> received = List.of();
        int produced = 0;
        for (int phase = 0; phase < PHASES; phase++) {
            if (phase > 0) {
                // end offsets only: reading the changelog here would make the restore not the first to read it
                Map<TopicPartition, Long> changelog = TargetIo.endOffsets(ctx,
                        List.of(Topologies.changelogTopic(app.applicationId(), Topologies.TOTALS)));
                ctx.evidence("before restart %d: changelog end offsets (records and transaction markers) %s",
                        phase, changelog.values());
                List<String> wiped = app.closeAndWipeState();
                app = settings.start(topology(orders, output));
                app.awaitRunning(TargetContext.DEFAULT_WAIT);
                ctx.evidence("restart %d: stopped the instance, wiped its state directory %s; the new instance"
                        + " is RUNNING after restoring the changelog ranges %s", phase, wiped, app.restores());
            }
            TargetIo.produce(ctx, phases.get(phase));
            produced += phases.get(phase).size();
            // without a record cache, every order yields exactly one new total
            received = reader.readAtLeast(produced, app, TargetContext.DEFAULT_WAIT);
            ctx.evidence("phase %d: produced %d orders; %d totals read_committed so far, latest %s", phase + 1,
                    phases.get(phase).size(), received.size(), EosOutputChecks.finals(Outputs.valuesByKey(received)));
        }

        Map<String, List<String>> actual = Outputs.valuesByKey(received);
        ctx.evidence("reference (TopologyTestDriver, no restart): %d totals, final %s", reference.size(),
                EosOutputChecks.finals(expected));
        assertThat(actual).as("the sequence of totals per customer across two restarts with wiped state, against"
                + " the reference: %s", Outputs.firstDifference(expected, actual)).isEqualTo(expected);
    }

    private static Topology topology(String orders, String output) {
        return Topologies.totalsPerCustomer(orders, output, CrashOnce.never());
    }
}
