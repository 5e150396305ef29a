package io.kconform.checks.connect;

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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * A Connect worker protects the cluster's memory from a topic that would lose it: an offsets topic it
 * finds already there with {@code cleanup.policy=delete} would have the source offsets deleted by
 * retention, so the worker refuses to start (Apache Kafka's worker asks DescribeConfigs for the topic's
 * policy, KIP-154). The worker decides; the target's part is to create the topic with the policy asked
 * for and to report that policy: a target that reports or applies another one lets the worker start on a
 * topic the operator made wrong, and nothing says so. Likewise the worker asks for the partition counts of
 * its internal topics, and the target must make them so. Each check starts a worker of its own, since the
 * point is what it does at start.
 */
class ConnectInternalTopicChecks {

    private static final int OFFSET_PARTITIONS = 7;
    private static final int STATUS_PARTITIONS = 3;

    @Check(id = "connect.worker.offsets-topic-delete-policy-refused",
            title = "A Connect worker refuses to start on an offsets topic created beforehand with"
                    + " cleanup.policy=delete, which DescribeConfigs reports",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.SHOULD,
            spec = {"KIP-154"},
            hint = "If this fails, look at CreateTopics with cleanup.policy=delete (is the policy applied as asked?)"
                    + " and at DescribeConfigs for the topic: it must report the policy the topic has; the worker"
                    + " starts only where it is told the topic is compacted.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.DESCRIBE_CONFIGS)
    void offsetsTopicDeletePolicyRefused(CheckContext ctx) throws Exception {
        WorkerNames names = WorkerNames.of(ctx, "cluster");
        String offsets = ctx.createTopic("cluster-offsets", 1,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
        assertThat(offsets).as("the worker's offsets topic name").isEqualTo(names.offsetTopic());
        String reported = reportedPolicy(ctx, offsets);
        ctx.evidence("created %s with cleanup.policy=delete; DescribeConfigs reports cleanup.policy=%s", offsets,
                reported);

        ConfigException refusal;
        try (ConnectWorker worker = ConnectWorker.start(ctx, names, false)) {
            ctx.evidence("the worker of group %s started in %d ms on %s", names.groupId(),
                    worker.startTime().toMillis(), offsets);
            throw new AssertionError("the Connect worker started on the offsets topic " + offsets + ", created with"
                    + " cleanup.policy=delete, for which the target's DescribeConfigs reported cleanup.policy="
                    + reported + ": retention would delete the cluster's source offsets and nobody is told");
        } catch (ConnectWorkerException e) {
            refusal = policyRefusal(e);
            if (refusal == null) {
                throw e;
            }
        }
        ctx.evidence("the worker refused to start: %s", refusal.getMessage());
        assertThat(refusal.getMessage()).as("the worker's refusal").contains(offsets);
    }

    @Check(id = "connect.worker.internal-topics-partitions",
            title = "A Connect worker's internal topics get the partition counts the worker asks for: offsets and"
                    + " status as configured, config one",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.SHOULD,
            spec = {"KIP-154"},
            hint = "If this fails, look at CreateTopics' num_partitions and at Metadata (or DescribeTopicPartitions)"
                    + " listing every partition of a topic: the worker spreads source offsets and statuses over the"
                    + " partitions by key, and reads only those the target lists.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    void internalTopicsPartitions(CheckContext ctx) throws Exception {
        WorkerNames names = WorkerNames.of(ctx, "cluster");
        // Not Connect's defaults (25 and 5), so that a target that makes topics of its own default size is seen.
        Map<String, String> asked = Map.of("offset.storage.partitions", String.valueOf(OFFSET_PARTITIONS),
                "status.storage.partitions", String.valueOf(STATUS_PARTITIONS));
        try (ConnectWorker worker = ConnectWorker.start(ctx, names, false, asked)) {
            ctx.evidence("worker of group %s ready in %d ms with %s", names.groupId(), worker.startTime().toMillis(),
                    asked);
        }
        // Counted as the worker's own readers learn them: a consumer's Metadata (KafkaBasedLog assigns itself every
        // partition partitionsFor lists).
        Consumer<String, String> consumer = ctx.consumer(Map.of());
        Map<String, Integer> partitions = new TreeMap<>();
        for (String topic : List.of(names.configTopic(), names.offsetTopic(), names.statusTopic())) {
            partitions.put(topic, consumer.partitionsFor(topic, TargetContext.DEFAULT_WAIT).size());
        }
        ctx.evidence("partitions of the internal topics in Metadata: %s", partitions);
        assertThat(partitions).as("partitions of the worker's internal topics")
                .containsOnly(Map.entry(names.configTopic(), 1), Map.entry(names.offsetTopic(), OFFSET_PARTITIONS),
                        Map.entry(names.statusTopic(), STATUS_PARTITIONS));
    }

    /** The worker's refusal of a topic's cleanup policy in the cause chain, or null. */
    private static ConfigException policyRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigException config && String.valueOf(t.getMessage()).contains("cleanup.policy")) {
                return config;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String reportedPolicy(CheckContext ctx, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<ConfigResource, Config> configs = ctx.admin().describeConfigs(List.of(resource)).all()
                .get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        Config config = configs.get(resource);
        ConfigEntry entry = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
        return entry == null ? null : entry.value();
    }
}
