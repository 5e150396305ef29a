package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.wire.ErrorFields;
import io.kconform.api.wire.WireClient;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.ClampTransactionTimeout;
import io.kconform.harness.proxy.mutations.DropOffsetMetadata;
import io.kconform.harness.proxy.mutations.ErrorForApi;
import io.kconform.harness.proxy.mutations.ErrorForClient;
import io.kconform.harness.proxy.mutations.RewriteErrorCode;
import io.kconform.harness.proxy.mutations.TrimFetchedBatches;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutations of error answers and of what errors protect: wrong codes, one code for everything, cut
 * batches, lost metadata, clamped timeouts.
 */
@ExtendWith(SharedBroker.class)
class ErrorMutationsTest {

    /** Version 12 names topics in Produce, 12 in Fetch, so the tests need no topic ids. */
    private static final short BY_NAME = 12;

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void rewrittenProduceErrorReachesTheClientWhileTheBrokerStillRefuses() {
        String topic = Clients.unique("rewrite-produce");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new RewriteErrorCode(ApiKeys.PRODUCE, Errors.UNKNOWN_TOPIC_OR_PARTITION, Errors.UNKNOWN_SERVER_ERROR))) {
            // partition 5 does not exist
            assertThat(Errors.forCode(produce(proxy.bootstrapServers(), topic, 5, batch(1)).errorCode()))
                    .isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
            assertThat(Errors.forCode(produce(broker, topic, 5, batch(1)).errorCode()))
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            // other answers are untouched
            assertThat(Errors.forCode(produce(proxy.bootstrapServers(), topic, 0, batch(1)).errorCode()))
                    .isEqualTo(Errors.NONE);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void oneErrorInEveryFieldOfTheAnswersToOneClientAndNoOtherClient() {
        String topic = Clients.unique("error-for-client");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new ErrorForClient("kconform-test-stub", Errors.UNKNOWN_SERVER_ERROR))) {
            MetadataResponse stubbed = metadata(proxy.bootstrapServers(), "kconform-test-stub", topic);
            // the broker's answer, with the top-level, topic and partition codes all rewritten
            assertThat(ErrorFields.of(stubbed, METADATA_V13)).extracting(ErrorFields.ErrorField::toString)
                    .containsExactly("UNKNOWN_SERVER_ERROR at topics[0].error_code",
                            "UNKNOWN_SERVER_ERROR at topics[0].partitions[0].error_code",
                            "UNKNOWN_SERVER_ERROR at error_code");
            assertThat(stubbed.data().topics().find(topic).partitions()).hasSize(1);
            MetadataResponse other = metadata(proxy.bootstrapServers(), "kconform-test-other", topic);
            assertThat(ErrorFields.of(other, METADATA_V13)).extracting(ErrorFields.ErrorField::errorName)
                    .containsOnly("NONE");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void oneErrorInEveryFieldOfTheAnswersToOneApiAndNoOtherApi() {
        String topic = Clients.unique("error-for-api");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new ErrorForApi(ApiKeys.METADATA, Errors.UNKNOWN_SERVER_ERROR))) {
            MetadataResponse answered = metadata(proxy.bootstrapServers(), "kconform-test-any", topic);
            assertThat(ErrorFields.of(answered, METADATA_V13)).extracting(ErrorFields.ErrorField::toString)
                    .containsExactly("UNKNOWN_SERVER_ERROR at topics[0].error_code",
                            "UNKNOWN_SERVER_ERROR at topics[0].partitions[0].error_code",
                            "UNKNOWN_SERVER_ERROR at error_code");
            assertThat(ErrorFields.of(metadata(broker, "kconform-test-any", topic), METADATA_V13))
                    .extracting(ErrorFields.ErrorField::errorName).containsOnly("NONE");
            // another API through the same proxy is untouched
            assertThat(Errors.forCode(produce(proxy.bootstrapServers(), topic, 0, batch(1)).errorCode()))
                    .isEqualTo(Errors.NONE);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void rewrittenFetchErrorHidesOffsetOutOfRange() {
        String topic = Clients.unique("rewrite-fetch");
        Clients.createTopics(broker, topic);
        produce(broker, topic, 0, batch(3));
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new RewriteErrorCode(ApiKeys.FETCH, Errors.OFFSET_OUT_OF_RANGE, Errors.NONE))) {
            assertThat(Errors.forCode(fetch(proxy.bootstrapServers(), topic, 50).errorCode())).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(fetch(broker, topic, 50).errorCode())).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void fetchFromInsideABatchGetsTheBatchCutThere() {
        String topic = Clients.unique("trim");
        Clients.createTopics(broker, topic);
        produce(broker, topic, 0, batch(5));
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new TrimFetchedBatches())) {
            List<RecordBatch> direct = batches(fetch(broker, topic, 2));
            List<RecordBatch> cut = batches(fetch(proxy.bootstrapServers(), topic, 2));
            List<RecordBatch> fromStart = batches(fetch(proxy.bootstrapServers(), topic, 0));

            assertThat(direct).extracting(RecordBatch::baseOffset).containsExactly(0L);
            assertThat(cut).extracting(RecordBatch::baseOffset).containsExactly(2L);
            assertThat(cut.get(0).lastOffset()).isEqualTo(4L);
            assertThat(cut.get(0).isValid()).isTrue();
            assertThat(values(cut.get(0))).containsExactly("v2", "v3", "v4");
            assertThat(fromStart).extracting(RecordBatch::baseOffset).containsExactly(0L);
            assertThat(values(fromStart.get(0))).containsExactly("v0", "v1", "v2", "v3", "v4");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void droppedMetadataLeavesTheOffsetButNotTheString() throws Exception {
        String topic = Clients.unique("metadata");
        String group = Clients.unique("metadata-group");
        Clients.createTopics(broker, topic);
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin direct = Clients.admin(broker)) {
            direct.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(0, Optional.empty(), "state=7")))
                    .all().get();
            try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new DropOffsetMetadata());
                 Admin viaProxy = Clients.admin(proxy.bootstrapServers())) {
                OffsetAndMetadata seen = viaProxy.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                        .get(tp);
                OffsetAndMetadata stored = direct.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                        .get(tp);

                assertThat(stored.metadata()).isEqualTo("state=7");
                assertThat(seen.offset()).isZero();
                assertThat(seen.metadata()).isEmpty();
                assertThat(proxy.problems()).isEmpty();
            }
        }
    }

    @Test
    void clampedTransactionTimeoutIsAcceptedWhereTheBrokerRefusesIt() {
        Map<String, Object> tooLong = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("clamped-txn"),
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 900_001);
        try (KafkaProducer<String, String> producer = Clients.producer(broker, tooLong)) {
            // the producer reports INVALID_TRANSACTION_TIMEOUT as an "unexpected error" with the broker's message
            assertThatThrownBy(producer::initTransactions).isInstanceOf(KafkaException.class)
                    .hasMessageContaining(Errors.INVALID_TRANSACTION_TIMEOUT.message());
        }
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new ClampTransactionTimeout(Duration.ofMillis(900_000)));
             KafkaProducer<String, String> producer = Clients.producer(proxy.bootstrapServers(), tooLong)) {
            producer.initTransactions();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    private static MemoryRecords batch(int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(("k" + i).getBytes(StandardCharsets.UTF_8),
                    ("v" + i).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    private static PartitionProduceResponse produce(String bootstrap, String topic, int partition, MemoryRecords records) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(List.of(
                new ProduceRequestData.PartitionProduceData().setIndex(partition).setRecords(records))));
        ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5_000).setTopicData(topics);
        try (WireClient wire = connect(bootstrap)) {
            ProduceResponse response = (ProduceResponse) wire.send(ProduceRequest.builder(request), BY_NAME);
            return response.data().responses().iterator().next().partitionResponses().get(0);
        }
    }

    private static FetchResponseData.PartitionData fetch(String bootstrap, String topic, long offset) {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (WireClient wire = connect(bootstrap)) {
            FetchResponse response = (FetchResponse) wire.send(FetchRequest.Builder.forConsumer(BY_NAME, 100, 1,
                    Map.of(tp, new FetchRequest.PartitionData(org.apache.kafka.common.Uuid.ZERO_UUID, offset, -1,
                            1024 * 1024, Optional.empty()))), BY_NAME);
            return response.responseData(Map.of(), BY_NAME).get(tp);
        }
    }

    private static List<RecordBatch> batches(FetchResponseData.PartitionData data) {
        List<RecordBatch> batches = new ArrayList<>();
        FetchResponse.recordsOrFail(data).batches().forEach(batches::add);
        return batches;
    }

    private static List<String> values(RecordBatch batch) {
        List<String> values = new ArrayList<>();
        for (Record r : batch) {
            values.add(StandardCharsets.UTF_8.decode(r.value()).toString());
        }
        return values;
    }

    private static final short METADATA_V13 = 13;

    private static MetadataResponse metadata(String bootstrap, String clientId, String topic) {
        String[] hostPort = bootstrap.split(":");
        try (WireClient wire = WireClient.connect(hostPort[0], Integer.parseInt(hostPort[1]), Map.of(),
                Duration.ofSeconds(5), clientId)) {
            return (MetadataResponse) wire.send(new MetadataRequest.Builder(List.of(topic), false), METADATA_V13);
        }
    }

    private static WireClient connect(String bootstrap) {
        String[] hostPort = bootstrap.split(":");
        return WireClient.connect(hostPort[0], Integer.parseInt(hostPort[1]), Map.of(), Duration.ofSeconds(5));
    }
}
