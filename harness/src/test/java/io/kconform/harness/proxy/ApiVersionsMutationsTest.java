package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.wire.WireClient;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.ApiVersionsError;
import io.kconform.harness.proxy.mutations.CapApiVersion;
import io.kconform.harness.proxy.mutations.InvertApiRange;
import io.kconform.harness.proxy.mutations.StripApis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mutations of the ApiVersions handshake: what clients do when an API or version is not offered. */
@ExtendWith(SharedBroker.class)
class ApiVersionsMutationsTest {

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void withoutInitProducerIdTheDefaultIdempotentProducerFails() {
        String topic = Clients.unique("no-pid");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new StripApis(ApiKeys.INIT_PRODUCER_ID))) {
            assertThatThrownBy(() -> Clients.produce(proxy.bootstrapServers(), topic,
                    Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                    List.of("x")))
                    .satisfies(e -> assertThat(Causes.chain(e)).hasAtLeastOneElementOfType(UnsupportedVersionException.class));
            assertThat(Clients.endOffset(broker, topic)).isZero();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void withoutDeleteRecordsAdminDeleteRecordsIsUnsupported() {
        String topic = Clients.unique("no-delete");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), Clients.values(3, "d"));
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new StripApis(ApiKeys.DELETE_RECORDS));
             Admin admin = Clients.admin(proxy.bootstrapServers())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            assertThatThrownBy(() -> admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(2))).all().get())
                    .satisfies(e -> assertThat(Causes.chain(e)).hasAtLeastOneElementOfType(UnsupportedVersionException.class));
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void produceCappedAtVersion6NeverDeliversZstdButStillTakesGzip() {
        String topic = Clients.unique("cap-produce");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new CapApiVersion(ApiKeys.PRODUCE, (short) 6))) {
            // zstd needs Produce v7. The Java producer's I/O thread fails to build the request
            // (UnsupportedCompressionTypeException, logged as "Uncaught error") and the batch expires.
            assertThatThrownBy(() -> Clients.produce(proxy.bootstrapServers(), topic,
                    Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd", ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000), List.of("z")))
                    .satisfies(e -> assertThat(Causes.chain(e)).hasAtLeastOneElementOfType(TimeoutException.class));
            assertThat(Clients.endOffset(broker, topic)).isZero();

            Clients.produce(proxy.bootstrapServers(), topic, Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"),
                    List.of("g"));
            assertThat(Clients.endOffset(broker, topic)).isEqualTo(1);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void apiVersionsAnsweredWithAnErrorLeavesClientsWithoutAConnection() {
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new ApiVersionsError(Errors.UNKNOWN_SERVER_ERROR))) {
            String[] address = proxy.bootstrapServers().split(":");
            try (WireClient wire = WireClient.connect(address[0], Integer.parseInt(address[1]), Map.of(),
                    Duration.ofSeconds(5))) {
                ApiVersionsResponse answer = (ApiVersionsResponse) wire.send(new ApiVersionsRequest.Builder(),
                        ApiKeys.API_VERSIONS.latestVersion());
                assertThat(Errors.forCode(answer.data().errorCode())).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
                assertThat(answer.data().apiKeys()).isEmpty();
            }

            try (Admin admin = Clients.admin(proxy.bootstrapServers(),
                    Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
                assertThatThrownBy(() -> admin.describeCluster().nodes().get())
                        .satisfies(e -> assertThat(Causes.chain(e)).hasAtLeastOneElementOfType(TimeoutException.class));
            }
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void anInvertedRangeListsTheApiWithMinAboveMaxAndLeavesTheOthers() {
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new InvertApiRange(ApiKeys.PRODUCE))) {
            String[] address = proxy.bootstrapServers().split(":");
            try (WireClient wire = WireClient.connect(address[0], Integer.parseInt(address[1]), Map.of(),
                    Duration.ofSeconds(5))) {
                ApiVersionsResponse answer = (ApiVersionsResponse) wire.send(new ApiVersionsRequest.Builder(),
                        ApiKeys.API_VERSIONS.latestVersion());
                ApiVersion produce = answer.data().apiKeys().find(ApiKeys.PRODUCE.id);
                assertThat(produce).isNotNull();
                assertThat(produce.minVersion()).isEqualTo((short) (produce.maxVersion() + 1));
                ApiVersion fetch = answer.data().apiKeys().find(ApiKeys.FETCH.id);
                assertThat(fetch.minVersion()).isLessThanOrEqualTo(fetch.maxVersion());
            }
            assertThat(proxy.problems()).isEmpty();
        }
    }
}
