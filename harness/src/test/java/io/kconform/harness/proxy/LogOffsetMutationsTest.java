package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.MisstateListOffsets;
import io.kconform.harness.proxy.mutations.SwallowAdmin;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutations of what the log's offsets are said to be: records said to be deleted that stay, lookups by
 * time that answer another offset.
 */
@ExtendWith(SharedBroker.class)
class LogOffsetMutationsTest {

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void swallowedDeleteRecordsAnswersTheOffsetAskedForAndLeavesTheLogStart() throws Exception {
        String topic = Clients.unique("delete-records");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), Clients.values(5, "d"));
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new SwallowAdmin(ApiKeys.DELETE_RECORDS));
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            long lowWatermark = viaProxy.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(3)))
                    .lowWatermarks().get(partition).get(10, TimeUnit.SECONDS).lowWatermark();

            assertThat(lowWatermark).isEqualTo(3);
            assertThat(direct.listOffsets(Map.of(partition, OffsetSpec.earliest())).partitionResult(partition)
                    .get(10, TimeUnit.SECONDS).offset()).isZero();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void lookupsByTimeAnswerTheFirstOffsetAfterTheTimeAskedFor() throws Exception {
        String topic = Clients.unique("time-after");
        Clients.createTopics(broker, topic);
        long base = recentTimestamp();
        try (KafkaProducer<String, String> producer = Clients.producer(broker)) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 0, base + 1_000L * i, "k", "v" + i)).get();
            }
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, MisstateListOffsets.timeStrictlyAfter());
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            assertThat(offset(direct, partition, OffsetSpec.forTimestamp(base + 1_000))).isEqualTo(1);
            assertThat(offset(viaProxy, partition, OffsetSpec.forTimestamp(base + 1_000))).isEqualTo(2);
            assertThat(offset(viaProxy, partition, OffsetSpec.forTimestamp(base + 2_000))).isEqualTo(-1);
            assertThat(offset(viaProxy, partition, OffsetSpec.forTimestamp(base + 500))).isEqualTo(1);
            assertThat(offset(viaProxy, partition, OffsetSpec.earliest())).isZero();
            assertThat(offset(viaProxy, partition, OffsetSpec.latest())).isEqualTo(3);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void maxTimestampIsAnsweredAsTheLogEnd() throws Exception {
        String topic = Clients.unique("max-timestamp");
        Clients.createTopics(broker, topic);
        long base = recentTimestamp();
        try (KafkaProducer<String, String> producer = Clients.producer(broker)) {
            // the largest timestamp is the first record's
            producer.send(new ProducerRecord<>(topic, 0, base + 9_000, "k", "newest")).get();
            producer.send(new ProducerRecord<>(topic, 0, base, "k", "older")).get();
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, MisstateListOffsets.maxTimestampAsLatest());
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            assertThat(offset(direct, partition, OffsetSpec.maxTimestamp())).isZero();
            assertThat(offset(viaProxy, partition, OffsetSpec.maxTimestamp())).isEqualTo(2);
            assertThat(offset(viaProxy, partition, OffsetSpec.forTimestamp(base))).isZero();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void latestIsAnsweredOneBelowTheLogEndWhileEarliestStaysRight() throws Exception {
        String topic = Clients.unique("latest");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), Clients.values(4, "l"));
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, MisstateListOffsets.latestOffByOne());
             Admin viaProxy = Clients.admin(proxy.bootstrapServers())) {
            assertThat(offset(viaProxy, partition, OffsetSpec.latest())).isEqualTo(3);
            assertThat(offset(viaProxy, partition, OffsetSpec.earliest())).isZero();
            assertThat(Clients.endOffset(broker, topic)).isEqualTo(4);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    private static long offset(Admin admin, TopicPartition partition, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition).get(10, TimeUnit.SECONDS).offset();
    }

    /**
     * A timestamp an hour ago: one older than the broker's retention (7 days) would get the records deleted by the
     * next retention check, active segment and all, in the middle of a test.
     */
    private static long recentTimestamp() {
        return System.currentTimeMillis() - java.time.Duration.ofHours(1).toMillis();
    }
}
