package io.kconform.checks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.junit.KconformExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Connect worker in distributed mode starts against the target: it creates its three internal
 * topics, compacted, reads them back and serves its REST API. Everything else Connect does stands on
 * these topics: the configs and offsets topics are the cluster's only memory, and if the target
 * cannot keep them compacted (or refuses to create them) Connect cannot run on it at all.
 *
 * <p>The worker is the class's fixture; a worker that cannot start takes every check of the class
 * with it, with the worker's own error as the cause.
 */
@ExtendWith(KconformExtension.class)
class ConnectWorkerChecks {

    private static ConnectWorker worker;

    @BeforeAll
    static void startWorker(TargetContext fixture) {
        worker = ConnectWorker.start(fixture, WorkerNames.of(fixture, "cluster"), false);
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Check(id = "connect.worker.internal-topics",
            title = "A distributed Connect worker creates compacted config, offset and status topics and reaches"
                    + " a running state",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-154", "KIP-464", "KIP-898", "KIP-1017"},
            hint = "If this fails, look at CreateTopics with cleanup.policy=compact and replication factor -1 (the"
                    + " target's default), DescribeConfigs on the new topics, and whether a consumer without a group"
                    + " can read them from the beginning to the end offset that ListOffsets reports; kconform.log"
                    + " holds the worker's own log.")
    @RequiresApi(value = ApiKeys.CREATE_TOPICS, minVersion = 4)
    @RequiresApi(ApiKeys.DESCRIBE_CONFIGS)
    void internalTopics(CheckContext ctx) throws Exception {
        WorkerNames names = worker.names();
        ctx.evidence("worker of group %s ready at %s in %d ms", names.groupId(), worker.rest().base(),
                worker.startTime().toMillis());

        List<String> topics = List.of(names.configTopic(), names.offsetTopic(), names.statusTopic());
        Map<String, TopicDescription> described = ctx.admin().describeTopics(topics).allTopicNames()
                .get(TargetContext.DEFAULT_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        List<ConfigResource> resources = new ArrayList<>();
        topics.forEach(topic -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, topic)));
        Map<ConfigResource, Config> configs = ctx.admin().describeConfigs(resources).all()
                .get(TargetContext.DEFAULT_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        Map<String, String> policies = new TreeMap<>();
        for (String topic : topics) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
            String policy = config == null || config.get(TopicConfig.CLEANUP_POLICY_CONFIG) == null ? null
                    : config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            policies.put(topic, policy);
            ctx.evidence("internal topic %s: %d partitions, cleanup.policy=%s", topic,
                    described.get(topic).partitions().size(), policy);
        }
        assertThat(policies).as("cleanup.policy of the worker's internal topics")
                .containsOnly(Map.entry(names.configTopic(), "compact"), Map.entry(names.offsetTopic(), "compact"),
                        Map.entry(names.statusTopic(), "compact"));
        assertThat(described.get(names.configTopic()).partitions()).as("partitions of the config topic").hasSize(1);

        ConnectRest.Answer root = worker.rest().get("/");
        ctx.evidence("GET / -> %d %s", root.status(), root.text());
        String clusterId = ctx.admin().describeCluster().clusterId()
                .get(TargetContext.DEFAULT_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(root.status()).as("status of GET /").isEqualTo(200);
        assertThat(root.body().path("kafka_cluster_id").asText()).as("kafka_cluster_id of GET /, the target's"
                + " DescribeCluster says %s", clusterId).isEqualTo(clusterId);

        ConnectRest.Answer plugins = worker.rest().get("/connector-plugins");
        List<String> classes = new ArrayList<>();
        for (JsonNode plugin : plugins.body()) {
            classes.add(plugin.path("class").asText());
        }
        ctx.evidence("GET /connector-plugins -> %d %s", plugins.status(), classes);
        assertThat(classes).as("connector plugins of the worker")
                .contains(CountingSourceConnector.class.getName(), CollectingSinkConnector.class.getName());
    }
}
