package io.kconform.checks.connect;

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
import io.kconform.checks.compaction.KeyedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A Connect worker's internal topics are compacted logs, and Connect relies on the compaction, not only on
 * the policy: every offset commit of a source, every status change and every target state is appended
 * under the same key again and again, and a worker that starts reads each topic whole. On a target that
 * keeps every record, the offsets topic of a busy source grows without end and so does every worker's
 * start.
 *
 * <p>The check runs a worker whose internal topics are created through Connect's own settings (KIP-605)
 * with {@code segment.ms=1000}, {@code min.cleanable.dirty.ratio=0.01} and {@code min.compaction.lag.ms=0},
 * so that Apache Kafka's cleaner compacts them within seconds, and with one partition each, so that one
 * connector's appends reach every partition that holds what is watched. A connector ("kept") commits
 * several source positions and is paused, resumed and paused again; the worker reads every one of these
 * records back (its REST API shows each position and state), so each of the connector's keys has had
 * several records in its topic. Then a second connector ("nudger") is paused or resumed every
 * {@value #NUDGE_MILLIS} ms, which makes the worker append to all three topics and so roll their segments,
 * until each key of "kept" has one record left, at most {@value #BOUND_SECONDS} s (three times Apache
 * Kafka's default {@code log.cleaner.backoff.ms}, 15 s, after which an idle cleaner looks for work again).
 * The record left must be the latest: the last position, the last state.
 *
 * <p>A target that refuses those topic configs refuses the worker's internal topics: the worker cannot
 * start, with the refusal (a policy violation or an invalid config) as the cause, and the check is
 * UNSUPPORTED. {@code connect.worker.internal-topics} shows whether such a target accepts the internal
 * topics with its own defaults.
 */
class ConnectCompactionChecks {

    static final int BOUND_SECONDS = 45;
    static final int NUDGE_MILLIS = 1500;
    /** How many distinct source positions "kept" commits before it is paused: as many offset records. */
    private static final int OFFSET_COMMITS = 3;
    private static final String PAUSED = "PAUSED [PAUSED]";
    private static final String RUNNING = "RUNNING [RUNNING]";

    /** Topic configs of the three internal topics that make compaction observable within seconds. */
    static final Map<String, String> FAST_COMPACTION = Map.of(
            "segment.ms", "1000",
            "min.cleanable.dirty.ratio", "0.01",
            "min.compaction.lag.ms", "0");

    @Check(id = "connect.worker.internal-topics-compacted",
            title = "The Connect worker's config, offset and status topics are compacted: records a later record of"
                    + " the same key supersedes are removed by the log cleaner, the latest of each key kept",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-154", "KIP-605", "Apache Kafka documentation, Design: log compaction"},
            hint = "If superseded records stay, look at the log cleaner on the internal topics the worker created"
                    + " with cleanup.policy=compact: is it enabled, does it honour segment.ms, min.cleanable.dirty.ratio"
                    + " and min.compaction.lag.ms given at creation. If a latest record is gone, compaction removed the"
                    + " wrong record: a restarted worker would lose a connector, a status or a source position.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    void internalTopicsCompacted(CheckContext ctx) {
        WorkerNames names = WorkerNames.of(ctx, "compacted");
        String topic = ctx.createTopic("data", 1, Map.of());
        String kept = ctx.name("kept");
        String nudger = ctx.name("nudger");
        try (ConnectWorker worker = ConnectWorker.start(ctx, names, false, workerOverrides())) {
            ConnectRest rest = worker.rest();
            ctx.evidence("worker of group %s ready in %d ms; internal topics created with %s and one partition each",
                    names.groupId(), worker.startTime().toMillis(), new TreeMap<>(FAST_COMPACTION));

            create(ctx, rest, kept, topic);
            List<Long> positions = awaitOffsetCommits(rest, kept);
            assertThat(positions).as("distinct source positions of %s read back from the offsets topic, each an offset"
                    + " record of the same key", kept).hasSizeGreaterThanOrEqualTo(OFFSET_COMMITS);
            setState(ctx, rest, kept, "pause", PAUSED);
            setState(ctx, rest, kept, "resume", RUNNING);
            setState(ctx, rest, kept, "pause", PAUSED);
            // an offset commit of "kept" may still be on its way after the pause
            TargetContext.sleep(Duration.ofMillis(2L * WorkerProperties.OFFSET_FLUSH_INTERVAL_MS));
            long finalPosition = ConnectRestartChecks.committedPosition(rest, kept);
            ctx.evidence("written by the worker and read back by it: source positions %s then %d of %s (offsets"
                    + " topic); its target state PAUSED, STARTED, PAUSED (config topic); its connector and task states"
                    + " at each change (status topic)", positions, finalPosition, kept);
            create(ctx, rest, nudger, topic);

            List<TopicPartition> partitions = List.of(new TopicPartition(names.configTopic(), 0),
                    new TopicPartition(names.offsetTopic(), 0), new TopicPartition(names.statusTopic(), 0));
            Consumer<byte[], byte[]> consumer = ctx.consumer(new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                    Map.of());
            CompactionWatch watch = new CompactionWatch();
            boolean[] paused = {false};
            CompactionWatch.Wait wait = watch.await(
                    () -> KeyedLog.read(consumer, partitions, key -> key.contains(kept), TargetContext.DEFAULT_WAIT),
                    () -> {
                        paused[0] = !paused[0];
                        rest.put("/connectors/" + nudger + (paused[0] ? "/pause" : "/resume"), null);
                    }, Duration.ofMillis(NUDGE_MILLIS), Duration.ofSeconds(BOUND_SECONDS));
            ctx.evidence("records of %s's keys: %s (nudges: %s paused or resumed, its offsets committed)", kept, wait,
                    nudger);
            ctx.evidence("latest records of %s's keys: %s", kept, byTopic(watch.latest()));
            assertThat(wait.left()).as("superseded records of %s's keys still in the internal topics after %d s of"
                    + " compaction (only the latest record of each key may remain)", kept, BOUND_SECONDS).isEmpty();

            assertThat(latest(watch, "target-state-" + kept)).as("the target state of %s kept in the config topic",
                    kept).contains("\"state\":\"PAUSED\"");
            assertThat(latest(watch, "status-connector-" + kept)).as("the connector status of %s kept in the status"
                    + " topic", kept).contains("\"state\":\"PAUSED\"");
            assertThat(latest(watch, "status-task-" + kept + "-0")).as("the task status of %s kept in the status topic",
                    kept).contains("\"state\":\"PAUSED\"");
            assertThat(latest(watch, "[\"" + kept + "\",{\"stream\":\"counter\"}]")).as("the source offset of %s kept"
                    + " in the offsets topic", kept).isEqualTo("{\"position\":" + finalPosition + "}");
        }
    }

    /** The value of the newest record of {@code key} the watch saw, or null. */
    private static String latest(CompactionWatch watch, String key) {
        return watch.latest().stream().filter(r -> r.key().equals(key)).map(KeyedRecord::value).findFirst()
                .orElse(null);
    }

    /** The battery's worker with fast compaction and one partition for each internal topic. */
    private static Map<String, String> workerOverrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String prefix : List.of("config.storage.", "offset.storage.", "status.storage.")) {
            FAST_COMPACTION.forEach((key, value) -> overrides.put(prefix + key, value));
        }
        overrides.put("offset.storage.partitions", "1");
        overrides.put("status.storage.partitions", "1");
        return overrides;
    }

    private static void create(CheckContext ctx, ConnectRest rest, String connector, String topic) {
        ConnectRest.Answer created = rest.createConnector(connector, Map.of(
                "connector.class", CountingSourceConnector.class.getName(),
                "tasks.max", "1",
                CountingSourceConnector.TOPIC, topic,
                CountingSourceConnector.RECORDS, "1000000",
                CountingSourceConnector.BATCH_SIZE, "1",
                CountingSourceConnector.POLL_INTERVAL_MS, "100"));
        ctx.evidence("POST /connectors %s (counting source, a record every 100 ms) -> %d", connector, created.status());
        assertThat(created.status()).as("status of POST /connectors: %s", created.text()).isEqualTo(201);
        String states = Await.until(TargetContext.DEFAULT_WAIT, () -> rest.states(connector), RUNNING::equals);
        assertThat(states).as("connector and task states of %s after creation", connector).isEqualTo(RUNNING);
    }

    /** Source positions as the worker reads them back, until {@value #OFFSET_COMMITS} distinct ones were seen. */
    private static List<Long> awaitOffsetCommits(ConnectRest rest, String connector) {
        List<Long> seen = new ArrayList<>();
        Await.until(TargetContext.DEFAULT_WAIT, () -> {
            long position = ConnectRestartChecks.committedPosition(rest, connector);
            if (position >= 0 && !seen.contains(position)) {
                seen.add(position);
            }
            return seen.size();
        }, n -> n >= OFFSET_COMMITS);
        return seen;
    }

    private static void setState(CheckContext ctx, ConnectRest rest, String connector, String action, String expected) {
        ConnectRest.Answer answer = rest.put("/connectors/" + connector + "/" + action, null);
        assertThat(answer.status()).as("status of PUT %s: %s", action, answer.text()).isEqualTo(202);
        String states = Await.until(TargetContext.DEFAULT_WAIT, () -> rest.states(connector), expected::equals);
        ctx.evidence("PUT /connectors/%s/%s -> %d, then %s", connector, action, answer.status(), states);
        assertThat(states).as("connector and task states of %s after %s", connector, action).isEqualTo(expected);
    }

    /** Records per topic, for evidence. */
    private static Map<String, List<String>> byTopic(List<KeyedRecord> records) {
        Map<String, List<String>> byTopic = new TreeMap<>();
        records.forEach(r -> byTopic.computeIfAbsent(r.partition().topic(), t -> new ArrayList<>())
                .add(r.offset() + " " + r.key() + "=" + abbreviate(r.value())));
        return byTopic;
    }

    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
