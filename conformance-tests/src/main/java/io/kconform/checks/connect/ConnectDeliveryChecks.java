package io.kconform.checks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Records flow through a Connect worker on the target, both ways: a source connector's records all
 * arrive in its topic, once each and in order; a sink connector is given every record of its topic
 * once and its consumer group commits offsets up to the end of the topic. These are Connect's
 * at-least-once guarantees on a healthy run, where nothing restarts, so nothing may be missing nor
 * duplicated. They rest on the target's produce path (acks=all, idempotence) for sources and its
 * consumer groups and committed offsets for sinks. A sink that tolerates errors also writes what it
 * cannot handle to a dead letter queue, with the error context in record headers.
 */
class ConnectDeliveryChecks extends SharedWorkerChecks {

    private static final int SOURCE_RECORDS = 100;
    private static final int SINK_RECORDS = 90;
    private static final int SINK_PARTITIONS = 3;
    private static final int DLQ_RECORDS = 10;
    private static final int DLQ_POISON = 4;
    /**
     * A sink's consumer group is {@code connect-<connector>} unless overridden; overridden (the worker allows client
     * overrides, {@link WorkerProperties}) so that the group's id starts with the run's prefix like every other name
     * the run creates.
     */
    static final String SINK_GROUP_OVERRIDE = "consumer.override.group.id";
    private static final int SMT_RECORDS = 20;
    private static final String SMT_ORIGIN = "kconform";
    private static final String SMT_HEADER = "kconform-smt";
    private static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    @Check(id = "connect.source.all-records-arrive",
            title = "Every record of a source connector arrives in its topic once, in order, with its key, value and"
                    + " headers",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-26", "KIP-82", "KIP-679"},
            hint = "If this fails, look at Produce with acks=all from an idempotent producer (InitProducerId,"
                    + " sequence numbers), record headers, and whether the records the worker's producer had"
                    + " acknowledged can be fetched; the connector's status in the evidence says whether the task ran.")
    void sourceAllRecordsArrive(CheckContext ctx) {
        String topic = ctx.createTopic("data", 1, Map.of());
        String connector = ctx.name("source");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        try (Consumer<String, String> consumer = ctx.consumer(Map.of())) {
            ConnectRest.Answer created = worker.rest().createConnector(connector, Map.of(
                    "connector.class", CountingSourceConnector.class.getName(),
                    "tasks.max", "1",
                    CountingSourceConnector.TOPIC, topic,
                    CountingSourceConnector.RECORDS, String.valueOf(SOURCE_RECORDS),
                    CountingSourceConnector.BATCH_SIZE, "10"));
            ctx.evidence("POST /connectors %s (counting source, %d records, batches of 10) -> %d", connector,
                    SOURCE_RECORDS, created.status());
            assertThat(created.status()).as("status of POST /connectors: %s", created.text()).isEqualTo(201);

            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, String>> received = ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT,
                    records -> records.size() >= SOURCE_RECORDS);
            long end = TopicOffsets.end(ctx.admin(), topic, 1).get(0);
            ctx.evidence("consumed %d records from %s, end offset %d; connector %s; %s", received.size(), topic, end,
                    worker.rest().states(connector), entry.sourceStarts());

            List<Long> sequence = received.stream().map(CounterRecords::seq).toList();
            assertThat(sequence).as("the %s header of the records in %s, in offset order",
                    CountingSourceTask.SEQ_HEADER, topic)
                    .containsExactlyElementsOf(LongStream.range(0, SOURCE_RECORDS).boxed().toList());
            for (ConsumerRecord<String, String> record : received) {
                long seq = CounterRecords.seq(record);
                assertThat(record.key()).as("key of record %d (offset %d)", seq, record.offset()).isEqualTo("k-" + seq);
                assertThat(record.value()).as("value of record %d (offset %d)", seq, record.offset())
                        .isEqualTo("v-" + seq);
                assertThat(CounterRecords.run(record)).as("%s header of record %d",
                        CountingSourceTask.RUN_HEADER, seq).isNotBlank();
            }
            assertThat(end).as("end offset of %s: a record written twice would be beyond the %d expected", topic,
                    SOURCE_RECORDS).isEqualTo(SOURCE_RECORDS);
        } finally {
            worker.rest().deleteQuietly(connector);
            ConnectorRegistry.remove(connector);
        }
    }

    @Check(id = "connect.sink.all-records-and-offsets-committed",
            title = "A sink connector is given every record of its topic exactly once and its consumer group commits"
                    + " offsets up to the end of the topic",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-26", "KIP-82"},
            hint = "If this fails, look at the sink's consumer group (the run names it under its prefix): JoinGroup/SyncGroup, Fetch"
                    + " from every partition, and OffsetCommit followed by OffsetFetch returning what was committed.")
    @RequiresApi(ApiKeys.OFFSET_COMMIT)
    @RequiresApi(ApiKeys.OFFSET_FETCH)
    void sinkAllRecordsAndOffsetsCommitted(CheckContext ctx) throws Exception {
        String topic = ctx.createTopic("data", SINK_PARTITIONS, Map.of());
        Map<Integer, List<String>> produced = new TreeMap<>();
        // A short linger puts each partition's records in few batches, as a busy producer would.
        try (Producer<String, String> producer = ctx.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 50))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < SINK_RECORDS; i++) {
                int partition = i % SINK_PARTITIONS;
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, partition, "k-" + i, "v-" + i);
                record.headers().add(CountingSourceTask.SEQ_HEADER, Integer.toString(i).getBytes(StandardCharsets.UTF_8));
                acks.add(producer.send(record));
                produced.computeIfAbsent(partition, p -> new ArrayList<>()).add("k-" + i);
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        Map<Integer, Long> end = TopicOffsets.end(ctx.admin(), topic, SINK_PARTITIONS);
        ctx.evidence("produced %d records into %s (%d partitions), end offsets %s", SINK_RECORDS, topic,
                SINK_PARTITIONS, end);
        assertThat(end.values().stream().mapToLong(Long::longValue).sum())
                .as("records in %s after %d acknowledged sends (end offsets %s)", topic, SINK_RECORDS, end)
                .isEqualTo(SINK_RECORDS);

        String connector = ctx.name("sink");
        String group = ctx.name("sink-group");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        try {
            ConnectRest.Answer created = worker.rest().createConnector(connector, Map.of(
                    "connector.class", CollectingSinkConnector.class.getName(),
                    "tasks.max", "1",
                    "topics", topic,
                    SINK_GROUP_OVERRIDE, group));
            ctx.evidence("POST /connectors %s (collecting sink of %s) -> %d", connector, topic, created.status());
            assertThat(created.status()).as("status of POST /connectors: %s", created.text()).isEqualTo(201);

            List<ConnectorRegistry.SinkDelivery> delivered = Await.until(TargetContext.DEFAULT_WAIT, entry::delivered,
                    d -> d.size() >= SINK_RECORDS);
            Map<Integer, Long> committed = Await.until(TargetContext.DEFAULT_WAIT,
                    () -> TopicOffsets.committed(ctx.admin(), group, topic), end::equals);
            delivered = entry.delivered();
            ctx.evidence("sink given %d records; group %s committed %s; connector %s", delivered.size(), group,
                    committed, worker.rest().states(connector));

            Map<Integer, List<String>> keysByPartition = new TreeMap<>();
            Set<String> positions = new HashSet<>();
            List<String> duplicates = new ArrayList<>();
            for (ConnectorRegistry.SinkDelivery d : delivered) {
                keysByPartition.computeIfAbsent(d.partition(), p -> new ArrayList<>()).add(d.key());
                if (!positions.add(d.partition() + "@" + d.offset())) {
                    duplicates.add(d.partition() + "@" + d.offset());
                }
                String seq = d.key() == null ? "?" : d.key().substring(2);
                assertThat(d.value()).as("value given to the sink for key %s", d.key()).isEqualTo("v-" + seq);
                assertThat(d.headers()).as("headers given to the sink for key %s", d.key())
                        .containsEntry(CountingSourceTask.SEQ_HEADER, seq);
            }
            assertThat(duplicates).as("records given to the sink more than once (partition@offset)").isEmpty();
            assertThat(keysByPartition).as("keys given to the sink, by partition, in the order it was given them")
                    .isEqualTo(produced);
            assertThat(committed).as("offsets committed by the sink's group %s, by partition, against the end"
                    + " offsets of %s", group, topic).isEqualTo(end);
        } finally {
            worker.rest().deleteQuietly(connector);
            ConnectorRegistry.remove(connector);
        }
    }

    @Check(id = "connect.sink.dead-letter-queue",
            title = "A sink connector that tolerates errors sends a record it cannot convert to its dead letter queue,"
                    + " with the error context in headers, and goes on with the rest",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.SHOULD,
            spec = {"KIP-298", "KIP-82"},
            hint = "If this fails, look at record headers on Produce and Fetch (the error context travels in"
                    + " __connect.errors.* headers) and at the sink's second producer, which writes the dead letter"
                    + " queue with the worker's producer.* settings.")
    @RequiresApi(ApiKeys.OFFSET_COMMIT)
    @RequiresApi(ApiKeys.OFFSET_FETCH)
    void sinkDeadLetterQueue(CheckContext ctx) throws Exception {
        String topic = ctx.createTopic("data", 1, Map.of());
        String dlq = ctx.createTopic("dlq", 1, Map.of());
        List<String> values = new ArrayList<>();
        for (int i = 0; i < DLQ_RECORDS; i++) {
            values.add(i == DLQ_POISON ? "this is not JSON {" : "{\"n\":" + i + "}");
        }
        try (Producer<String, String> producer = ctx.producer(Map.of())) {
            for (int i = 0; i < DLQ_RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k-" + i, values.get(i)))
                        .get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        String connector = ctx.name("sink");
        String group = ctx.name("sink-group");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        try (Consumer<String, String> consumer = ctx.consumer(Map.of())) {
            ConnectRest.Answer created = worker.rest().createConnector(connector, Map.ofEntries(
                    Map.entry("connector.class", CollectingSinkConnector.class.getName()),
                    Map.entry("tasks.max", "1"),
                    Map.entry("topics", topic),
                    Map.entry(SINK_GROUP_OVERRIDE, group),
                    Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                    Map.entry("value.converter.schemas.enable", "false"),
                    Map.entry("errors.tolerance", "all"),
                    Map.entry("errors.deadletterqueue.topic.name", dlq),
                    Map.entry("errors.deadletterqueue.context.headers.enable", "true")));
            ctx.evidence("POST /connectors %s (JSON sink of %s, errors.tolerance=all, dead letter queue %s) -> %d",
                    connector, topic, dlq, created.status());
            assertThat(created.status()).as("status of POST /connectors: %s", created.text()).isEqualTo(201);

            TopicPartition partition = new TopicPartition(dlq, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, String>> dead = ctx.pollAtLeast(consumer, 1);
            long dlqEnd = TopicOffsets.end(ctx.admin(), dlq, 1).get(0);
            Map<String, String> headers = new TreeMap<>();
            if (!dead.isEmpty()) {
                dead.get(0).headers().forEach(h -> headers.put(h.key(),
                        h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
            }
            ctx.evidence("dead letter queue %s holds %d records (end offset %d)%s", dlq, dead.size(), dlqEnd,
                    dead.isEmpty() ? "" : ", the first with key " + dead.get(0).key() + " and headers " + headers);
            assertThat(dead).as("records in the dead letter queue %s", dlq).hasSize(1);
            assertThat(dlqEnd).as("end offset of the dead letter queue %s: one poison record, one dead letter", dlq)
                    .isEqualTo(1);
            assertThat(dead.get(0).key()).as("key of the dead letter").isEqualTo("k-" + DLQ_POISON);
            assertThat(dead.get(0).value()).as("value of the dead letter: the original bytes")
                    .isEqualTo(values.get(DLQ_POISON));
            assertThat(headers).as("error context headers of the dead letter")
                    .containsEntry("__connect.errors.topic", topic)
                    .containsEntry("__connect.errors.partition", "0")
                    .containsEntry("__connect.errors.offset", String.valueOf(DLQ_POISON))
                    .containsKey("__connect.errors.exception.class.name");

            List<ConnectorRegistry.SinkDelivery> delivered = Await.until(TargetContext.DEFAULT_WAIT, entry::delivered,
                    d -> d.size() >= DLQ_RECORDS - 1);
            Map<Integer, Long> committed = Await.until(TargetContext.DEFAULT_WAIT,
                    () -> TopicOffsets.committed(ctx.admin(), group, topic), c -> c.equals(Map.of(0, (long) DLQ_RECORDS)));
            delivered = entry.delivered();
            ctx.evidence("sink given %d records; group %s committed %s", delivered.size(), group, committed);
            assertThat(delivered.stream().map(ConnectorRegistry.SinkDelivery::key).toList())
                    .as("keys given to the sink: every record but the one it could not convert")
                    .containsExactlyElementsOf(IntStream.range(0, DLQ_RECORDS).filter(i -> i != DLQ_POISON)
                            .mapToObj(i -> "k-" + i).toList());
            assertThat(committed).as("offsets committed by %s: past the dead letter too", group)
                    .isEqualTo(Map.of(0, (long) DLQ_RECORDS));
        } finally {
            worker.rest().deleteQuietly(connector);
            ConnectorRegistry.remove(connector);
        }
    }

    @Check(id = "connect.transforms.json-converter-and-smt",
            title = "Records of a source go through Apache Kafka's JsonConverter (with schemas) and transforms to the"
                    + " topic as the JSON envelope with the inserted field and header, and a sink reading them back"
                    + " through the same converter is given the same structs",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.SHOULD,
            spec = {"KIP-66", "KIP-145", "KIP-82"},
            hint = "If this fails, look at whether fetched record values come back byte for byte (the JSON envelope"
                    + " holds the schema and the payload) and with their headers (the transform's header travels in"
                    + " one); the worker's converters and transforms are Apache Kafka's own.")
    @RequiresApi(ApiKeys.OFFSET_COMMIT)
    @RequiresApi(ApiKeys.OFFSET_FETCH)
    void jsonConverterAndTransforms(CheckContext ctx) throws Exception {
        String topic = ctx.createTopic("data", 1, Map.of());
        String source = ctx.name("source");
        String sink = ctx.name("sink");
        String group = ctx.name("sink-group");
        ConnectorRegistry.register(source);
        ConnectorRegistry.Entry sinkEntry = ConnectorRegistry.register(sink);
        try (Consumer<String, String> consumer = ctx.consumer(Map.of())) {
            Map<String, String> sourceConfig = new java.util.LinkedHashMap<>(Map.of(
                    "connector.class", CountingSourceConnector.class.getName(),
                    "tasks.max", "1",
                    CountingSourceConnector.TOPIC, topic,
                    CountingSourceConnector.RECORDS, String.valueOf(SMT_RECORDS),
                    CountingSourceConnector.BATCH_SIZE, "10"));
            sourceConfig.put("value.converter", JSON_CONVERTER);
            sourceConfig.put("value.converter.schemas.enable", "true");
            sourceConfig.putAll(Map.of(
                    "transforms", "hoist,origin,tag",
                    // the source's string value becomes a struct {v}, then {v, origin}, and a header is added
                    "transforms.hoist.type", "org.apache.kafka.connect.transforms.HoistField$Value",
                    "transforms.hoist.field", "v",
                    "transforms.origin.type", "org.apache.kafka.connect.transforms.InsertField$Value",
                    "transforms.origin.static.field", "origin",
                    "transforms.origin.static.value", SMT_ORIGIN,
                    "transforms.tag.type", "org.apache.kafka.connect.transforms.InsertHeader",
                    "transforms.tag.header", SMT_HEADER,
                    "transforms.tag.value.literal", SMT_ORIGIN));
            ConnectRest.Answer created = worker.rest().createConnector(source, sourceConfig);
            ctx.evidence("POST /connectors %s (counting source of %d records through HoistField, InsertField and"
                    + " InsertHeader, JsonConverter with schemas) -> %d", source, SMT_RECORDS, created.status());
            assertThat(created.status()).as("status of POST /connectors: %s", created.text()).isEqualTo(201);

            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, String>> received = ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT,
                    records -> records.size() >= SMT_RECORDS);
            ctx.evidence("consumed %d records from %s; the first: key %s, value %s, headers %s", received.size(), topic,
                    received.isEmpty() ? null : received.get(0).key(), received.isEmpty() ? null : received.get(0).value(),
                    received.isEmpty() ? null : headersOf(received.get(0)));
            assertThat(received).as("records in %s", topic).hasSize(SMT_RECORDS);
            for (ConsumerRecord<String, String> record : received) {
                // from the key, which the transforms leave alone, so that a lost header fails as that
                String seq = record.key() == null ? "?" : record.key().substring(2);
                com.fasterxml.jackson.databind.JsonNode envelope = JSON.readTree(record.value());
                assertThat(envelope.path("schema").path("type").asText())
                        .as("schema type in the JSON envelope of record %s: %s", seq, record.value()).isEqualTo("struct");
                assertThat(JSON.writeValueAsString(envelope.path("payload")))
                        .as("payload in the JSON envelope of record %s (offset %d)", seq, record.offset())
                        .isEqualTo("{\"v\":\"v-" + seq + "\",\"origin\":\"" + SMT_ORIGIN + "\"}");
                assertThat(CounterRecords.header(record, SMT_HEADER)).as("header %s of record %s, put by InsertHeader",
                        SMT_HEADER, seq).isEqualTo(SMT_ORIGIN);
            }
            assertThat(received.stream().map(CounterRecords::seq).toList()).as("sequence numbers in %s", topic)
                    .containsExactlyElementsOf(LongStream.range(0, SMT_RECORDS).boxed().toList());

            ConnectRest.Answer sinkCreated = worker.rest().createConnector(sink, Map.of(
                    "connector.class", CollectingSinkConnector.class.getName(),
                    "tasks.max", "1",
                    "topics", topic,
                    SINK_GROUP_OVERRIDE, group,
                    "value.converter", JSON_CONVERTER,
                    "value.converter.schemas.enable", "true"));
            ctx.evidence("POST /connectors %s (collecting sink of %s through JsonConverter with schemas) -> %d", sink,
                    topic, sinkCreated.status());
            assertThat(sinkCreated.status()).as("status of POST /connectors: %s", sinkCreated.text()).isEqualTo(201);
            List<ConnectorRegistry.SinkDelivery> delivered = Await.until(TargetContext.DEFAULT_WAIT,
                    sinkEntry::delivered, d -> d.size() >= SMT_RECORDS);
            ctx.evidence("sink given %d records; the first: %s; connector %s", delivered.size(),
                    delivered.isEmpty() ? null : delivered.get(0), worker.rest().states(sink));
            assertThat(delivered).as("records given to the sink").hasSize(SMT_RECORDS);
            for (ConnectorRegistry.SinkDelivery d : delivered) {
                String seq = d.headers().getOrDefault(CountingSourceTask.SEQ_HEADER, "?");
                assertThat(d.value()).as("value given to the sink at offset %d: the struct the transforms made",
                        d.offset()).isEqualTo("Struct{v=v-" + d.offset() + ",origin=" + SMT_ORIGIN + "}");
                assertThat(d.headers()).as("headers given to the sink at offset %d", d.offset())
                        .containsEntry(SMT_HEADER, SMT_ORIGIN).containsEntry(CountingSourceTask.SEQ_HEADER,
                                String.valueOf(d.offset()));
                assertThat(d.key()).as("key given to the sink for record %s", seq).isEqualTo("k-" + d.offset());
            }
        } finally {
            worker.rest().deleteQuietly(sink);
            worker.rest().deleteQuietly(source);
            ConnectorRegistry.remove(sink);
            ConnectorRegistry.remove(source);
        }
    }

    private static Map<String, String> headersOf(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new TreeMap<>();
        record.headers().forEach(h -> headers.put(h.key(),
                h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
        return headers;
    }
}
