package io.kconform.checks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A Connect cluster remembers through its internal topics, nowhere else: a worker that replaces a
 * stopped one finds the connectors in the config topic and each source's position in the offsets
 * topic, and resumes where the committed offsets say, without re-emitting what was already
 * committed. A target that loses or hides records of compacted topics, or that serves each record
 * only once (queue semantics), makes every restart of a Connect cluster start from nothing.
 *
 * <p>How the assertion can be exact although Connect sources are at-least-once: Connect may emit a
 * record twice only if the record was written but its source offset was not yet committed when the
 * task stopped. The check lets the source emit the first {@value #FIRST_RUN} of its
 * {@value #RECORDS} records and then holds it (a gate in the {@link ConnectorRegistry}), waits until
 * the worker reports, through {@code GET /connectors/<name>/offsets} (KIP-875), that the offset of the
 * last of them is committed, and only then stops the worker. Nothing is uncommitted at the stop, so
 * the second worker must resume exactly after the committed offset: the first run emitted
 * 0..{@value #FIRST_RUN}-1, the second run emits {@value #FIRST_RUN}..{@value #RECORDS}-1, and any
 * record emitted twice, skipped, or re-emitted from 0 is a failure.
 */
class ConnectRestartChecks {

    static final int RECORDS = 100;
    static final int FIRST_RUN = 40;

    @Check(id = "connect.worker.restart-resumes-from-offsets",
            title = "A new worker of the same Connect cluster reads connector configs and source offsets back from the"
                    + " internal topics and resumes after the last committed record",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-26", "KIP-154", "KIP-875"},
            hint = "If this fails, look at whether a new consumer without a group reads the compacted config and"
                    + " offsets topics from offset 0 up to the end offset ListOffsets reports, with every record a"
                    + " previous consumer already fetched (no queue semantics), and whether acknowledged writes to"
                    + " them survive.")
    void restartResumesFromOffsets(CheckContext ctx) {
        WorkerNames names = WorkerNames.of(ctx, "cluster");
        String topic = ctx.createTopic("data", 1, Map.of());
        String connector = ctx.name("source");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        entry.gate(FIRST_RUN);
        Consumer<String, String> consumer = ctx.consumer(Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try {
            try (ConnectWorker first = ConnectWorker.start(ctx, names, false)) {
                ctx.evidence("first worker of group %s ready in %d ms", names.groupId(),
                        first.startTime().toMillis());
                ConnectRest.Answer created = first.rest().createConnector(connector, Map.of(
                        "connector.class", CountingSourceConnector.class.getName(),
                        "tasks.max", "1",
                        CountingSourceConnector.TOPIC, topic,
                        CountingSourceConnector.RECORDS, String.valueOf(RECORDS),
                        CountingSourceConnector.BATCH_SIZE, "5"));
                ctx.evidence("POST /connectors %s (counting source of %d records, held after %d) -> %d",
                        connector, RECORDS, FIRST_RUN, created.status());
                assertThat(created.status()).as("status of POST /connectors: %s", created.text()).isEqualTo(201);
                received.addAll(ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT, r -> r.size() >= FIRST_RUN));
                ctx.evidence("first run: %d records arrived", received.size());
                assertThat(received).as("records of the first run in %s", topic).hasSize(FIRST_RUN);

                long committed = Await.until(TargetContext.DEFAULT_WAIT, () -> committedPosition(first.rest(), connector),
                        p -> p >= FIRST_RUN - 1);
                ctx.evidence("GET /connectors/%s/offsets on the first worker: committed position %d", connector,
                        committed);
                assertThat(committed).as("source offset committed by the first worker for its last record,"
                        + " as GET /connectors/%s/offsets reads it from %s", connector, names.offsetTopic())
                        .isEqualTo(FIRST_RUN - 1);
            }
            ctx.evidence("first worker stopped; releasing the source up to record %d", RECORDS - 1);
            entry.gate(Long.MAX_VALUE);

            try (ConnectWorker second = ConnectWorker.start(ctx, names, false)) {
                ctx.evidence("second worker of group %s ready in %d ms", names.groupId(),
                        second.startTime().toMillis());
                // RUNNING on the second worker itself, not a status the first one left in the status topic.
                String running = "RUNNING [RUNNING] on " + second.workerId() + " [" + second.workerId() + "]";
                String states = Await.until(TargetContext.DEFAULT_WAIT, () -> second.rest().statesAndWorkers(connector),
                        running::equals);
                ctx.evidence("second worker %s, which was never told about %s: %s", second.workerId(), connector,
                        states);
                assertThat(states).as("states of %s on the second worker, which can only know it from the config"
                        + " topic %s", connector, names.configTopic()).isEqualTo(running);
                received.addAll(ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT,
                        r -> r.size() >= RECORDS - FIRST_RUN));
                ctx.evidence("task starts: %s", entry.sourceStarts());
            }
            long end = TopicOffsets.end(ctx.admin(), topic, 1).get(0);
            Map<String, List<Long>> byRun = byRun(received);
            ctx.evidence("records by run: %s; end offset %d", summary(byRun), end);

            List<List<Long>> runs = new ArrayList<>(byRun.values());
            assertThat(runs).as("runs of the source task whose records arrived in %s", topic).hasSize(2);
            assertThat(runs.get(0)).as("sequence numbers emitted by the first worker")
                    .containsExactlyElementsOf(range(0, FIRST_RUN));
            assertThat(runs.get(1)).as("sequence numbers emitted by the second worker: it must resume right after"
                    + " the committed offset %d, neither from 0 nor re-emitting committed records", FIRST_RUN - 1)
                    .containsExactlyElementsOf(range(FIRST_RUN, RECORDS));
            assertThat(end).as("end offset of %s", topic).isEqualTo(RECORDS);
        } finally {
            ConnectorRegistry.remove(connector);
        }
    }

    /** The position the worker reports as committed for the counter, or -1 when none. */
    static long committedPosition(ConnectRest rest, String connector) {
        ConnectRest.Answer answer = rest.get("/connectors/" + connector + "/offsets");
        if (answer.status() != 200) {
            return -1;
        }
        for (JsonNode offset : answer.body().path("offsets")) {
            if ("counter".equals(offset.path("partition").path("stream").asText())) {
                return offset.path("offset").path(CountingSourceTask.POSITION).asLong(-1);
            }
        }
        return -1;
    }

    /** The sequence numbers of the records, grouped by the task run that emitted them, in order of arrival. */
    static Map<String, List<Long>> byRun(List<ConsumerRecord<String, String>> records) {
        Map<String, List<Long>> byRun = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            byRun.computeIfAbsent(CounterRecords.run(record), r -> new ArrayList<>())
                    .add(CounterRecords.seq(record));
        }
        return byRun;
    }

    private static String summary(Map<String, List<Long>> byRun) {
        List<String> parts = new ArrayList<>();
        byRun.forEach((run, seqs) -> parts.add(run + ": " + seqs.size() + " records"
                + (seqs.isEmpty() ? "" : " " + seqs.get(0) + ".." + seqs.get(seqs.size() - 1))));
        return parts.toString();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }
}
