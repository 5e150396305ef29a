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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The offsets of a stopped connector can be read, altered and reset over REST (KIP-875), and the
 * connector, resumed, continues where it was told. The worker (always Connect 4.4.0) implements the
 * API; what it stands on is the target's:
 * <ul>
 *   <li>a source connector's offsets live in the worker's offsets topic: an alteration is a new record
 *   for the source partition's key, a reset a tombstone for it, and the worker and the resumed task
 *   know them only by fetching them back, so the target must serve the latest record of a key and
 *   tombstones as they were written;</li>
 *   <li>a sink connector's offsets are its consumer group's committed offsets: an alteration is an
 *   Admin {@code alterConsumerGroupOffsets} (OffsetCommit from outside the group, which the connector's
 *   stop left empty), a reset an Admin {@code deleteConsumerGroups} (DeleteGroups), and the resumed
 *   sink's consumer starts from what OffsetFetch then answers.</li>
 * </ul>
 * SHOULD: the API is an operator's tool of Connect 3.6 and later, and connectors keep running without it.
 * The worker is the class's fixture; the checks run one after another on it.
 */
class ConnectOffsetsChecks extends SharedWorkerChecks {

    private static final String STOPPED = "STOPPED [";
    private static final String RUNNING = "RUNNING [RUNNING]";
    private static final java.time.Duration TASKS_GONE_WAIT = java.time.Duration.ofSeconds(5);
    /** Records of the source's first run: one poll, so that its single committed offset is the last of them. */
    private static final int SOURCE_FIRST = 20;
    /** The source position the check writes: the resumed task must go on at the next one. */
    private static final long SOURCE_ALTERED = 99;
    /** Records the source emits after each resume. */
    private static final int SOURCE_MORE = 10;
    private static final int SINK_RECORDS = 30;
    /** The sink offset the check writes: the resumed sink must be given the records from there on. */
    private static final long SINK_ALTERED = 10;

