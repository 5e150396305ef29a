package io.kconform.checks.streams;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.ForeachAction;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The topologies of the battery. Each is built afresh for the real application and for the reference,
 * and names its repartition topics and stores explicitly, so that their internal topics have stable
 * names a check can inspect ({@code <application.id>-by-customer-repartition},
 * {@code <application.id>-totals-changelog}).
 */
final class Topologies {

    /** The repartition of orders by customer: {@code <application.id>-by-customer-repartition}. */
    static final String BY_CUSTOMER = "by-customer";
    /** The store of totals per customer: {@code <application.id>-totals-changelog}. */
    static final String TOTALS = "totals";
    /** The store of counts per key and window. */
    static final String WINDOW_COUNTS = "window-counts";
    /** The store of the customers table. */
    static final String CUSTOMERS = "customers";
    /** The store of the values collected per key and window, before suppression. */
    static final String WINDOW_VALUES = "window-values";
    /** The suppression buffer of the windowed finals. */
    static final String FINALS = "finals";
    /** The stores of the two tables of the table-table join. */
    static final String NAMES = "names";
    static final String TIERS = "tiers";
    /** The stores of the foreign-key join's tables. */
    static final String FK_ORDERS = "fk-orders";
    static final String FK_CUSTOMERS = "fk-customers";
    /** The foreign-key join, which names its subscription topics. */
    static final String ORDER_CUSTOMER = "order-customer";
    /** The window stores of the stream-stream join. */
    static final String VIEW_CLICK = "view-click";

    private Topologies() {
    }

    /** The repartition topic's name for an application. */
    static String repartitionTopic(String applicationId) {
        return applicationId + "-" + BY_CUSTOMER + "-repartition";
    }

    /** The changelog topic's name of a store for an application. */
    static String changelogTopic(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /**
     * Orders ({@code order-n -> customer:amount}) re-keyed by customer (a repartition through the target)
     * and summed per customer (a state store with a changelog on the target); every new total goes to
     * {@code output}.
     *
     * @param crash a crash to inject before the repartition, or {@link CrashOnce#never()}
     */
    static Topology totalsPerCustomer(String orders, String output, CrashOnce crash) {
        return totalsPerCustomer(orders, output, crash::maybeCrash);
    }

    /**
     * {@link #totalsPerCustomer(String, String, CrashOnce)} with {@code beforeRepartition} called for every order
     * before the repartition, in the stream thread (to crash or stall it).
     */
    static Topology totalsPerCustomer(String orders, String output, ForeachAction<String, String> beforeRepartition) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(orders, Consumed.with(Serdes.String(), Serdes.String()).withName("orders"))
                .peek(beforeRepartition, Named.as("crash-point"))
                .groupBy((orderId, order) -> customerOf(order),
                        Grouped.with(BY_CUSTOMER, Serdes.String(), Serdes.String()))
                .aggregate(() -> 0L, (customer, order, total) -> total + amountOf(order), Named.as("sum"),
                        Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(TOTALS)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("totals-out"))
                .mapValues(String::valueOf, Named.as("format-total"))
                .to(output, Produced.with(Serdes.String(), Serdes.String()).withName("output"));
        return builder.build();
    }

