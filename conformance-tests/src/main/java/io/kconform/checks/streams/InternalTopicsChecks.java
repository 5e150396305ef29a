package io.kconform.checks.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.checks.compaction.CompactionWatch;
import io.kconform.checks.compaction.KeyedLog;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams creates its own topics on the target when it starts: a repartition topic (an ordinary,
 * deleting log, partitioned like the input) and a changelog topic for every state store (a compacted
 * log, one partition per task), each with topic configs of its own. If the target cannot create them
 * as asked — compaction refused, the partition count changed, the cleanup policy, retention or timestamp
 * type ignored — stateful applications cannot run, or run and lose their state or their event times.
 *
 * <p>A changelog reported as compacted must also be compacted: Kafka Streams writes one record per update of
 * a key and restores a store by reading its changelog whole, so on a target that keeps every record the
 * restore of a busy store grows without end. The compaction check has the application create its internal
 * topics with {@code topic.segment.ms=1000}, {@code topic.min.cleanable.dirty.ratio=0.01} and
 * {@code topic.min.compaction.lag.ms=0} (Streams passes {@code topic.}-prefixed configs to every internal
 * topic), so that Apache Kafka's cleaner compacts within seconds; a target that refuses those configs
 * refuses the internal topics, the application stops with the refusal as the cause, and the check is
 * UNSUPPORTED.
 *
 * <p>A window store's changelog is created {@code compact,delete}: compacted like any changelog, and also
 * deleted by time once its windows are past the store's retention (plus
 * {@code windowstore.changelog.additional.retention.ms}), or it would keep every window ever. A
 * repartition topic is never trimmed by time ({@code retention.ms=-1}); instead the application deletes what
 * it consumed and committed with DeleteRecords every {@code repartition.purge.interval.ms}, so a target
 * that does not carry out DeleteRecords lets repartition topics grow without bound.
 */
class InternalTopicsChecks {

    private static final int PARTITIONS = 3;
    /** How many orders of the watched customer: as many updates of its total in the changelog. */
    private static final int UPDATES = 6;
    private static final String KEPT = "kept";
    private static final int BOUND_SECONDS = 45;
    private static final Duration NUDGE_EVERY = Duration.ofMillis(1500);

    /** Topic configs of the internal topics that make compaction observable within seconds. */
    private static final Map<String, String> FAST_COMPACTION = Map.of(
            TopicConfig.SEGMENT_MS_CONFIG, "1000",
            TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
            TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "0");

    /**
     * What Kafka Streams 4.4 asks for a repartition topic and what a correct application needs of it: an
     * ordinary log, never trimmed by time (Streams purges what it consumed with DeleteRecords), and the
     * producer's timestamps kept whatever the broker's default.
     */
    private static final Map<String, String> REPARTITION_CONFIGS = new TreeMap<>(Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"));

    /** What Kafka Streams 4.4 asks for a key-value store's changelog: compacted, producer timestamps kept. */
    private static final Map<String, String> CHANGELOG_CONFIGS = new TreeMap<>(Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"));

    @Check(id = "streams.internal-topics.created",
            title = "Kafka Streams creates its repartition topic (cleanup.policy=delete, retention.ms=-1) and its"
                    + " changelog topic (cleanup.policy=compact) with the input's partition count and CreateTime, as"
                    + " DescribeConfigs reports them",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-4", "KIP-464", "KIP-372"},
            hint = "Kafka Streams creates internal topics through CreateTopics with replication factor -1 (the"
                    + " broker default, KIP-464) and per-topic configs; look at whether the target accepts both,"
                    + " applies cleanup.policy=compact, retention.ms=-1 and message.timestamp.type=CreateTime, and"
                    + " reports the configs back in DescribeConfigs. Whether the changelog is then really compacted is"
                    + " streams.internal-topics.changelog-compacted.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void created(CheckContext ctx) {
        String orders = ctx.createTopic("orders", PARTITIONS, Map.of());
        String output = ctx.createTopic("totals", 1, Map.of());
        StreamsApp app = StreamsApp.settings(ctx).start(Topologies.totalsPerCustomer(orders, output, CrashOnce.never()));
        // RUNNING comes after the first rebalance, in which the internal topics are created and validated
        app.awaitRunning(TargetContext.DEFAULT_WAIT);

        String repartition = Topologies.repartitionTopic(app.applicationId());
        String changelog = Topologies.changelogTopic(app.applicationId(), Topologies.TOTALS);
        List<String> internal = TargetIo.await(ctx.admin().listTopics().names(), "listing topics").stream()
                .filter(name -> name.startsWith(app.applicationId())).sorted().toList();
        ctx.evidence("topics of application %s on the target: %s", app.applicationId(), internal);
        assertThat(internal).as("internal topics on the target").contains(repartition, changelog);

        Map<String, TopicDescription> descriptions = TargetIo.await(
                ctx.admin().describeTopics(List.of(repartition, changelog)).allTopicNames(), "describing internal topics");
        Map<ConfigResource, Config> configs = TargetIo.await(ctx.admin().describeConfigs(List.of(
                new ConfigResource(ConfigResource.Type.TOPIC, repartition),
                new ConfigResource(ConfigResource.Type.TOPIC, changelog))).all(), "describing internal topic configs");
        for (String topic : List.of(repartition, changelog)) {
            ctx.evidence("%s: %d partitions, configs set on the topic %s", topic,
                    descriptions.get(topic).partitions().size(),
                    topicLevel(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic))));
        }

        assertThat(descriptions.get(repartition).partitions()).as("partitions of the repartition topic %s (the"
                + " input has %d)", repartition, PARTITIONS).hasSize(PARTITIONS);
        assertThat(descriptions.get(changelog).partitions()).as("partitions of the changelog topic %s (one per task"
                + " of the aggregation, which reads the %d-partition repartition topic)", changelog, PARTITIONS)
                .hasSize(PARTITIONS);
        for (Map.Entry<String, String> wanted : REPARTITION_CONFIGS.entrySet()) {
            assertThat(value(configs, repartition, wanted.getKey())).as("%s of the repartition topic %s, as Kafka"
                    + " Streams created it", wanted.getKey(), repartition).isEqualTo(wanted.getValue());
        }
        for (Map.Entry<String, String> wanted : CHANGELOG_CONFIGS.entrySet()) {
            assertThat(value(configs, changelog, wanted.getKey())).as("%s of the changelog topic %s, as Kafka"
                    + " Streams created it", wanted.getKey(), changelog).isEqualTo(wanted.getValue());
        }
    }

