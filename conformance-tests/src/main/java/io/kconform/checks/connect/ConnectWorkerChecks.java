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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * A Connect worker in distributed mode starts against the target: it creates its three internal
 * topics with {@code cleanup.policy=compact} (and refuses to run when the target then reports another
 * policy for them), reads them back and serves its REST API; {@link ConnectCompactionChecks} observes
 * the compaction itself. Everything else Connect does stands on
 * these topics: the configs and offsets topics are the cluster's only memory, and if the target
 * cannot keep them compacted (or refuses to create them) Connect cannot run on it at all. Managing a
 * connector over REST (pause, resume, restart, delete) then works only if what the worker writes to
 * its config and status topics comes back to it when it reads them.
 *
 * <p>The worker is the class's fixture; a worker that cannot start takes every check of the class
 * with it, with the worker's own error as the cause.
 */
class ConnectWorkerChecks extends SharedWorkerChecks {

    private static final String RUNNING = "RUNNING [RUNNING]";
    private static final Duration PAUSE_SETTLE = Duration.ofSeconds(1);
    private static final Duration PAUSE_WINDOW = Duration.ofSeconds(2);

    @Check(id = "connect.worker.internal-topics",
            title = "A distributed Connect worker creates its config, offset and status topics with"
                    + " cleanup.policy=compact, as DescribeConfigs reports it, and reaches a running state",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-154", "KIP-464", "KIP-898", "KIP-1017"},
            hint = "If this fails, look at CreateTopics with cleanup.policy=compact and replication factor -1 (the"
                    + " target's default; an explicit factor where CreateTopics stops before v4), DescribeConfigs on the new topics, and whether a consumer without a group"
                    + " can read them from the beginning to the end offset that ListOffsets reports; kconform.log"
                    + " holds the worker's own log. Whether the topics are then really compacted is"
                    + " connect.worker.internal-topics-compacted.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.DESCRIBE_CONFIGS)
    void internalTopics(CheckContext ctx) throws Exception {
        WorkerNames names = worker.names();
        ctx.evidence("worker of group %s ready at %s in %d ms", names.groupId(), worker.rest().base(),
                worker.startTime().toMillis());

        List<String> topics = List.of(names.configTopic(), names.offsetTopic(), names.statusTopic());
        Map<String, TopicDescription> described = ctx.admin().describeTopics(topics).allTopicNames()
                .get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        List<ConfigResource> resources = new ArrayList<>();
        topics.forEach(topic -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, topic)));
        Map<ConfigResource, Config> configs = ctx.admin().describeConfigs(resources).all()
                .get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
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
                .get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
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