    /**
     * Readings counted per key in tumbling event-time windows, with a grace period after which late
     * readings are dropped; every new count goes to {@code output} keyed {@code key@windowStart}.
     */
    static Topology windowedCounts(String readings, String output, Duration size, Duration grace) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(readings, Consumed.with(Serdes.String(), Serdes.String()).withName("readings"))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeAndGrace(size, grace))
                .count(Named.as("count"), Materialized.<String, Long, WindowStore<Bytes, byte[]>>as(WINDOW_COUNTS)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("counts-out"))
                .map((window, count) -> KeyValue.pair(window.key() + "@" + window.window().start(), String.valueOf(count)),
                        Named.as("format-window"))
                .to(output, Produced.with(Serdes.String(), Serdes.String()).withName("output"));
        return builder.build();
    }

    /**
     * Orders ({@code customer -> amount}) left-joined with the customers table ({@code customer -> name}):
     * every order goes to {@code output} as {@code amount|name}, or {@code amount|unknown} when the
     * table has no such customer at the time the order is processed.
     */
    static Topology enrichedOrders(String orders, String customers, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> table = builder.table(customers, Consumed.with(Serdes.String(), Serdes.String())
                .withName("customers"), Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(CUSTOMERS)
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        KStream<String, String> stream = builder.stream(orders, Consumed.with(Serdes.String(), Serdes.String())
                .withName("orders"));
        stream.leftJoin(table, (amount, name) -> amount + "|" + (name == null ? "unknown" : name))
                .to(output, Produced.with(Serdes.String(), Serdes.String()).withName("output"));
        return builder.build();
    }

    /**
     * Readings collected per key in tumbling event-time windows with a grace period, and only each
     * window's final value emitted, once the window has closed ({@code suppress(untilWindowCloses)}):
     * {@code key@windowStart -> v1,v2,...} in the order the readings were processed. The collected values
     * (not a count) make the result depend on which readings reached the window and in what order.
     */
    static Topology windowedFinals(String readings, String output, Duration size, Duration grace) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(readings, Consumed.with(Serdes.String(), Serdes.String()).withName("readings"))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeAndGrace(size, grace))
                .aggregate(() -> "", (key, value, collected) -> collected.isEmpty() ? value : collected + "," + value,
                        Named.as("collect"), Materialized.<String, String, WindowStore<Bytes, byte[]>>as(WINDOW_VALUES)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName(FINALS))
                .toStream(Named.as("finals-out"))
                .map((window, values) -> KeyValue.pair(window.key() + "@" + window.window().start(), values),
                        Named.as("format-final"))
                .to(output, Produced.with(Serdes.String(), Serdes.String()).withName("output"));
        return builder.build();
    }

    /**
     * Two tables of customers, names ({@code customer -> name}) and tiers ({@code customer -> tier}),
     * left-joined: every change of either side goes to {@code output} as {@code name|tier} ({@code none}
     * without a tier), a tombstone when the customer's name is deleted.
     */
    static Topology namesWithTiers(String names, String tiers, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> left = builder.table(names, Consumed.with(Serdes.String(), Serdes.String())
                .withName("names"), Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(NAMES)
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        KTable<String, String> right = builder.table(tiers, Consumed.with(Serdes.String(), Serdes.String())
                .withName("tiers"), Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(TIERS)
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        left.leftJoin(right, (name, tier) -> name + "|" + (tier == null ? "none" : tier), Named.as("name-tier"))
                .toStream(Named.as("joined-out"))
                .to(output, Produced.with(Serdes.String(), Serdes.String()).withName("output"));
        return builder.build();
    }

    /**
     * Views and clicks ({@code user -> id}) inner-joined in a sliding window of {@code difference} either
     * way, with a grace period: every view and click of one user at most {@code difference} apart goes to
     * {@code output} as {@code view+click}, once.
     */
    static Topology viewsWithClicks(String views, String clicks, String output, Duration difference,
                                    Duration grace) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> left = builder.stream(views, Consumed.with(Serdes.String(), Serdes.String())
                .withName("views"));
        KStream<String, String> right = builder.stream(clicks, Consumed.with(Serdes.String(), Serdes.String())
                .withName("clicks"));
        left.join(right, (view, click) -> view + "+" + click, JoinWindows.ofTimeDifferenceAndGrace(difference, grace),
                        StreamJoined.with(Serdes.String(), Serdes.String(), Serdes.String())
                                .withName(VIEW_CLICK).withStoreName(VIEW_CLICK))
                .to(output, Produced.with(Serdes.String(), Serdes.String()).withName("output"));
        return builder.build();
    }

    /**
     * A table of orders ({@code order -> customer:amount}) joined by its foreign key, the customer, with
     * the table of customers ({@code customer -> name}): {@code amount|name} per order, re-emitted when
     * the order or its customer changes, a tombstone when the order is deleted or its customer unknown.
     * The join runs through two internal topics on the target, the subscription registrations
     * (repartitioned by customer) and the responses (back by order).
     */
    static Topology ordersWithCustomers(String orders, String customers, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> left = builder.table(orders, Consumed.with(Serdes.String(), Serdes.String())
                .withName("orders"), Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(FK_ORDERS)
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        KTable<String, String> right = builder.table(customers, Consumed.with(Serdes.String(), Serdes.String())
                .withName("customers"), Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(FK_CUSTOMERS)
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        left.join(right, Topologies::customerOf, (order, name) -> amountOf(order) + "|" + name,
                        TableJoined.as(ORDER_CUSTOMER))
                .toStream(Named.as("fk-out"))
                .to(output, Produced.with(Serdes.String(), Serdes.String()).withName("output"));
        return builder.build();
    }

    /** The customer of an order value {@code customer:amount}. */
    static String customerOf(String order) {
        return order.substring(0, order.indexOf(':'));
    }

    /** The amount of an order value {@code customer:amount}. */
    static long amountOf(String order) {
        return Long.parseLong(order.substring(order.indexOf(':') + 1));
    }
}
