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
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Enriching events with reference data is the commonest stateful Streams pattern: a KStream-KTable
 * join, where the table is a compacted-style topic materialised in a store with its changelog on the
 * target. The output is defined when the table is loaded before the events that look it up, so the
 * check loads the table, waits until the application committed its position at the table's end, then
 * sends events; then updates and deletes table entries (a tombstone), waits again, and sends more.
 */
class JoinChecks {

    private static final int PARTITIONS = 2;
    private static final String[] NAMES = {"ada", "bob", "cy", "di", "ed", "flo"};
    private static final int ORDERS_PER_BATCH = 16;
    private static final int KNOWN_AND_UNKNOWN = 8;

    @Check(id = "streams.join.stream-table",
            title = "A KStream-KTable left join outputs what TopologyTestDriver computes, before and after table"
                    + " updates and a tombstone",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-129", "KIP-447"},
            hint = "If orders are joined with missing or stale customers, look at how the target serves the"
                    + " table topic (tombstones, ordering within a partition) and at the application's committed"
                    + " offsets on it (OffsetFetch, TxnOffsetCommit).")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void streamTable(CheckContext ctx) {
        String customers = ctx.createTopic("customers", PARTITIONS, Map.of());
        String orders = ctx.createTopic("orders", PARTITIONS, Map.of());
        String output = ctx.createTopic("enriched", 1, Map.of());

        long epoch = Inputs.epoch();
        List<InputRecord> table1 = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            table1.add(new InputRecord(customers, null, "c" + i, NAMES[i], epoch + i * 1000L));
        }
        List<InputRecord> orders1 = orders(orders, 0, epoch + 100_000L);
        List<InputRecord> table2 = List.of(
                new InputRecord(customers, null, "c1", "bob-renamed", epoch + 200_000L),
                new InputRecord(customers, null, "c3", "di-renamed", epoch + 201_000L),
                new InputRecord(customers, null, "c5", null, epoch + 202_000L),
                new InputRecord(customers, null, "c6", "gus", epoch + 203_000L));
        List<InputRecord> orders2 = orders(orders, ORDERS_PER_BATCH, epoch + 300_000L);

        List<InputRecord> all = new ArrayList<>(table1);
        all.addAll(orders1);
        all.addAll(table2);
        all.addAll(orders2);
        List<OutputRecord> reference = Reference.run(Topologies.enrichedOrders(orders, customers, output), all, output,
                ctx.tempDir());
        Map<String, List<String>> expected = Outputs.valuesByKey(reference);

        StreamsApp app = StreamsApp.settings(ctx)
                // the check itself orders table before orders (it waits for the table's committed position);
                // Streams' own timestamp synchronisation would make a task idle until it learnt the empty
                // orders partition's lag, which a consumer in an incremental fetch session may never learn
                // for a partition without data: on a loaded machine that stalled the table's loading
                .override(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED)
                .start(Topologies.enrichedOrders(orders, customers, output));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);
        OutputReader reader = new OutputReader(ctx, output, true);

        loadTable(ctx, app, customers, table1, "initial customers");
        TargetIo.produce(ctx, orders1);
        List<OutputRecord> received = reader.readAtLeast(orders1.size(), app, TargetContext.DEFAULT_WAIT);
        ctx.evidence("first %d orders: %d enriched orders read_committed", orders1.size(), received.size());

        loadTable(ctx, app, customers, table2, "2 renames, 1 tombstone (c5), 1 new customer (c6)");
        TargetIo.produce(ctx, orders2);
        received = reader.readAtLeast(orders1.size() + orders2.size(), app, TargetContext.DEFAULT_WAIT);
        Map<String, List<String>> actual = Outputs.valuesByKey(received);
        ctx.evidence("reference: %s", expected);
        ctx.evidence("target, read_committed: %s", actual);
        assertThat(actual).as("enriched orders per customer against the reference: %s",
                Outputs.firstDifference(expected, actual)).isEqualTo(expected);
    }

    /** Orders {@code c0..c7 -> amount}, c6 and c7 not (yet) customers. */
    private static List<InputRecord> orders(String topic, int from, long firstTimestamp) {
        List<InputRecord> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS_PER_BATCH; i++) {
            int n = from + i;
            orders.add(new InputRecord(topic, null, "c" + (n % KNOWN_AND_UNKNOWN), String.valueOf(10 + n),
                    firstTimestamp + i * 1000L));
        }
        return orders;
    }

    /**
     * Produces table records and waits until the application has committed its position at the end of
     * the table topic: only then is the table known to be in its store, before any order looks it up.
     */
    private static void loadTable(CheckContext ctx, StreamsApp app, String customers, List<InputRecord> records,
                                  String what) {
        TargetIo.produce(ctx, records);
        Map<TopicPartition, Long> ends = TargetIo.endOffsetsOfNonEmpty(ctx, List.of(customers));
        Map<TopicPartition, Long> committed = TargetIo.awaitCommitted(ctx, app, app.applicationId(), ends,
                TargetContext.DEFAULT_WAIT);
        ctx.evidence("table: %s; end offsets %s, committed by the application %s", what, ends, committed);
        assertThat(committed).as("the application's committed offsets on the table topic after loading it"
                + " (it must consume the table and commit its position)").isEqualTo(ends);
    }
}