    @Check(id = "connect.rest.connector-lifecycle",
            title = "Pausing, resuming, restarting and deleting a connector over REST is reflected in its status and"
                    + " in its output",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-26", "KIP-745"},
            hint = "If this fails, look at the worker's round trips through its internal topics: a target state"
                    + " written to the config topic and a status written to the status topic must be fetched back"
                    + " by the worker that wrote them (Produce acks=all, then Fetch up to the end offset).")
    void connectorLifecycle(CheckContext ctx) {
        String topic = ctx.createTopic("data", 1, Map.of());
        String connector = ctx.name("source");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        ConnectRest rest = worker.rest();
        try {
            ConnectRest.Answer created = rest.createConnector(connector, Map.of(
                    "connector.class", CountingSourceConnector.class.getName(),
                    "tasks.max", "1",
                    CountingSourceConnector.TOPIC, topic,
                    CountingSourceConnector.RECORDS, "1000000",
                    CountingSourceConnector.BATCH_SIZE, "1",
                    CountingSourceConnector.POLL_INTERVAL_MS, "20"));
            ctx.evidence("POST /connectors %s (counting source, a record every 20 ms) -> %d", connector,
                    created.status());
            assertThat(created.status()).as("status of POST /connectors: %s", created.text()).isEqualTo(201);
            awaitStates(ctx, connector, RUNNING, "after creation");
            long flowing = awaitGrowth(ctx, topic, 0, "after creation");

            ConnectRest.Answer paused = rest.put("/connectors/" + connector + "/pause", null);
            ctx.evidence("PUT /connectors/%s/pause -> %d", connector, paused.status());
            assertThat(paused.status()).as("status of PUT pause: %s", paused.text()).isEqualTo(202);
            awaitStates(ctx, connector, "PAUSED [PAUSED]", "after pause");
            // Records the task handed to its producer before it paused may still be landing.
            TargetContext.sleep(PAUSE_SETTLE);
            long pausedAt = end(ctx, topic);
            TargetContext.sleep(PAUSE_WINDOW);
            long pausedUntil = end(ctx, topic);
            ctx.evidence("while paused, end offset of %s went from %d to %d in %d ms", topic, pausedAt,
                    pausedUntil, PAUSE_WINDOW.toMillis());
            assertThat(pausedUntil).as("end offset of %s after %d ms paused (it was %d when paused, %d flowing)",
                    topic, PAUSE_WINDOW.toMillis(), pausedAt, flowing).isEqualTo(pausedAt);

            ConnectRest.Answer resumed = rest.put("/connectors/" + connector + "/resume", null);
            ctx.evidence("PUT /connectors/%s/resume -> %d", connector, resumed.status());
            assertThat(resumed.status()).as("status of PUT resume: %s", resumed.text()).isEqualTo(202);
            awaitStates(ctx, connector, RUNNING, "after resume");
            awaitGrowth(ctx, topic, pausedUntil, "after resume");

            ConnectRest.Answer restarted = rest.post("/connectors/" + connector + "/restart?includeTasks=true",
                    Map.of());
            ctx.evidence("POST /connectors/%s/restart?includeTasks=true -> %d", connector, restarted.status());
            assertThat(restarted.status()).as("status of POST restart: %s", restarted.text()).isEqualTo(202);
            List<ConnectorRegistry.SourceStart> starts = Await.until(TargetContext.DEFAULT_WAIT, entry::sourceStarts,
                    s -> s.size() >= 2);
            ctx.evidence("task starts: %s", starts);
            assertThat(starts).as("starts of the source task: once at creation, once at the restart").hasSize(2);
            assertThat(starts.get(1).resumeAt()).as("where the restarted task resumed: after the source offset"
                    + " its first run committed, read back from the offsets topic").isPositive();
            awaitStates(ctx, connector, RUNNING, "after restart");

            ConnectRest.Answer deleted = rest.delete("/connectors/" + connector);
            ctx.evidence("DELETE /connectors/%s -> %d", connector, deleted.status());
            assertThat(deleted.status()).as("status of DELETE: %s", deleted.text()).isEqualTo(204);
            String gone = Await.until(TargetContext.DEFAULT_WAIT, () -> rest.states(connector),
                    s -> s.equals("HTTP 404"));
            ctx.evidence("after DELETE: GET /connectors/%s/status -> %s", connector, gone);
            assertThat(gone).as("status of %s after DELETE", connector).isEqualTo("HTTP 404");
        } finally {
            rest.deleteQuietly(connector);
            ConnectorRegistry.remove(connector);
        }
    }

    private void awaitStates(CheckContext ctx, String connector, String expected, String when) {
        String states = Await.until(TargetContext.DEFAULT_WAIT, () -> worker.rest().states(connector),
                expected::equals);
        ctx.evidence("%s: connector and task states %s", when, states);
        assertThat(states).as("connector and task states of %s %s", connector, when).isEqualTo(expected);
    }

    private static long awaitGrowth(CheckContext ctx, String topic, long from, String when) {
        long end = Await.until(TargetContext.DEFAULT_WAIT, () -> end(ctx, topic), e -> e > from);
        ctx.evidence("%s: end offset of %s grew from %d to %d", when, topic, from, end);
        assertThat(end).as("end offset of %s %s", topic, when).isGreaterThan(from);
        return end;
    }

    private static long end(CheckContext ctx, String topic) {
        return TopicOffsets.end(ctx.admin(), topic, 1).get(0);
    }
}
