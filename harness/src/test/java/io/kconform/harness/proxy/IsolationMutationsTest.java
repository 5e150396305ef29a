package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.ReadCommittedAsUncommitted;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mutations of the isolation level a consumer asks for. */
@ExtendWith(SharedBroker.class)
class IsolationMutationsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Map<String, Object> READ_COMMITTED =
            Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    private static final Map<String, Object> READ_UNCOMMITTED =
            Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void readCommittedServedAsReadUncommittedDeliversOpenAndAbortedRecordsUpToTheHighWatermark() {
        String topic = Clients.unique("as-uncommitted");
        Clients.createTopics(broker, topic);
        try (KafkaProducer<String, String> producer = Clients.producer(broker,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("txn")))) {
            producer.initTransactions();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("committed"));
            producer.commitTransaction();
            // Markers are written after commitTransaction returns; this read waits for them.
            assertThat(Clients.valuesOf(Clients.read(broker, topic, 1, PATIENCE, READ_COMMITTED)))
                    .containsExactly("committed");
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("open"));
            // offsets: 0 aborted, 1 abort marker, 2 committed, 3 commit marker, 4 open: last stable offset 4, high
            // watermark 5
            TopicPartition partition = new TopicPartition(topic, 0);
            assertThat(endOffset(broker, partition, READ_COMMITTED)).as("on the broker").isEqualTo(4);
            assertThat(Clients.valuesOf(Clients.read(broker, topic, 0, Duration.ofSeconds(2), READ_COMMITTED)))
                    .as("on the broker").containsExactly("committed");

            try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new ReadCommittedAsUncommitted())) {
                assertThat(Clients.valuesOf(Clients.read(proxy.bootstrapServers(), topic, 3, PATIENCE,
                        READ_COMMITTED))).as("the aborted and the open transaction's records reach read_committed")
                        .containsExactly("aborted", "committed", "open");
                assertThat(endOffset(proxy.bootstrapServers(), partition, READ_COMMITTED))
                        .as("read_committed end offset: the high watermark").isEqualTo(5);
                assertThat(endOffset(proxy.bootstrapServers(), partition, READ_UNCOMMITTED))
                        .as("read_uncommitted unchanged").isEqualTo(5);
                assertThat(Clients.valuesOf(Clients.read(proxy.bootstrapServers(), topic, 3, PATIENCE,
                        READ_UNCOMMITTED))).as("read_uncommitted unchanged")
                        .containsExactly("aborted", "committed", "open");
                assertThat(proxy.problems()).isEmpty();
            }
            producer.abortTransaction();
        }
    }

    /** The end offset of a partition as a consumer of that isolation level sees it (ListOffsets LATEST). */
    private static long endOffset(String bootstrap, TopicPartition partition, Map<String, Object> isolation) {
        try (KafkaConsumer<String, String> consumer = Clients.consumer(bootstrap, isolation)) {
            return consumer.endOffsets(Set.of(partition), PATIENCE).get(partition);
        }
    }
}
