package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kconform.api.wire.WireClient;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.DuplicateProduce;
import io.kconform.harness.proxy.mutations.RejectCompression;
import io.kconform.harness.proxy.mutations.StripIdempotence;
import io.kconform.harness.proxy.mutations.SwallowProduce;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.UnsupportedCompressionTypeException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mutations of Produce: lost, refused and duplicated writes. */
@ExtendWith(SharedBroker.class)
class ProduceMutationsTest {

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void swallowedProduceAcknowledgesRecordsThatNobodyCanRead() {
        String topic = Clients.unique("swallow");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new SwallowProduce())) {
            Clients.produce(proxy.bootstrapServers(), topic, Map.of(), Clients.values(10, "lost"));

            assertThat(Clients.read(proxy.bootstrapServers(), topic, 0, Duration.ofSeconds(2))).isEmpty();
            assertThat(Clients.read(broker, topic, 0, Duration.ofSeconds(1))).isEmpty();
            assertThat(Clients.endOffset(broker, topic)).isZero();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void rejectedCodecFailsItsProducerWhileOtherCodecsAreStored() {
        String topic = Clients.unique("no-zstd");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new RejectCompression(CompressionType.ZSTD))) {
            assertThatThrownBy(() -> Clients.produce(proxy.bootstrapServers(), topic,
                    Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd"), List.of("z")))
                    .satisfies(e -> assertThat(Causes.chain(e)).hasAtLeastOneElementOfType(
                            UnsupportedCompressionTypeException.class));
            Clients.produce(proxy.bootstrapServers(), topic, Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"),
                    List.of("g0", "g1"));

            assertThat(Clients.valuesOf(Clients.read(broker, topic, 2, Duration.ofSeconds(5)))).containsExactly("g0", "g1");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void rejectedCodecIsRefusedPerPartitionWithinOneRequest() {
        String topic = Clients.unique("mixed-codecs");
        Clients.createTopics(broker, 2, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new RejectCompression(CompressionType.ZSTD))) {
            String[] address = proxy.bootstrapServers().split(":");
            TopicProduceDataCollection topics = new TopicProduceDataCollection();
            topics.add(new TopicProduceData().setName(topic).setPartitionData(List.of(
                    new PartitionProduceData().setIndex(0).setRecords(
                            MemoryRecords.withRecords(Compression.zstd().build(), new SimpleRecord("z".getBytes()))),
                    new PartitionProduceData().setIndex(1).setRecords(
                            MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("plain".getBytes()))))));
            ProduceRequestData request = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5_000).setTopicData(topics);

            List<PartitionProduceResponse> answers = new ArrayList<>();
            try (WireClient wire = WireClient.connect(address[0], Integer.parseInt(address[1]), Map.of(),
                    Duration.ofSeconds(5))) {
                // version 12 names topics, so the test need not look up topic ids
                ProduceResponse response = (ProduceResponse) wire.send(ProduceRequest.builder(request), (short) 12);
                response.data().responses().forEach(t -> answers.addAll(t.partitionResponses()));
            }

            assertThat(answers).extracting(PartitionProduceResponse::index, p -> Errors.forCode(p.errorCode()))
                    .containsExactlyInAnyOrder(
                            tuple(0, Errors.UNSUPPORTED_COMPRESSION_TYPE), tuple(1, Errors.NONE));
            assertThat(Clients.endOffset(broker, topic, 0)).isZero();
            assertThat(Clients.endOffset(broker, topic, 1)).isEqualTo(1);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void duplicatedProduceIsDeduplicatedForAnIdempotentProducer() {
        String topic = Clients.unique("dup-idempotent");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new DuplicateProduce())) {
            Clients.produce(proxy.bootstrapServers(), topic, Map.of(), Clients.values(10, "once"));

            assertThat(Clients.endOffset(broker, topic)).isEqualTo(10);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void duplicatedProduceIsStoredTwiceForAPlainProducer() {
        String topic = Clients.unique("dup-plain");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new DuplicateProduce())) {
            Clients.produce(proxy.bootstrapServers(), topic, Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                    ProducerConfig.ACKS_CONFIG, "1"), Clients.values(10, "twice"));

            assertThat(Clients.endOffset(broker, topic)).isEqualTo(20);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void strippedIdempotenceLetsDuplicatesIntoTheLog() {
        String topic = Clients.unique("dup-stripped");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new StripIdempotence(), new DuplicateProduce())) {
            Clients.produce(proxy.bootstrapServers(), topic, Map.of(), Clients.values(10, "dup"));

            List<String> stored = Clients.valuesOf(Clients.read(broker, topic, 20, Duration.ofSeconds(5)));
            assertThat(stored).hasSize(20);
            assertThat(stored).isSubsetOf(Clients.values(10, "dup"));
            assertThat(stored.stream().distinct()).hasSize(10);
            assertThat(proxy.problems()).isEmpty();
        }
    }
}
