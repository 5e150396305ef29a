package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.MisstateFetchLimits;
import io.kconform.harness.proxy.mutations.MisstateListOffsetVersions;
import io.kconform.harness.proxy.mutations.MisstateReplication;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutations of the storage-offsets-fetch controls, each shown to do what its control says on the shared broker:
 * tiered-storage sentinels answered as LATEST, a first batch larger than the limit withheld, a replication factor
 * clamped and the in-sync replicas hidden.
 */
@ExtendWith(SharedBroker.class)
class StorageOffsetsFetchMutationsTest {

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void tieredSentinelsAreAnsweredWithTheLogEndOffset() throws Exception {
        String topic = Clients.unique("tiered-as-latest");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), Clients.values(4, "t"));
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, MisstateListOffsetVersions.tieredSentinelsAsLatest());
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            assertThat(offset(direct, partition, OffsetSpec.earliestLocal())).isZero();
            assertThat(offset(viaProxy, partition, OffsetSpec.earliestLocal())).isEqualTo(4);
            assertThat(offset(viaProxy, partition, OffsetSpec.earliest())).isZero();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void strictLimitsWithholdAFirstBatchLargerThanThePartitionLimit() {
        String topic = Clients.unique("strict-max-bytes");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), List.of("x".repeat(5_000)));
        Map<String, Object> smallLimit = Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1_000);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, MisstateFetchLimits.strictMaxBytes())) {
            List<ConsumerRecord<String, String>> direct = Clients.read(broker, topic, 1, Duration.ofSeconds(10),
                    smallLimit);
            List<ConsumerRecord<String, String>> viaProxy = Clients.read(proxy.bootstrapServers(), topic, 0,
                    Duration.ofSeconds(3), smallLimit);
            assertThat(direct).hasSize(1);
            assertThat(viaProxy).isEmpty();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void replicationFactorIsClampedAndNoReplicaIsReportedInSync() throws Exception {
        String topic = Clients.unique("clamped-replication");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new MisstateReplication());
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            // One broker: a factor of 2 is refused directly, and created through the proxy.
            viaProxy.createTopics(List.of(new NewTopic(topic, 1, (short) 2))).all().get(10, TimeUnit.SECONDS);
            TopicDescription seenDirectly = direct.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic);
            TopicDescription seenViaProxy = viaProxy.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic);
            assertThat(seenDirectly.partitions().get(0).replicas()).hasSize(1);
            assertThat(seenDirectly.partitions().get(0).isr()).hasSize(1);
            assertThat(seenViaProxy.partitions().get(0).isr()).isEmpty();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    private static long offset(Admin admin, TopicPartition partition, OffsetSpec spec) throws Exception {
        return admin.listOffsets(Map.of(partition, spec)).partitionResult(partition).get(10, TimeUnit.SECONDS).offset();
    }
}
