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
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Enriching events with reference data is the commonest stateful Streams pattern: a KStream-KTable
 * join, where the table is a compacted-style topic materialised in a store with its changelog on the
 * target. The output is defined when the table is loaded before the events that look it up, so the
 * check loads the table, waits until the application committed its position at the table's end, then
 * sends events; then updates and deletes table entries (a tombstone), waits again, and sends more.
 *
 * <p>The other joins follow the same rule: where the output depends on which input was processed first
 * (table-table and foreign-key joins), the check feeds the application in phases, each of one input
 * topic, and waits after each until the application has committed its position at the end of every input
 * and the output the reference computed for that phase has arrived; where it does not (a windowed inner
 * join of two streams emits each matching pair once, whatever the order), it feeds everything at once and
 * compares the pairs per key as sets.
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

    @Check(id = "streams.join.table-table",
            title = "A KTable-KTable left join outputs what TopologyTestDriver computes, through updates and"
                    + " tombstones of either table",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-129", "KIP-447"},
            hint = "If joined values are stale or missing, look at how the target serves the two table topics"
                    + " (later values of a key, tombstones, ordering within a partition) and at the application's"
                    + " committed offsets (OffsetFetch, TxnOffsetCommit).")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void tableTable(CheckContext ctx) {
        String names = ctx.createTopic("tt-names", PARTITIONS, Map.of());
        String tiers = ctx.createTopic("tt-tiers", PARTITIONS, Map.of());
        String output = ctx.createTopic("tt-joined", 1, Map.of());
        long epoch = Inputs.epoch();
        List<InputRecord> names1 = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            names1.add(new InputRecord(names, null, "c" + i, NAMES[i], epoch + i * 1000L));
        }
        List<List<InputRecord>> phases = List.of(
                names1,
                List.of(new InputRecord(tiers, null, "c0", "gold", epoch + 100_000L),
                        new InputRecord(tiers, null, "c1", "silver", epoch + 101_000L),
                        new InputRecord(tiers, null, "c2", "bronze", epoch + 102_000L),
                        new InputRecord(tiers, null, "c3", "gold", epoch + 103_000L),
                        new InputRecord(tiers, null, "c6", "silver", epoch + 104_000L)),
                List.of(new InputRecord(names, null, "c1", "bob-renamed", epoch + 200_000L),
                        new InputRecord(names, null, "c2", null, epoch + 201_000L),
                        new InputRecord(names, null, "c6", "gus", epoch + 202_000L)),
                List.of(new InputRecord(tiers, null, "c0", "platinum", epoch + 300_000L),
                        new InputRecord(tiers, null, "c3", null, epoch + 301_000L),
                        new InputRecord(tiers, null, "c4", "silver", epoch + 302_000L)));
        List<String> what = List.of("6 names", "5 tiers (c6 without a name)",
                "a rename (c1), a deleted name (c2), a new name (c6)",
                "a tier upgraded (c0), a deleted tier (c3), a new tier (c4)");
        List<List<OutputRecord>> reference = Reference.runPhases(Topologies.namesWithTiers(names, tiers, output), phases,
                output, ctx.tempDir());

        StreamsApp app = StreamsApp.settings(ctx)
                // the check orders the two tables itself, phase by phase (see the class comment)
                .override(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED)
                .start(Topologies.namesWithTiers(names, tiers, output));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);
        compareInPhases(ctx, app, output, List.of(names, tiers), phases, what, reference);
    }

    @Check(id = "streams.join.foreign-key",
            title = "A KTable-KTable foreign-key join outputs what TopologyTestDriver computes, through changes of the"
                    + " foreign key, of the referenced rows and deletions, by way of its subscription topics",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-213", "KIP-447"},
            hint = "A foreign-key join sends subscriptions from the left table's tasks to the right table's through"
                    + " an internal topic and responses back through another: look at how the target creates and"
                    + " serves those topics (-subscription-registration-topic, -subscription-response-topic), at"
                    + " later values and tombstones of the tables, and at transactions spanning them.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void foreignKey(CheckContext ctx) {
        String orders = ctx.createTopic("fk-orders", PARTITIONS, Map.of());
        // another partition count than the orders: the subscriptions must be repartitioned by customer
        String customers = ctx.createTopic("fk-customers", PARTITIONS + 1, Map.of());
        String output = ctx.createTopic("fk-joined", 1, Map.of());
        long epoch = Inputs.epoch();
        List<InputRecord> customers1 = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            customers1.add(new InputRecord(customers, null, "c" + i, NAMES[i], epoch + i * 1000L));
        }
        List<InputRecord> orders1 = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            orders1.add(new InputRecord(orders, null, "o" + i, "c" + (i % 6) + ":" + (10 + i), epoch + 100_000L + i * 1000L));
        }
        List<List<InputRecord>> phases = List.of(
                customers1,
                orders1,
                List.of(new InputRecord(customers, null, "c1", "bob-renamed", epoch + 200_000L),
                        new InputRecord(customers, null, "c2", null, epoch + 201_000L),
                        new InputRecord(customers, null, "c5", "flo", epoch + 202_000L)),
                List.of(new InputRecord(orders, null, "o0", "c3:10", epoch + 300_000L),
                        new InputRecord(orders, null, "o3", null, epoch + 301_000L),
                        new InputRecord(orders, null, "o4", "c4:99", epoch + 302_000L),
                        new InputRecord(orders, null, "o10", "c4:20", epoch + 303_000L)));
        List<String> what = List.of("5 customers", "10 orders (two of unknown customer c5)",
                "a renamed (c1), a deleted (c2) and a new customer (c5)",
                "an order moved to another customer (o0), a deleted order (o3), a new amount (o4), a new order (o10)");
        List<List<OutputRecord>> reference = Reference.runPhases(Topologies.ordersWithCustomers(orders, customers, output),
                phases, output, ctx.tempDir());

        StreamsApp app = StreamsApp.settings(ctx)
                .override(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED)
                .start(Topologies.ordersWithCustomers(orders, customers, output));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);
        List<String> subscriptionTopics = TargetIo.await(ctx.admin().listTopics().names(), "listing topics").stream()
                .filter(name -> name.startsWith(app.applicationId()) && name.contains("subscription")).sorted().toList();
        ctx.evidence("the foreign-key join's internal topics on the target: %s", subscriptionTopics);
        compareInPhases(ctx, app, output, List.of(orders, customers), phases, what, reference);
    }

    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration WINDOW_GRACE = Duration.ofMinutes(1);
    private static final int VIEWS = 12;
    private static final int USERS = 4;

    @Check(id = "streams.join.stream-stream",
            title = "A windowed KStream-KStream inner join (JoinWindows) outputs the pairs TopologyTestDriver computes:"
                    + " every view and click of a user at most 5 s apart, once, stamped with the later event time",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-633", "KIP-32", "KIP-447"},
            hint = "Which records join depends on their event times: look at whether the target keeps the producer's"
                    + " CreateTime timestamps and returns values unchanged and in order within a partition; duplicate"
                    + " pairs point at the join's window-store changelogs or read_committed fetch of the output.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void streamStream(CheckContext ctx) {
        String views = ctx.createTopic("views", PARTITIONS, Map.of());
        String clicks = ctx.createTopic("clicks", PARTITIONS, Map.of());
        String output = ctx.createTopic("view-clicks", 1, Map.of());
        long epoch = Inputs.epoch();
        List<InputRecord> input = new ArrayList<>();
        for (int i = 0; i < VIEWS; i++) {
            // a user's views are 8 s apart; a click comes 1, 3.5 or 6 s after a view of its user, so 7, 4.5 or 2 s
            // before the user's next view: some pairs are within 5 s, others not
            input.add(new InputRecord(views, null, "u" + (i % USERS), "v" + i, epoch + i * 2000L));
            input.add(new InputRecord(clicks, null, "u" + (i % USERS), "k" + i, epoch + i * 2000L + 1000L + (i % 3) * 2500L));
        }
        List<OutputRecord> reference = Reference.run(Topologies.viewsWithClicks(views, clicks, output, WINDOW,
                WINDOW_GRACE), input, output, ctx.tempDir());
        Map<String, List<String>> expected = pairsByUser(reference);

        StreamsApp app = StreamsApp.settings(ctx)
                .start(Topologies.viewsWithClicks(views, clicks, output, WINDOW, WINDOW_GRACE));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);
        TargetIo.produce(ctx, input);
        List<OutputRecord> received = new OutputReader(ctx, output, true)
                .readAtLeast(reference.size(), app, TargetContext.DEFAULT_WAIT);
        Map<String, List<String>> actual = pairsByUser(received);
        ctx.evidence("produced %d views and %d clicks of %d users over %d s (join window %d s either way, grace %d s)",
                VIEWS, VIEWS, USERS, VIEWS * 2, WINDOW.toSeconds(), WINDOW_GRACE.toSeconds());
        ctx.evidence("reference: %d pairs (view+click@timestamp) %s", reference.size(), expected);
        ctx.evidence("target, read_committed: %d pairs %s", received.size(), actual);
        assertThat(actual).as("joined pairs per user against the reference: %s",
                Outputs.firstDifference(expected, actual)).isEqualTo(expected);
    }

    /** The pairs of each user as {@code view+click@timestamp}, sorted: the join defines the set, not the order. */
    private static Map<String, List<String>> pairsByUser(List<OutputRecord> records) {
        Map<String, List<String>> byUser = new TreeMap<>();
        for (OutputRecord record : records) {
            byUser.computeIfAbsent(String.valueOf(record.key()), k -> new ArrayList<>())
                    .add(record.value() + "@" + record.timestamp());
        }
        byUser.values().forEach(pairs -> pairs.sort(null));
        return byUser;
    }

    /**
     * Feeds the application phase by phase; after each, waits for the output the reference computed for
     * it and for the application's committed position at the end of every input topic, so that the next
     * phase is processed after it, as the reference processed it. Then compares the whole output per key.
     */
    private static void compareInPhases(CheckContext ctx, StreamsApp app, String output, List<String> inputs,
                                        List<List<InputRecord>> phases, List<String> what,
                                        List<List<OutputRecord>> reference) {
        OutputReader reader = new OutputReader(ctx, output, true);
        int expectedCount = 0;
        List<OutputRecord> received = List.of();
        for (int phase = 0; phase < phases.size(); phase++) {
            TargetIo.produce(ctx, phases.get(phase));
            expectedCount += reference.get(phase).size();
            received = reader.readUntil(expectedCount, app, TargetContext.DEFAULT_WAIT);
            Map<TopicPartition, Long> ends = TargetIo.endOffsetsOfNonEmpty(ctx, inputs);
            Map<TopicPartition, Long> committed = TargetIo.awaitCommitted(ctx, app, app.applicationId(), ends,
                    TargetContext.DEFAULT_WAIT);
            ctx.evidence("phase %d, %s: reference output %s; %d records read_committed so far; input end offsets %s,"
                    + " committed by the application %s", phase + 1, what.get(phase), reference.get(phase),
                    received.size(), ends, committed);
            assertThat(committed).as("the application's committed offsets on its inputs after phase %d (it must"
                    + " consume them and commit its position)", phase + 1).isEqualTo(ends);
        }
        received = reader.readAtLeast(expectedCount, app, TargetContext.DEFAULT_WAIT);
        Map<String, List<String>> expected = Outputs.valuesByKey(reference.stream().flatMap(List::stream).toList());
        Map<String, List<String>> actual = Outputs.valuesByKey(received);
        ctx.evidence("reference: %s", expected);
        ctx.evidence("target, read_committed: %s", actual);
        assertThat(actual).as("joined values per key, in the order emitted, against the reference: %s",
                Outputs.firstDifference(expected, actual)).isEqualTo(expected);
    }
}
