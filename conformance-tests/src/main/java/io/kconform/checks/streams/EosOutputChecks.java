package io.kconform.checks.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The everyday shape of a Streams application under exactly-once: re-key, aggregate, emit. It goes
 * through the target three times (the repartition topic, the changelog, the output), all inside the
 * application's transactions (KIP-447). What a downstream {@code read_committed} consumer sees must be
 * exactly what Kafka Streams' semantics produce from the input — every total once, none missing, none
 * doubled — and the application's input offsets must be committed with those transactions, or a
 * restart would process the input again.
 */
class EosOutputChecks {

    private static final int PARTITIONS = 3;
    private static final int CUSTOMERS = 6;
    private static final int ORDERS = 60;

    @Check(id = "streams.eos-v2.output-matches-reference",
            title = "A Kafka Streams application with a repartition and an aggregation under exactly_once_v2"
                    + " outputs, read_committed, exactly the updates TopologyTestDriver computes, and commits its"
                    + " input offsets",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-129", "KIP-447", "KIP-732", "KIP-98"},
            hint = "If totals are missing or doubled, look at transactional produce to several partitions"
                    + " (AddPartitionsToTxn, EndTxn markers) and at read_committed fetch (last stable offset,"
                    + " aborted transactions); if the output is right but the offsets are not, look at"
                    + " TxnOffsetCommit / AddOffsetsToTxn and at OffsetFetch with require_stable.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void outputMatchesReference(CheckContext ctx) {
        String orders = ctx.createTopic("orders", PARTITIONS, Map.of());
        String output = ctx.createTopic("totals", 1, Map.of());
        List<InputRecord> input = Inputs.orders(orders, PARTITIONS, CUSTOMERS, 0, ORDERS, Inputs.epoch());
        List<OutputRecord> reference = Reference.run(Topologies.totalsPerCustomer(orders, output, CrashOnce.never()),
                input, output, ctx.tempDir());
        Map<String, List<String>> expected = Outputs.valuesByKey(reference);

        StreamsApp app = StreamsApp.settings(ctx)
                .start(Topologies.totalsPerCustomer(orders, output, CrashOnce.never()));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);
        TargetIo.produce(ctx, input);
        ctx.evidence("application %s RUNNING (exactly_once_v2); produced %d orders of %d customers to %d partitions",
                app.applicationId(), input.size(), CUSTOMERS, PARTITIONS);

        List<OutputRecord> received = new OutputReader(ctx, output, true)
                .readAtLeast(reference.size(), app, TargetContext.DEFAULT_WAIT);
        Map<String, List<String>> actual = Outputs.valuesByKey(received);
        ctx.evidence("reference (TopologyTestDriver): %d updates, final totals %s", reference.size(), finals(expected));
        ctx.evidence("target, read_committed: %d updates, final totals %s", received.size(), finals(actual));
        assertThat(actual).as("the sequence of totals per customer, read_committed, against the reference: %s",
                Outputs.firstDifference(expected, actual)).isEqualTo(expected);

        Map<TopicPartition, Long> ends = TargetIo.endOffsetsOfNonEmpty(ctx, List.of(orders));
        Map<TopicPartition, Long> committed = TargetIo.awaitCommitted(ctx, app, app.applicationId(), ends,
                TargetContext.DEFAULT_WAIT);
        ctx.evidence("input end offsets %s; offsets committed by the application %s", ends, committed);
        assertThat(committed).as("the application's committed input offsets (committed in its transactions)"
                + " against the input's end offsets").isEqualTo(ends);
    }

    /** The last value of each key, for the evidence. */
    static Map<String, String> finals(Map<String, List<String>> byKey) {
        Map<String, String> last = new java.util.TreeMap<>();
        byKey.forEach((key, values) -> last.put(key, values.get(values.size() - 1)));
        return last;
    }
}