    @Check(id = "streams.internal-topics.changelog-compacted",
            title = "A state store's changelog topic, as Kafka Streams created it, is compacted: a key's superseded"
                    + " values are removed by the log cleaner, its latest value kept",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-4", "KIP-129", "Apache Kafka documentation, Design: log compaction"},
            hint = "If superseded values stay, look at the log cleaner on the changelog Kafka Streams created with"
                    + " cleanup.policy=compact: is it enabled, does it honour segment.ms, min.cleanable.dirty.ratio and"
                    + " min.compaction.lag.ms given at creation, and does it compact transactional data (the"
                    + " application runs exactly_once_v2). If the latest value is gone, a restored store loses it.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void changelogCompacted(CheckContext ctx) {
        String orders = ctx.createTopic("orders", 1, Map.of());
        String output = ctx.createTopic("totals", 1, Map.of());
        StreamsApp.Settings settings = StreamsApp.settings(ctx);
        FAST_COMPACTION.forEach((key, value) -> settings.override(StreamsConfig.topicPrefix(key), value));
        StreamsApp app = settings.start(Topologies.totalsPerCustomer(orders, output, CrashOnce.never()));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);
        String changelog = Topologies.changelogTopic(app.applicationId(), Topologies.TOTALS);

        long epoch = Inputs.epoch();
        List<InputRecord> updates = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < UPDATES; i++) {
            updates.add(new InputRecord(orders, 0, "order-" + i, KEPT + ":" + (i + 1), epoch + i * 1000L));
            total += i + 1;
        }
        TargetIo.produce(ctx, updates);
        List<String> totals = new OutputReader(ctx, output, true).readAtLeast(UPDATES, app, TargetContext.DEFAULT_WAIT)
                .stream().filter(r -> KEPT.equals(r.key())).map(OutputRecord::value).toList();
        ctx.evidence("application %s (exactly_once_v2, no record cache, internal topics created with %s) emitted the"
                + " totals %s of customer '%s', each also written to %s in the same transaction", app.applicationId(),
                new TreeMap<>(FAST_COMPACTION), totals, KEPT, changelog);
        assertThat(totals).as("totals of customer '%s' after %d orders", KEPT, UPDATES).hasSize(UPDATES)
                .endsWith(String.valueOf(total));

        Map<TopicPartition, Long> ends = TargetIo.endOffsets(ctx, List.of(changelog));
        ctx.evidence("end offsets of %s before the wait: %s (records and transaction markers)", changelog, ends);
        List<TopicPartition> partitions = List.copyOf(ends.keySet());
        Consumer<byte[], byte[]> consumer = ctx.consumer(new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        int[] nudges = {0};
        Runnable nudge = () -> {
            app.ensureAlive(); // a dead application appends nothing: its failure, not the bound, ends the wait
            int n = nudges[0]++;
            TargetIo.produce(ctx, List.of(new InputRecord(orders, 0, "nudge-" + n, "nudge-" + n + ":1",
                    epoch + (UPDATES + n) * 1000L)));
        };
        CompactionWatch watch = new CompactionWatch();
        CompactionWatch.Wait wait = watch.await(
                () -> KeyedLog.read(consumer, partitions, KEPT::equals, TargetContext.DEFAULT_WAIT), nudge,
                NUDGE_EVERY, Duration.ofSeconds(BOUND_SECONDS));
        ctx.evidence("records of key '%s' in %s, read_committed: %s (nudges: an order of another customer, whose"
                + " total goes to the same changelog partition)", KEPT, changelog, wait);
        ctx.evidence("latest: %s", watch.latest());
        assertThat(wait.left()).as("superseded values of key '%s' still in %s after %d s of compaction (only the"
                + " latest may remain)", KEPT, changelog, BOUND_SECONDS).isEmpty();
        assertThat(watch.latest()).as("records of key '%s' left in %s", KEPT, changelog).hasSize(1);
        assertThat(lastLong(watch.latest().get(0).value())).as("the total the record of key '%s' left in %s holds"
                + " (%s), against the last total emitted", KEPT, changelog, watch.latest().get(0)).isEqualTo(total);
    }

    private static final Duration WINDOW_SIZE = Duration.ofSeconds(10);
    private static final Duration WINDOW_GRACE = Duration.ofSeconds(5);
    /**
     * What the application asks to keep of a windowed store's changelog beyond the store's own retention
     * ({@code windowstore.changelog.additional.retention.ms}): an hour, not the default day, so that the
     * retention.ms the target reports cannot be one of its own defaults by chance.
     */
    private static final long ADDITIONAL_RETENTION_MS = Duration.ofHours(1).toMillis();

    @Check(id = "streams.internal-topics.windowed-changelog-compact-delete",
            title = "Kafka Streams creates a window store's changelog with cleanup.policy=compact,delete and"
                    + " retention.ms of the store's retention plus windowstore.changelog.additional.retention.ms, as"
                    + " DescribeConfigs reports them",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-4", "KIP-71", "KIP-328"},
            hint = "A window store's changelog must be compacted (a window's latest value kept) and also deleted by"
                    + " time (closed windows go): look at whether the target accepts cleanup.policy=compact,delete"
                    + " and the retention.ms given at creation, and reports both back in DescribeConfigs. A changelog"
                    + " that is only compacted grows with every window for ever; one only deleted loses state.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void windowedChangelogCompactDelete(CheckContext ctx) {
        String readings = ctx.createTopic("readings", 1, Map.of());
        String output = ctx.createTopic("counts", 1, Map.of());
        StreamsApp app = StreamsApp.settings(ctx)
                .override(StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG, ADDITIONAL_RETENTION_MS)
                .start(Topologies.windowedCounts(readings, output, WINDOW_SIZE, WINDOW_GRACE));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);

        String changelog = Topologies.changelogTopic(app.applicationId(), Topologies.WINDOW_COUNTS);
        Map<ConfigResource, Config> configs = TargetIo.await(ctx.admin().describeConfigs(List.of(
                new ConfigResource(ConfigResource.Type.TOPIC, changelog))).all(), "describing the window store's changelog");
        ctx.evidence("%s: configs set on the topic %s", changelog,
                topicLevel(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, changelog))));
        // a window store keeps a window for its size plus grace by default; Streams adds the additional retention
        long retention = WINDOW_SIZE.plus(WINDOW_GRACE).toMillis() + ADDITIONAL_RETENTION_MS;
        String policy = value(configs, changelog, TopicConfig.CLEANUP_POLICY_CONFIG);
        assertThat(policy == null ? null : new TreeSet<>(Arrays.stream(policy.split(",")).map(String::trim).toList()))
                .as("cleanup.policy of the window store's changelog %s (%s), as Kafka Streams created it", changelog,
                        policy)
                .isEqualTo(new TreeSet<>(List.of(TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.CLEANUP_POLICY_DELETE)));
        assertThat(value(configs, changelog, TopicConfig.RETENTION_MS_CONFIG)).as("retention.ms of the window store's"
                + " changelog %s: the store's retention (%d ms) plus windowstore.changelog.additional.retention.ms (%d ms)",
                changelog, WINDOW_SIZE.plus(WINDOW_GRACE).toMillis(), ADDITIONAL_RETENTION_MS)
                .isEqualTo(String.valueOf(retention));
    }

    /** How often the application purges its repartition topics: often, so that the check sees it within seconds. */
    private static final Duration PURGE_INTERVAL = Duration.ofMillis(200);
    private static final int PURGE_ORDERS = 30;
    private static final Duration PURGE_BOUND = Duration.ofSeconds(15);

    @Check(id = "streams.repartition.purged-with-delete-records",
            title = "While a Kafka Streams application runs, the records of its repartition topic that it consumed and"
                    + " committed are deleted with DeleteRecords: the topic's log start offset reaches the committed"
                    + " offset",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-204", "KIP-220", "KIP-107"},
            hint = "Kafka Streams creates repartition topics with retention.ms=-1 and removes what it consumed with"
                    + " DeleteRecords after each commit (repartition.purge.interval.ms): look at whether the target"
                    + " carries out DeleteRecords (the log start offset it then reports in ListOffsets EARLIEST) instead"
                    + " of refusing it or acknowledging it without deleting; otherwise repartition topics grow for"
                    + " ever.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    @RequiresApi(ApiKeys.DELETE_RECORDS)
    void repartitionPurged(CheckContext ctx) {
        String orders = ctx.createTopic("orders", PARTITIONS, Map.of());
        String output = ctx.createTopic("totals", 1, Map.of());
        StreamsApp app = StreamsApp.settings(ctx)
                .override(StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG, PURGE_INTERVAL.toMillis())
                .start(Topologies.totalsPerCustomer(orders, output, CrashOnce.never()));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);
        String repartition = Topologies.repartitionTopic(app.applicationId());

        TargetIo.produce(ctx, Inputs.orders(orders, PARTITIONS, PARTITIONS * 2, 0, PURGE_ORDERS, Inputs.epoch()));
        List<OutputRecord> totals = new OutputReader(ctx, output, true)
                .readUntil(PURGE_ORDERS, app, TargetContext.DEFAULT_WAIT);
        assertThat(totals).as("totals the application emitted for %d orders (each went through %s)", PURGE_ORDERS,
                repartition).hasSizeGreaterThanOrEqualTo(PURGE_ORDERS);

        // the application commits what it consumed of the repartition topic, then purges up to there
        Map<TopicPartition, Long> ends = TargetIo.endOffsetsOfNonEmpty(ctx, List.of(repartition));
        Map<TopicPartition, Long> committed = TargetIo.committedOffsets(ctx, app.applicationId(), ends.keySet());
        Map<TopicPartition, Long> starts = TargetIo.startOffsets(ctx, List.of(repartition));
        long deadline = System.nanoTime() + PURGE_BOUND.toNanos();
        while (!purged(starts, committed) && System.nanoTime() < deadline) {
            app.ensureAlive();
            TargetContext.sleep(PURGE_INTERVAL);
            committed = TargetIo.committedOffsets(ctx, app.applicationId(), ends.keySet());
            starts = TargetIo.startOffsets(ctx, List.of(repartition));
        }
        ctx.evidence("%s (repartition.purge.interval.ms=%d): end offsets %s, committed by the application %s, log start"
                + " offsets (ListOffsets EARLIEST) %s", repartition, PURGE_INTERVAL.toMillis(), ends, committed, starts);
        assertThat(committed.values()).as("the application's committed offsets on %s", repartition)
                .allMatch(offset -> offset > 0);
        Map<TopicPartition, Long> startsOfUsed = new TreeMap<>(TargetIo::compare);
        for (TopicPartition used : committed.keySet()) {
            startsOfUsed.put(used, starts.get(used));
        }
        assertThat(startsOfUsed).as("log start offsets of %s within %d s of the application's last commit: Kafka"
                + " Streams deletes up to its committed offsets %s", repartition, PURGE_BOUND.toSeconds(), committed)
                .isEqualTo(committed);
    }

    /** Whether every used partition's log start offset reached the group's committed offset. */
    private static boolean purged(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> committed) {
        return committed.entrySet().stream().allMatch(e -> e.getValue() > 0
                && e.getValue().equals(starts.get(e.getKey())));
    }

    /** A Long value as Kafka Streams serializes it (8 bytes, big-endian), read from the last 8 bytes. */
    private static Long lastLong(String value) {
        if (!value.startsWith("0x") || value.length() < 18) {
            return null;
        }
        return ByteBuffer.wrap(HexFormat.of().parseHex(value.substring(value.length() - 16))).getLong();
    }

    private static String value(Map<ConfigResource, Config> configs, String topic, String name) {
        ConfigEntry entry = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).get(name);
        return entry == null ? null : entry.value();
    }

    /** The configs set on the topic itself, which are the ones Kafka Streams asked for. */
    private static Map<String, String> topicLevel(Config config) {
        return config.entries().stream()
                .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                .collect(Collectors.toMap(ConfigEntry::name, e -> String.valueOf(e.value()), (a, b) -> a, TreeMap::new));
    }
}