    @Check(id = "connect.offsets.source-alter-and-reset",
            title = "A stopped source connector's offsets can be read, altered and reset over REST (KIP-875), and the"
                    + " resumed connector continues after the altered position, then from the start after the reset",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.SHOULD,
            spec = {"KIP-875", "KIP-154"},
            hint = "If this fails, look at the worker's offsets topic (compacted, named *-offsets): a later record of a"
                    + " key must be fetched with its own value, not an earlier one, and a tombstone (null value) must"
                    + " be fetched as one; the worker reads both back before it answers and before the task starts.")
    void sourceAlterAndReset(CheckContext ctx) {
        ConnectRest rest = worker.rest();
        String topic = ctx.createTopic("data", 1, Map.of());
        String connector = ctx.name("source");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        entry.gate(SOURCE_FIRST);
        Consumer<String, String> consumer = ctx.consumer(Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try {
            ConnectRest.Answer created = rest.createConnector(connector, Map.of(
                    "connector.class", CountingSourceConnector.class.getName(),
                    "tasks.max", "1",
                    CountingSourceConnector.TOPIC, topic,
                    CountingSourceConnector.RECORDS, "1000",
                    CountingSourceConnector.BATCH_SIZE, String.valueOf(SOURCE_FIRST)));
            ctx.evidence("POST /connectors %s (counting source, held after %d records) -> %d", connector,
                    SOURCE_FIRST, created.status());
            assertThat(created.status()).as("status of POST /connectors: %s", created.text()).isEqualTo(201);
            received.addAll(ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT, r -> r.size() >= SOURCE_FIRST));
            long committed = Await.until(TargetContext.DEFAULT_WAIT,
                    () -> ConnectRestartChecks.committedPosition(rest, connector), p -> p >= SOURCE_FIRST - 1);
            ctx.evidence("first run: %d records arrived; GET /connectors/%s/offsets: position %d", received.size(),
                    connector, committed);
            assertThat(committed).as("committed source position after the first run, as GET offsets reads it")
                    .isEqualTo(SOURCE_FIRST - 1);

            stop(ctx, connector);
            ConnectRest.Answer altered = rest.patch("/connectors/" + connector + "/offsets", Map.of("offsets",
                    List.of(Map.of("partition", CountingSourceTask.PARTITION,
                            "offset", Map.of(CountingSourceTask.POSITION, SOURCE_ALTERED)))));
            ctx.evidence("PATCH /connectors/%s/offsets position %d -> %d %s", connector, SOURCE_ALTERED,
                    altered.status(), altered.text());
            assertThat(altered.status()).as("status of PATCH offsets: %s", altered.text()).isEqualTo(200);
            ctx.accepted("the offsets API of a stopped source connector (PATCH /connectors/<name>/offsets)");
            long readBack = ConnectRestartChecks.committedPosition(rest, connector);
            ctx.evidence("GET /connectors/%s/offsets after the alteration: position %d", connector, readBack);
            assertThat(readBack).as("source position GET offsets reads back from the offsets topic after PATCH")
                    .isEqualTo(SOURCE_ALTERED);

            entry.gate(SOURCE_ALTERED + 1 + SOURCE_MORE);
            resume(ctx, connector);
            awaitStart(ctx, entry, 2, SOURCE_ALTERED + 1, "after the alteration to position " + SOURCE_ALTERED);
            received.addAll(ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT, r -> r.size() >= SOURCE_MORE));
            long afterSecond = Await.until(TargetContext.DEFAULT_WAIT,
                    () -> ConnectRestartChecks.committedPosition(rest, connector),
                    p -> p >= SOURCE_ALTERED + SOURCE_MORE);
            ctx.evidence("second run: %d records in all; committed position %d; task starts: %s", received.size(),
                    afterSecond, entry.sourceStarts());

            stop(ctx, connector);
            ConnectRest.Answer reset = rest.delete("/connectors/" + connector + "/offsets");
            ctx.evidence("DELETE /connectors/%s/offsets -> %d %s", connector, reset.status(), reset.text());
            assertThat(reset.status()).as("status of DELETE offsets: %s", reset.text()).isEqualTo(200);
            ConnectRest.Answer afterReset = rest.get("/connectors/" + connector + "/offsets");
            ctx.evidence("GET /connectors/%s/offsets after the reset -> %d %s", connector, afterReset.status(),
                    afterReset.text());
            assertThat(ConnectRestartChecks.committedPosition(rest, connector))
                    .as("source position GET offsets reads back after the reset (-1: none): %s", afterReset.text())
                    .isEqualTo(-1);

            entry.gate(SOURCE_MORE);
            resume(ctx, connector);
            awaitStart(ctx, entry, 3, 0, "after the reset");
            received.addAll(ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT, r -> r.size() >= SOURCE_MORE));
            Map<String, List<Long>> byRun = ConnectRestartChecks.byRun(received);
            List<ConnectorRegistry.SourceStart> starts = entry.sourceStarts();
            ctx.evidence("task starts: %s; sequence numbers by run: %s", starts, byRun);
            List<List<Long>> runs = new ArrayList<>(byRun.values());
            assertThat(runs).as("runs of the source task whose records arrived in %s", topic).hasSize(3);
            assertThat(runs.get(0)).as("first run").containsExactlyElementsOf(range(0, SOURCE_FIRST));
            assertThat(runs.get(1)).as("run after the offsets were altered to position %d", SOURCE_ALTERED)
                    .containsExactlyElementsOf(range(SOURCE_ALTERED + 1, SOURCE_ALTERED + 1 + SOURCE_MORE));
            assertThat(runs.get(2)).as("run after the offsets were reset: from the start")
                    .containsExactlyElementsOf(range(0, SOURCE_MORE));
        } finally {
            rest.deleteQuietly(connector);
            ConnectorRegistry.remove(connector);
        }
    }

    @Check(id = "connect.offsets.sink-alter-and-reset",
            title = "A stopped sink connector's offsets can be read, altered and reset over REST (KIP-875): its consumer"
                    + " group's committed offsets follow, and the resumed sink is given the records from there",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.SHOULD,
            spec = {"KIP-875"},
            hint = "If this fails, look at OffsetCommit sent by an Admin client for a group with no members (generation"
                    + " -1, no member id), DeleteGroups of an empty group, and OffsetFetch (ListConsumerGroupOffsets)"
                    + " answering what was committed or deleted.")
    @RequiresApi(ApiKeys.OFFSET_COMMIT)
    @RequiresApi(ApiKeys.OFFSET_FETCH)
    @RequiresApi(ApiKeys.DELETE_GROUPS)
    void sinkAlterAndReset(CheckContext ctx) throws Exception {
        ConnectRest rest = worker.rest();
        String topic = ctx.createTopic("data", 1, Map.of());
        try (Producer<String, String> producer = ctx.producer(Map.of())) {
            for (int i = 0; i < SINK_RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k-" + i, "v-" + i));
            }
            producer.flush();
        }
        Map<Integer, Long> end = TopicOffsets.end(ctx.admin(), topic, 1);
        ctx.evidence("produced %d records into %s, end offsets %s", SINK_RECORDS, topic, end);
        assertThat(end).as("end offsets of %s after %d sends", topic, SINK_RECORDS)
                .isEqualTo(Map.of(0, (long) SINK_RECORDS));

        String connector = ctx.name("sink");
        String group = ctx.name("sink-group");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        try {
            ConnectRest.Answer created = rest.createConnector(connector, Map.of(
                    "connector.class", CollectingSinkConnector.class.getName(),
                    "tasks.max", "1",
                    "topics", topic,
                    ConnectDeliveryChecks.SINK_GROUP_OVERRIDE, group));
            ctx.evidence("POST /connectors %s (collecting sink of %s, group %s) -> %d", connector, topic, group,
                    created.status());
            assertThat(created.status()).as("status of POST /connectors: %s", created.text()).isEqualTo(201);
            List<Long> first = awaitDeliveries(entry, 0, SINK_RECORDS);
            Map<Integer, Long> committed = awaitCommitted(ctx, group, topic, end);
            ctx.evidence("first run: sink given offsets %s; group %s committed %s", span(first), group, committed);
            assertThat(committed).as("offsets committed by %s after the first run", group).isEqualTo(end);

            stop(ctx, connector);
            ConnectRest.Answer read = rest.get("/connectors/" + connector + "/offsets");
            ctx.evidence("GET /connectors/%s/offsets -> %d %s", connector, read.status(), read.text());
            assertThat(sinkOffset(read, topic)).as("kafka_offset of partition 0 in GET offsets: %s", read.text())
                    .isEqualTo(SINK_RECORDS);

            Map<String, Object> sinkPartition = Map.of("kafka_topic", topic, "kafka_partition", 0);
            ConnectRest.Answer altered = rest.patch("/connectors/" + connector + "/offsets", Map.of("offsets",
                    List.of(Map.of("partition", sinkPartition, "offset", Map.of("kafka_offset", SINK_ALTERED)))));
            ctx.evidence("PATCH /connectors/%s/offsets kafka_offset %d -> %d %s", connector, SINK_ALTERED,
                    altered.status(), altered.text());
            assertThat(altered.status()).as("status of PATCH offsets: %s", altered.text()).isEqualTo(200);
            ctx.accepted("the offsets API of a stopped sink connector (PATCH /connectors/<name>/offsets)");
            Map<Integer, Long> afterAlter = TopicOffsets.committed(ctx.admin(), group, topic);
            ctx.evidence("ListConsumerGroupOffsets %s after PATCH: %s", group, afterAlter);
            assertThat(afterAlter).as("offsets committed for %s after PATCH offsets", group)
                    .isEqualTo(Map.of(0, SINK_ALTERED));

            resume(ctx, connector);
            List<Long> second = awaitDeliveries(entry, SINK_RECORDS, SINK_RECORDS - SINK_ALTERED);
            committed = awaitCommitted(ctx, group, topic, end);
            ctx.evidence("after resume: sink given offsets %s; group %s committed %s", span(second), group,
                    committed);
            assertThat(second).as("offsets given to the resumed sink: from the altered offset %d on", SINK_ALTERED)
                    .containsExactlyElementsOf(range(SINK_ALTERED, SINK_RECORDS));

            stop(ctx, connector);
            ConnectRest.Answer reset = rest.delete("/connectors/" + connector + "/offsets");
            ctx.evidence("DELETE /connectors/%s/offsets -> %d %s", connector, reset.status(), reset.text());
            assertThat(reset.status()).as("status of DELETE offsets: %s", reset.text()).isEqualTo(200);
            Map<Integer, Long> afterReset = TopicOffsets.committed(ctx.admin(), group, topic);
            ctx.evidence("ListConsumerGroupOffsets %s after DELETE offsets: %s", group, afterReset);
            assertThat(afterReset).as("offsets committed for %s after DELETE offsets", group).isEmpty();

            int before = entry.delivered().size();
            resume(ctx, connector);
            List<Long> third = awaitDeliveries(entry, before, SINK_RECORDS);
            ctx.evidence("after reset and resume: sink given offsets %s", span(third));
            assertThat(third).as("offsets given to the sink resumed after the reset: from the start of %s", topic)
                    .containsExactlyElementsOf(range(0, SINK_RECORDS));
        } finally {
            rest.deleteQuietly(connector);
            ConnectorRegistry.remove(connector);
        }
    }

    private void stop(CheckContext ctx, String connector) {
        ConnectRest.Answer stopped = worker.rest().put("/connectors/" + connector + "/stop", null);
        ctx.evidence("PUT /connectors/%s/stop -> %d", connector, stopped.status());
        assertThat(stopped.status()).as("status of PUT stop: %s", stopped.text()).isEqualTo(204);
        // The connector's own state: a stopped connector has no task configs any more, which is what the offsets
        // API asks for. The statuses of its former tasks are removed with tombstones in the status topic, a
        // different matter.
        String states = Await.until(TargetContext.DEFAULT_WAIT, () -> worker.rest().states(connector),
                s -> s.startsWith(STOPPED));
        // Its tasks (a sink's are its consumer group's members, which must have left for the group's offsets to be
        // altered) have stopped once their statuses are gone; a short bound, as that needs the tombstones.
        states = Await.until(TASKS_GONE_WAIT, () -> worker.rest().states(connector), (STOPPED + "]")::equals);
        ctx.evidence("after stop: connector and task states %s", states);
        assertThat(states).as("connector state of %s after stop", connector).startsWith(STOPPED);
    }

    private void resume(CheckContext ctx, String connector) {
        ConnectRest.Answer resumed = worker.rest().put("/connectors/" + connector + "/resume", null);
        ctx.evidence("PUT /connectors/%s/resume -> %d", connector, resumed.status());
        assertThat(resumed.status()).as("status of PUT resume: %s", resumed.text()).isEqualTo(202);
        awaitStates(ctx, connector, RUNNING, "after resume");
    }

    /** Waits for the {@code n}-th start of the source task and asserts where it resumed. */
    private static void awaitStart(CheckContext ctx, ConnectorRegistry.Entry entry, int n, long resumeAt,
                                   String when) {
        List<ConnectorRegistry.SourceStart> starts = Await.until(TargetContext.DEFAULT_WAIT, entry::sourceStarts,
                s -> s.size() >= n);
        ctx.evidence("task starts: %s", starts);
        assertThat(starts).as("starts of the source task").hasSizeGreaterThanOrEqualTo(n);
        assertThat(starts.get(n - 1).resumeAt()).as("where the source task resumed %s, from the stored offset it"
                + " was given (%s)", when, starts.get(n - 1).stored()).isEqualTo(resumeAt);
    }

    private void awaitStates(CheckContext ctx, String connector, String expected, String when) {
        String states = Await.until(TargetContext.DEFAULT_WAIT, () -> worker.rest().states(connector),
                expected::equals);
        ctx.evidence("%s: connector and task states %s", when, states);
        assertThat(states).as("connector and task states of %s %s", connector, when).isEqualTo(expected);
    }

    /** The offsets of the records the sink was given from delivery {@code from} on, once {@code count} came. */
    private static List<Long> awaitDeliveries(ConnectorRegistry.Entry entry, int from, long count) {
        List<ConnectorRegistry.SinkDelivery> delivered = Await.until(TargetContext.DEFAULT_WAIT, entry::delivered,
                d -> d.size() >= from + count);
        return delivered.subList(Math.min(from, delivered.size()), delivered.size()).stream()
                .map(ConnectorRegistry.SinkDelivery::offset).toList();
    }

    private static Map<Integer, Long> awaitCommitted(CheckContext ctx, String group, String topic,
                                                     Map<Integer, Long> expected) {
        return Await.until(TargetContext.DEFAULT_WAIT, () -> TopicOffsets.committed(ctx.admin(), group, topic),
                expected::equals);
    }

    /** The {@code kafka_offset} GET offsets reports for partition 0 of {@code topic}, or -1. */
    private static long sinkOffset(ConnectRest.Answer answer, String topic) {
        for (JsonNode offset : answer.body().path("offsets")) {
            JsonNode partition = offset.path("partition");
            if (topic.equals(partition.path("kafka_topic").asText()) && partition.path("kafka_partition").asInt() == 0) {
                return offset.path("offset").path("kafka_offset").asLong(-1);
            }
        }
        return -1;
    }

    private static String span(List<Long> offsets) {
        return offsets.isEmpty() ? "none" : offsets.size() + " records, " + offsets.get(0) + ".."
                + offsets.get(offsets.size() - 1);
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }
}
