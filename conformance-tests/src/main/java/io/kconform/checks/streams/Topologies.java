package io.kconform.checks.streams;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
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
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(orders, Consumed.with(Serdes.String(), Serdes.String()).withName("orders"))
                .peek(crash::maybeCrash, Named.as("crash-point"))
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

    /** The customer of an order value {@code customer:amount}. */
    static String customerOf(String order) {
        return order.substring(0, order.indexOf(':'));
    }

    /** The amount of an order value {@code customer:amount}. */
    static long amountOf(String order) {
        return Long.parseLong(order.substring(order.indexOf(':') + 1));
    }
}
