package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.wire.WireClient;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.RefuseFirstAfterEndTxn;
import io.kconform.harness.proxy.mutations.RestampStaleTransactionalEpochs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutations of the transaction coordinator's and leaders' defences: a transactional write of a stale epoch let in
 * (no KIP-890 defence), a transaction begun right after EndTxn refused for good (no CONCURRENT_TRANSACTIONS).
 */
@ExtendWith(SharedBroker.class)
class TransactionDefenceMutationsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final short PRODUCE_V13 = 13;
    private static final short END_TXN_V5 = 5;

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void aLateWriteOfTheOldEpochIsRefusedByTheBrokerAndTakenIntoANewTransactionThroughTheProxy() throws Exception {
        String directTopic = Clients.unique("stale-direct");
        String proxiedTopic = Clients.unique("stale-proxied");
        Clients.createTopics(broker, directTopic, proxiedTopic);
        assertThat(lateWrite(broker, directTopic)).as("on the broker: the old epoch is fenced")
                .isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        assertThat(Clients.valuesOf(Clients.read(broker, directTopic, 1, PATIENCE))).as("on the broker")
                .containsExactly("txn-0");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new RestampStaleTransactionalEpochs())) {
            assertThat(lateWrite(proxy.bootstrapServers(), proxiedTopic)).as("through the proxy: re-stamped, taken")
                    .isEqualTo(Errors.NONE);
            assertThat(proxy.problems()).isEmpty();
        }
        assertThat(Clients.valuesOf(Clients.read(broker, proxiedTopic, 2, PATIENCE,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))))
                .as("the late write committed with the transaction the proxy's next EndTxn ended")
                .containsExactly("txn-0", "late-0");
    }

    @Test
    void theFirstTransactionalRequestAfterEndTxnIsRefusedForGood() {
        String topic = Clients.unique("refuse-after-end");
        Clients.createTopics(broker, topic);
        try (KafkaProducer<String, String> producer = Clients.producer(broker,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("txn")))) {
            producer.initTransactions();
            for (int i = 0; i < 2; i++) {
                producer.beginTransaction();
                Clients.send(producer, topic, List.of("direct-" + i));
                producer.commitTransaction();
            }
        }
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new RefuseFirstAfterEndTxn());
             KafkaProducer<String, String> producer = Clients.producer(proxy.bootstrapServers(),
                     Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("txn")))) {
            producer.initTransactions();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("proxied-0"));
            producer.commitTransaction();
            producer.beginTransaction();
            assertThatThrownBy(() -> {
                producer.send(new ProducerRecord<>(topic, "proxied-1")).get();
                producer.commitTransaction();
            }).as("the next transaction's first request is refused with INVALID_TXN_STATE")
                    .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(InvalidTxnStateException.class),
                            e -> assertThat(e).hasRootCauseInstanceOf(InvalidTxnStateException.class));
        }
        assertThat(Clients.valuesOf(Clients.read(broker, topic, 3, PATIENCE,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))))
                .as("directly both transactions commit; through the proxy the first only")
                .containsExactly("direct-0", "direct-1", "proxied-0");
    }

    @Test
    void writesOfTheCurrentEpochPassUnchanged() throws Exception {
        String topic = Clients.unique("stale-current");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new RestampStaleTransactionalEpochs());
             WireClient wire = connect(proxy.bootstrapServers())) {
            Uuid topicId = topicId(topic);
            Txn id = initProducerId(wire, Clients.unique("txn"));
            for (int i = 0; i < 2; i++) {
                assertThat(produce(wire, id, topic, topicId, id.producerEpoch(), i, "txn-" + i))
                        .as("write %d at the current epoch", i).isEqualTo(Errors.NONE);
            }
            assertThat(endTxn(wire, id, id.producerEpoch()).errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(proxy.problems()).isEmpty();
        }
        assertThat(Clients.valuesOf(Clients.read(broker, topic, 2, PATIENCE))).containsExactly("txn-0", "txn-1");
    }

    /**
     * One transaction committed with EndTxn v5, its markers awaited, then a write of its epoch with the next
     * sequence; returns that write's answer. Through the proxy, the transaction the late write opened is
     * committed too, so that nothing is left open on the shared broker.
     */
    private static Errors lateWrite(String bootstrap, String topic) throws Exception {
        try (WireClient wire = connect(bootstrap)) {
            Uuid topicId = topicId(topic);
            Txn id = initProducerId(wire, Clients.unique("txn"));
            short epoch = id.producerEpoch();
            assertThat(produce(wire, id, topic, topicId, epoch, 0, "txn-0")).isEqualTo(Errors.NONE);
            EndTxnResponseData committed = endTxn(wire, id, epoch);
            assertThat(committed.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(committed.producerEpoch()).as("bumped by EndTxn v5").isGreaterThan(epoch);
            awaitStable(topic, 2);
            Errors late = produce(wire, id, topic, topicId, epoch, 1, "late-0");
            if (late == Errors.NONE) {
                assertThat(endTxn(wire, id, committed.producerEpoch()).errorCode()).isEqualTo(Errors.NONE.code());
            }
            return late;
        }
    }

    private static WireClient connect(String bootstrap) {
        String[] hostPort = bootstrap.split(",")[0].split(":");
        return WireClient.connect(hostPort[0], Integer.parseInt(hostPort[1]), Map.of(), PATIENCE);
    }

    private static Uuid topicId(String topic) throws Exception {
        try (Admin admin = Clients.admin(broker)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        }
    }

    /** A transactional id and the producer id and epoch InitProducerId gave it. */
    private record Txn(String transactionalId, long producerId, short producerEpoch) {
    }

    private static Txn initProducerId(WireClient wire, String transactionalId) {
        // FindCoordinator first: the broker creates its transaction state topic on that request
        Awaitility.await().atMost(PATIENCE).until(() -> ((FindCoordinatorResponse) wire.send(
                new FindCoordinatorRequest.Builder(new FindCoordinatorRequestData()
                        .setKeyType(FindCoordinatorRequest.CoordinatorType.TRANSACTION.id())
                        .setCoordinatorKeys(List.of(transactionalId))), (short) 4)).data().coordinators().get(0)
                .errorCode() == Errors.NONE.code());
        InitProducerIdResponseData data = Awaitility.await().atMost(PATIENCE).until(() -> ((InitProducerIdResponse) wire.send(
                new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                        .setTransactionalId(transactionalId)
                        .setTransactionTimeoutMs(60_000)
                        .setProducerId(-1)
                        .setProducerEpoch((short) -1)), (short) 5)).data(),
                answer -> answer.errorCode() == Errors.NONE.code());
        return new Txn(transactionalId, data.producerId(), data.producerEpoch());
    }

    private static Errors produce(WireClient wire, Txn id, String topic, Uuid topicId,
                                  short epoch, int sequence, String value) {
        MemoryRecords batch = MemoryRecords.withTransactionalRecords(Compression.NONE, id.producerId(), epoch,
                sequence, new SimpleRecord(value.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)));
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setTopicId(topicId)
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(batch))));
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000)
                .setTransactionalId(id.transactionalId()).setTopicData(topics);
        ProduceResponse response = (ProduceResponse) wire.send(
                new ProduceRequest.Builder(PRODUCE_V13, PRODUCE_V13, request), PRODUCE_V13);
        return Errors.forCode(response.data().responses().iterator().next().partitionResponses().get(0).errorCode());
    }

    private static EndTxnResponseData endTxn(WireClient wire, Txn id, short epoch) {
        return ((EndTxnResponse) wire.send(new EndTxnRequest.Builder(new EndTxnRequestData()
                .setTransactionalId(id.transactionalId()).setProducerId(id.producerId()).setProducerEpoch(epoch)
                .setCommitted(true), true), END_TXN_V5)).data();
    }

    private static void awaitStable(String topic, long offset) {
        TopicPartition partition = new TopicPartition(topic, 0);
        Awaitility.await().atMost(PATIENCE).until(() -> {
            try (Admin admin = Clients.admin(broker)) {
                return admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(partition).get().offset();
            }
        }, stable -> stable >= offset);
    }
}
