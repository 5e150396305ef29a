package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.FirstValuePerKey;
import io.kconform.harness.proxy.mutations.ForgetDeliveredRecords;
import io.kconform.harness.proxy.mutations.RewriteFetchedRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mutations of fetched data: consumers get other records than the log holds. */
@ExtendWith(SharedBroker.class)
class FetchMutationsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void droppedHeadersAreMissingThroughTheProxyOnly() throws Exception {
        String topic = Clients.unique("headers");
        Clients.createTopics(broker, topic);
        try (KafkaProducer<String, String> producer = Clients.producer(broker)) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(topic, 0, "k", "v", headers)).get();
        }
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, RewriteFetchedRecords.dropHeaders())) {
            ConsumerRecord<String, String> viaProxy = Clients.read(proxy.bootstrapServers(), topic, 1, PATIENCE).get(0);
            ConsumerRecord<String, String> direct = Clients.read(broker, topic, 1, PATIENCE).get(0);

            assertThat(direct.headers().lastHeader("trace")).isNotNull();
            assertThat(viaProxy.headers().toArray()).isEmpty();
            assertThat(viaProxy.value()).isEqualTo("v");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void shiftedTimestampsKeepTheirTypeAndMoveByTheDelta() throws Exception {
        String topic = Clients.unique("timestamps");
        Clients.createTopics(broker, topic);
        // Recent: a timestamp older than the broker's retention (7 days) gets the record deleted by the next
        // retention check, active segment and all, which once made the direct read below find nothing.
        long produced = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
        try (KafkaProducer<String, String> producer = Clients.producer(broker)) {
            producer.send(new ProducerRecord<>(topic, 0, produced, "k", "v")).get();
        }
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                RewriteFetchedRecords.shiftTimestamps(Duration.ofHours(1)))) {
            ConsumerRecord<String, String> viaProxy = Clients.read(proxy.bootstrapServers(), topic, 1, PATIENCE).get(0);

            assertThat(viaProxy.timestamp()).isEqualTo(produced + Duration.ofHours(1).toMillis());
            assertThat(viaProxy.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(Clients.read(broker, topic, 1, PATIENCE).get(0).timestamp()).isEqualTo(produced);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void reversedBatchesDeliverValuesOutOfOrderUnderAscendingOffsets() {
        String topic = Clients.unique("reverse");
        Clients.createTopics(broker, topic);
        // a long linger puts all ten records into one batch
        Clients.produce(broker, topic, Map.of(ProducerConfig.LINGER_MS_CONFIG, 1_000), Clients.values(10, "r"));
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, RewriteFetchedRecords.reverseWithinBatches())) {
            List<ConsumerRecord<String, String>> viaProxy = Clients.read(proxy.bootstrapServers(), topic, 10, PATIENCE);

            assertThat(viaProxy).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
            List<String> reversed = new ArrayList<>(Clients.values(10, "r"));
            Collections.reverse(reversed);
            assertThat(Clients.valuesOf(viaProxy)).containsExactlyElementsOf(reversed);
            assertThat(Clients.valuesOf(Clients.read(broker, topic, 10, PATIENCE)))
                    .containsExactlyElementsOf(Clients.values(10, "r"));
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void renumberedOffsetsShowGapsWhileConsumersKeepMovingAndCommitting() {
        String topic = Clients.unique("gaps");
        String group = Clients.unique("group");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), Clients.values(5, "g"));
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, RewriteFetchedRecords.renumberOffsets(2))) {
            Map<String, Object> config = Map.of(ConsumerConfig.GROUP_ID_CONFIG, group);
            try (KafkaConsumer<String, String> consumer = Clients.consumer(proxy.bootstrapServers(), config)) {
                consumer.assign(Set.of(partition));
                List<ConsumerRecord<String, String>> seen = poll(consumer, 5);
                assertThat(seen).extracting(ConsumerRecord::offset).containsExactly(0L, 2L, 4L, 6L, 8L);
                assertThat(Clients.valuesOf(seen)).containsExactlyElementsOf(Clients.values(5, "g"));
                assertThat(consumer.position(partition)).isEqualTo(9);
                assertThat(consumer.endOffsets(Set.of(partition))).containsEntry(partition, 9L);
                assertThat(poll(consumer, 0)).as("nothing is delivered twice").isEmpty();
                consumer.commitSync();
            }

            Clients.produce(broker, topic, Map.of(), List.of("after"));
            try (KafkaConsumer<String, String> resumed = Clients.consumer(proxy.bootstrapServers(), config)) {
                resumed.assign(Set.of(partition));
                assertThat(poll(resumed, 1)).extracting(ConsumerRecord::offset, ConsumerRecord::value)
                        .containsExactly(tuple(10L, "after"));
            }
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void forgottenRecordsCannotBeReadASecondTime() {
        String topic = Clients.unique("queue");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), Clients.values(5, "q"));
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new ForgetDeliveredRecords())) {
            assertThat(Clients.valuesOf(Clients.read(proxy.bootstrapServers(), topic, 5, PATIENCE)))
                    .containsExactlyElementsOf(Clients.values(5, "q"));

            assertThat(Clients.read(proxy.bootstrapServers(), topic, 0, Duration.ofSeconds(2)))
                    .as("a second consumer from the beginning").isEmpty();
            assertThat(Clients.read(broker, topic, 5, PATIENCE)).as("the log itself").hasSize(5);

            Clients.produce(broker, topic, Map.of(), List.of("new"));
            assertThat(Clients.valuesOf(Clients.read(proxy.bootstrapServers(), topic, 1, PATIENCE)))
                    .as("only what was never delivered").containsExactly("new");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void garbledCodecSpoilsTheValuesOfThatCodecOnlyInValidBatches() {
        String topic = Clients.unique("garble");
        Clients.createTopics(broker, topic);
        String value = "a value long enough to have a second half";
        Clients.produce(broker, topic, Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"), List.of(value));
        Clients.produce(broker, topic, Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), List.of(value));
        Clients.produce(broker, topic, Map.of(), List.of(value));
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                RewriteFetchedRecords.garbleCodec(CompressionType.GZIP))) {
            // the consumer checks every batch's CRC: the rebuilt batch is valid, only its data is wrong
            List<String> viaProxy = Clients.valuesOf(Clients.read(proxy.bootstrapServers(), topic, 3, PATIENCE,
                    Map.of(ConsumerConfig.CHECK_CRCS_CONFIG, true)));

            assertThat(viaProxy).hasSize(3);
            assertThat(viaProxy.get(0)).hasSameSizeAs(value).startsWith(value.substring(0, value.length() / 2))
                    .isNotEqualTo(value);
            assertThat(viaProxy.subList(1, 3)).containsOnly(value);
            assertThat(Clients.valuesOf(Clients.read(broker, topic, 3, PATIENCE))).containsOnly(value);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void truncatedValuesAreCutToTheLimitAndShorterOnesKept() {
        String topic = Clients.unique("truncate");
        Clients.createTopics(broker, topic);
        String longValue = "x".repeat(5_000);
        Clients.produce(broker, topic, Map.of(), List.of(longValue, "short"));
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, RewriteFetchedRecords.truncateValues(1_000))) {
            List<String> viaProxy = Clients.valuesOf(Clients.read(proxy.bootstrapServers(), topic, 2, PATIENCE));

            assertThat(viaProxy).containsExactly("x".repeat(1_000), "short");
            assertThat(Clients.valuesOf(Clients.read(broker, topic, 2, PATIENCE))).containsExactly(longValue, "short");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void firstValuePerKeyHidesUpdatesAndTombstonesOfTheNamedTopicsOnly() throws Exception {
        String table = Clients.unique("first-value") + "-table";
        String other = Clients.unique("first-value-other");
        Clients.createTopics(broker, table, other);
        try (KafkaProducer<String, String> producer = Clients.producer(broker)) {
            for (String topic : List.of(table, other)) {
                producer.send(new ProducerRecord<>(topic, 0, "a", "a1")).get();
                producer.send(new ProducerRecord<>(topic, 0, "b", "b1")).get();
                producer.send(new ProducerRecord<>(topic, 0, "a", "a2")).get();
                producer.send(new ProducerRecord<>(topic, 0, "b", null)).get();
                producer.send(new ProducerRecord<>(topic, 0, null, "no key")).get();
            }
        }
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new FirstValuePerKey("-table"))) {
            List<ConsumerRecord<String, String>> viaProxy = Clients.read(proxy.bootstrapServers(), table, 5, PATIENCE);

            assertThat(viaProxy).extracting(ConsumerRecord::offset, ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(tuple(0L, "a", "a1"), tuple(1L, "b", "b1"), tuple(2L, "a", "a1"),
                            tuple(3L, "b", "b1"), tuple(4L, null, "no key"));
            assertThat(Clients.valuesOf(Clients.read(proxy.bootstrapServers(), table, 5, PATIENCE)))
                    .as("a second read, on another connection").containsExactly("a1", "b1", "a1", "b1", "no key");
            assertThat(Clients.valuesOf(Clients.read(proxy.bootstrapServers(), other, 5, PATIENCE)))
                    .as("a topic without the suffix").containsExactly("a1", "b1", "a2", null, "no key");
            assertThat(Clients.valuesOf(Clients.read(broker, table, 5, PATIENCE)))
                    .as("the log itself").containsExactly("a1", "b1", "a2", null, "no key");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    /** Polls until {@code count} records came (or, for 0, for a second) and returns them. */
    private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + (count == 0 ? Duration.ofSeconds(1) : PATIENCE).toNanos();
        while (System.nanoTime() < deadline && (count == 0 || records.size() < count)) {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    @Test
    void compactOnReadAndDropTombstonesLeaveOutOverwrittenRecordsAndTombstonesAtTheirOffsets() throws Exception {
        String topic = Clients.unique("compact-on-read");
        Clients.createTopics(broker, topic);
        try (KafkaProducer<String, String> producer = Clients.producer(broker, Map.of(ProducerConfig.LINGER_MS_CONFIG,
                100))) {
            // One batch: the mutations work within a batch.
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            sends.add(producer.send(new ProducerRecord<>(topic, 0, "k", "k-0")));
            sends.add(producer.send(new ProducerRecord<>(topic, 0, "gone", "gone-0")));
            sends.add(producer.send(new ProducerRecord<>(topic, 0, "k", "k-1")));
            sends.add(producer.send(new ProducerRecord<>(topic, 0, "gone", null)));
            sends.add(producer.send(new ProducerRecord<>(topic, 0, null, "no-key")));
            producer.flush();
            for (var send : sends) {
                send.get();
            }
        }
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, RewriteFetchedRecords.compactOnRead(),
                RewriteFetchedRecords.dropTombstones())) {
            List<ConsumerRecord<String, String>> viaProxy = Clients.read(proxy.bootstrapServers(), topic, 2, PATIENCE);
            List<ConsumerRecord<String, String>> direct = Clients.read(broker, topic, 5, PATIENCE);

            assertThat(direct).hasSize(5);
            assertThat(viaProxy).extracting(ConsumerRecord::offset, ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(tuple(2L, "k", "k-1"), tuple(4L, null, "no-key"));
            assertThat(proxy.problems()).isEmpty();
        }
    }
}
