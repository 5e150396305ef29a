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
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Kafka Streams creates its own topics on the target when it starts: a repartition topic (an ordinary,
 * deleting log, partitioned like the input) and a changelog topic for every state store (a compacted
 * log, one partition per task), each with topic configs of its own. If the target cannot create them
 * as asked — compaction refused, the partition count changed, the cleanup policy, retention or timestamp
 * type ignored — stateful applications cannot run, or run and lose their state or their event times.
 */
class InternalTopicsChecks {

    private static final int PARTITIONS = 3;

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
                    + " changelog topic (cleanup.policy=compact) with the input's partition count and CreateTime",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-4", "KIP-464", "KIP-372"},
            hint = "Kafka Streams creates internal topics through CreateTopics with replication factor -1 (the"
                    + " broker default, KIP-464) and per-topic configs; look at whether the target accepts both,"
                    + " applies cleanup.policy=compact, retention.ms=-1 and message.timestamp.type=CreateTime, and"
                    + " reports the configs back in DescribeConfigs.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
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
