package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.FenceAfterStaleEpoch;
import io.kconform.harness.proxy.mutations.HideAbortsBegunInsideFetch;
import io.kconform.harness.proxy.mutations.StripAbortedTransactions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mutations of transaction atomicity across partitions and of a producer's recovery by an epoch bump. */
@ExtendWith(SharedBroker.class)
class TransactionRecoveryMutationsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Map<String, Object> READ_COMMITTED =
            Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void abortedTransactionsHiddenBeyondPartitionZeroOnly() {
        String topic = Clients.unique("strip-aborted-beyond-0");
        Clients.createTopics(broker, 2, topic);
        try (KafkaProducer<String, String> producer = Clients.producer(broker,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("txn")))) {
            producer.initTransactions();
            producer.beginTransaction();
            sendToBoth(producer, topic, "aborted");
            producer.abortTransaction();
            producer.beginTransaction();
            sendToBoth(producer, topic, "committed");
            producer.commitTransaction();
        }
        assertThat(readCommitted(broker, topic, 2)).as("on the broker").containsExactly("0:committed", "1:committed");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, StripAbortedTransactions.beyondPartitionZero())) {
            assertThat(readCommitted(proxy.bootstrapServers(), topic, 3))
                    .as("partition 0 keeps its aborted-transactions list, partition 1 loses it")
                    .containsExactly("0:committed", "1:aborted", "1:committed");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void abortsBegunInsideAFetchAreHiddenAndThoseBegunBeforeItAreKept() {
        String topic = Clients.unique("aborts-inside-fetch");
        Clients.createTopics(broker, topic);
        try (KafkaProducer<String, String> producer = Clients.producer(broker,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("txn")))) {
            producer.initTransactions();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("committed-0"));
            producer.commitTransaction(); // 0 committed-0, 1 COMMIT
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("aborted-0", "aborted-1"));
            producer.abortTransaction(); // 2..3 aborted, 4 ABORT
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("committed-1"));
            producer.commitTransaction(); // 5 committed-1, 6 COMMIT
        }
        assertThat(Clients.valuesOf(Clients.read(broker, topic, 2, PATIENCE, READ_COMMITTED))).as("on the broker")
                .containsExactly("committed-0", "committed-1");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new HideAbortsBegunInsideFetch())) {
            assertThat(Clients.valuesOf(Clients.read(proxy.bootstrapServers(), topic, 4, PATIENCE, READ_COMMITTED)))
                    .as("a fetch from offset 0 spans the aborted transaction begun at 2: it is not listed")
                    .containsExactly("committed-0", "aborted-0", "aborted-1", "committed-1");
            assertThat(readCommittedFrom(proxy.bootstrapServers(), topic, 3)).as("a fetch from offset 3, inside the"
                    + " aborted transaction begun at 2: it is listed, and aborted-1 filtered")
                    .containsExactly("committed-1");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    private static List<String> readCommittedFrom(String bootstrap, String topic, long offset) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = Clients.consumer(bootstrap, READ_COMMITTED)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline && consumer.position(partition) < 7) {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    private static void sendToBoth(KafkaProducer<String, String> producer, String topic, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, null, value)).get();
            producer.send(new ProducerRecord<>(topic, 1, null, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    /** Reads both partitions under read_committed, until {@code atLeast} records came, as "partition:value". */
    private static List<String> readCommitted(String bootstrap, String topic, int atLeast) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = Clients.consumer(bootstrap, READ_COMMITTED)) {
            Set<TopicPartition> partitions = Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline && values.size() < atLeast) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    values.add(record.partition() + ":" + record.value());
                }
            }
        }
        values.sort(null);
        return values;
    }

    @Test
    void aProducerRefusedForItsEpochIsFencedForGood() throws Exception {
        String directTopic = Clients.unique("recovers");
        String proxiedTopic = Clients.unique("fenced-for-good");
        Clients.createTopics(broker, directTopic, proxiedTopic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new FenceAfterStaleEpoch());
             KafkaProducer<String, String> direct = timingOut(broker, Clients.unique("txn"));
             KafkaProducer<String, String> proxied = timingOut(proxy.bootstrapServers(), Clients.unique("txn"))) {
            for (var producer : List.of(direct, proxied)) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            direct.send(new ProducerRecord<>(directTopic, 0, null, "timed-out")).get();
            proxied.send(new ProducerRecord<>(proxiedTopic, 0, null, "timed-out")).get();
            // The coordinator aborts both transactions after their 3 s timeout (it looks every 5 s here).
            awaitAborted(directTopic);
            awaitAborted(proxiedTopic);

            assertThatThrownBy(() -> direct.send(new ProducerRecord<>(directTopic, 0, null, "late")).get())
                    .hasCauseInstanceOf(InvalidProducerEpochException.class);
            direct.abortTransaction();
            direct.beginTransaction();
            direct.send(new ProducerRecord<>(directTopic, 0, null, "recovered")).get();
            direct.commitTransaction();

            assertThatThrownBy(() -> proxied.send(new ProducerRecord<>(proxiedTopic, 0, null, "late")).get())
                    .hasCauseInstanceOf(InvalidProducerEpochException.class);
            assertThatThrownBy(proxied::abortTransaction).as("the abort after the refusal is answered PRODUCER_FENCED")
                    .isInstanceOf(ProducerFencedException.class);
            assertThat(proxy.problems()).isEmpty();
        }
        assertThat(Clients.valuesOf(Clients.read(broker, directTopic, 1, PATIENCE, READ_COMMITTED)))
                .as("on the broker itself the same producer recovers").containsExactly("recovered");
    }

    @Test
    void producersNeverRefusedForTheirEpochPassUntouched() {
        String topic = Clients.unique("not-fenced");
        Clients.createTopics(broker, topic);
        String transactionalId = Clients.unique("txn");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new FenceAfterStaleEpoch())) {
            try (KafkaProducer<String, String> producer = Clients.producer(proxy.bootstrapServers(),
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
                producer.initTransactions();
                producer.beginTransaction();
                Clients.send(producer, topic, List.of("aborted"));
                producer.abortTransaction();
                producer.beginTransaction();
                Clients.send(producer, topic, List.of("committed"));
                producer.commitTransaction();
            }
            try (KafkaProducer<String, String> successor = Clients.producer(proxy.bootstrapServers(),
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId))) {
                successor.initTransactions();
                successor.beginTransaction();
                Clients.send(successor, topic, List.of("successor"));
                successor.commitTransaction();
            }
            assertThat(proxy.problems()).isEmpty();
        }
        assertThat(Clients.valuesOf(Clients.read(broker, topic, 2, PATIENCE, READ_COMMITTED)))
                .containsExactly("committed", "successor");
    }

    private static KafkaProducer<String, String> timingOut(String bootstrap, String transactionalId) {
        return Clients.producer(bootstrap, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 3000));
    }

    /** Waits until the last stable offset of partition 0 is past its first record: the transaction was aborted. */
    private static void awaitAborted(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Clients.admin(broker)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(partition).get()
                            .offset() > 0);
        }
    }
}
