package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kconform.api.Outcome;
import io.kconform.api.outcome.Classification;
import io.kconform.api.outcome.OutcomeClassifier;
import io.kconform.api.target.TargetFacts;
import io.kconform.api.target.TargetProbe;
import io.kconform.api.wire.WireClient;
import io.kconform.api.wire.WireException;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.CloseOnApiVersions;
import io.kconform.harness.proxy.mutations.NegativeConfigSource;
import io.kconform.harness.proxy.mutations.NullArrays;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replies the Java client cannot use, and handshakes closed on what current clients send, as an
 * independent implementation was seen to give them: each test shows what the client then throws and
 * that the outcome classifier blames the target (FAIL, naming the API), not the harness.
 */
@ExtendWith(SharedBroker.class)
class ReplyFaultMutationsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    /** What a check that threw {@code thrown} comes out as; printed, since the message is the point. */
    private static Classification classified(Throwable thrown) {
        Classification classification = OutcomeClassifier.classify(thrown);
        System.out.println("[reply-faults] " + classification.outcome() + ": " + classification.message());
        return classification;
    }

    @Test
    void nullConfigsInCreateTopicsBreakTheAdminClientWhileTheTopicIsCreated() {
        String topic = Clients.unique("null-configs");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new NullArrays(ApiKeys.CREATE_TOPICS));
             Admin admin = Clients.admin(proxy.bootstrapServers())) {
            Throwable thrown = catchThrowable(() -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
                    .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            assertThat(Causes.chain(thrown)).hasAtLeastOneElementOfType(NullPointerException.class);
            Classification classification = classified(thrown);
            assertThat(classification.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(classification.message()).startsWith("the Java client cannot use the target's CreateTopics reply");
            assertThat(proxy.problems()).isEmpty();
        }
        try (Admin direct = Clients.admin(broker)) {
            assertThat(catchThrowable(() -> direct.describeTopics(List.of(topic)).allTopicNames().get())).isNull();
        }
    }

    @Test
    void nullEntriesInDescribeClientQuotasBreakTheAdminClient() {
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new NullArrays(ApiKeys.DESCRIBE_CLIENT_QUOTAS));
             Admin admin = Clients.admin(proxy.bootstrapServers())) {
            Throwable thrown = catchThrowable(() -> admin.describeClientQuotas(ClientQuotaFilter.all()).entities()
                    .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            assertThat(Causes.chain(thrown)).hasAtLeastOneElementOfType(NullPointerException.class);
            Classification classification = classified(thrown);
            assertThat(classification.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(classification.message()).contains("DescribeClientQuotas reply");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void nullEligibleLeaderReplicasBreakDescribingTopics() {
        String topic = Clients.unique("null-elr");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new NullArrays(ApiKeys.DESCRIBE_TOPIC_PARTITIONS));
             Admin admin = Clients.admin(proxy.bootstrapServers())) {
            Throwable thrown = catchThrowable(() -> admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            assertThat(thrown).isNotNull();
            Classification classification = classified(thrown);
            assertThat(classification.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(classification.message()).contains("DescribeTopicPartitions reply");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void aNegativeConfigSourceBreaksDescribeConfigs() {
        String topic = Clients.unique("negative-source");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new NegativeConfigSource());
             Admin admin = Clients.admin(proxy.bootstrapServers())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Throwable thrown = catchThrowable(() -> admin.describeConfigs(List.of(resource)).all()
                    .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
            assertThat(Causes.chain(thrown)).hasAtLeastOneElementOfType(IllegalArgumentException.class);
            Classification classification = classified(thrown);
            assertThat(classification.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(classification.message()).contains("DescribeConfigs reply").contains("-1");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void apiVersionsFromV4OnClosesTheConnectionWhileV3IsAnswered() {
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, CloseOnApiVersions.fromVersion((short) 4))) {
            assertThat(apiVersions(proxy, ApiKeys.API_VERSIONS.latestVersion(), null))
                    .isInstanceOf(WireException.class).matches(e -> ((WireException) e).closed());
            assertThat(apiVersions(proxy, (short) 4, null)).isInstanceOf(WireException.class);
            assertThat(apiVersions(proxy, (short) 3, null)).isInstanceOf(ApiVersionsResponse.class);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void apiVersionsWithAClusterIdClosesTheConnectionSoProducersExpireTheirRecords() {
        String topic = Clients.unique("cluster-id-closed");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, CloseOnApiVersions.withClusterId())) {
            short newest = ApiKeys.API_VERSIONS.latestVersion();
            assertThat(apiVersions(proxy, newest, null)).isInstanceOf(ApiVersionsResponse.class);
            assertThat(apiVersions(proxy, newest, "some-cluster")).isInstanceOf(WireException.class)
                    .matches(e -> ((WireException) e).closed());
            // A producer learns the cluster id on its bootstrap connection, then connects to the partition's
            // leader with it set, and that connection is closed each time.
            Throwable thrown = catchThrowable(() -> Clients.produce(proxy.bootstrapServers(), topic,
                    Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                            4_000, ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000), List.of("x")));
            assertThat(thrown).isNotNull();
            Classification classification = classified(thrown);
            assertThat(classification.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(Clients.endOffset(broker, topic)).isZero();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void theProbeReachesATargetThatClosesOnWhatCurrentClientsSendAndRecordsWhatIsAnswered() {
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker)) {
            assertThat(TargetProbe.probe(proxy.bootstrapServers(), Map.of()).handshake().currentClientsConnect())
                    .isTrue();
        }
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, CloseOnApiVersions.fromVersion((short) 4))) {
            TargetFacts facts = TargetProbe.probe(proxy.bootstrapServers(), Map.of());
            System.out.println("[reply-faults] " + facts.handshake().summary());
            assertThat(facts.handshake().refused()).containsExactly(
                    "ApiVersions v5: no response (the target closed the connection)",
                    "ApiVersions v4: no response (the target closed the connection)");
            assertThat(facts.handshake().newestAnswered()).isEqualTo((short) 3);
            assertThat(facts.apiVersionsVersion()).isEqualTo((short) 3);
            assertThat(facts.advertises(ApiKeys.PRODUCE)).isTrue();
            // the admin client cannot connect; Metadata on the bootstrap connection still tells the cluster
            assertThat(facts.clusterId()).isNotEmpty();
            assertThat(facts.nodes()).hasSize(1);
            assertThat(proxy.problems()).isEmpty();
        }
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, CloseOnApiVersions.withClusterId())) {
            TargetFacts facts = TargetProbe.probe(proxy.bootstrapServers(), Map.of());
            System.out.println("[reply-faults] " + facts.handshake().summary());
            assertThat(facts.handshake().refused()).containsExactly("ApiVersions v" + ApiKeys.API_VERSIONS.latestVersion()
                    + " with ClusterId and NodeId set: no response (the target closed the connection)");
            assertThat(facts.handshake().newestAnswered()).isEqualTo(ApiKeys.API_VERSIONS.latestVersion());
            assertThat(proxy.problems()).isEmpty();
        }
    }

    /** The answer to one ApiVersions request on a fresh connection, or what sending it threw. */
    private static Object apiVersions(KafkaMutatingProxy proxy, short version, String clusterId) {
        String[] address = proxy.bootstrapServers().split(",")[0].split(":");
        try (WireClient wire = WireClient.connect(address[0], Integer.parseInt(address[1]), Map.of(),
                Duration.ofSeconds(5))) {
            ApiVersionsRequest.Builder request = new ApiVersionsRequest.Builder();
            if (clusterId != null) {
                request.setClusterId(clusterId);
                request.setNodeId(1);
            }
            ApiVersionsResponse answer = (ApiVersionsResponse) wire.send(request, version);
            assertThat(Errors.forCode(answer.data().errorCode())).isIn(Errors.NONE, Errors.forCode((short) 35));
            return answer;
        } catch (WireException e) {
            return e;
        }
    }

    @Test
    void theMutationsNameWhatTheyBreak() {
        assertThat(Set.of(new NullArrays(ApiKeys.CREATE_TOPICS).name(), new NegativeConfigSource().name(),
                CloseOnApiVersions.fromVersion((short) 4).name(), CloseOnApiVersions.withClusterId().name()))
                .containsExactlyInAnyOrder("NullArrays[CreateTopics]", "NegativeConfigSource",
                        "CloseOnApiVersions[v4+]", "CloseOnApiVersions[ClusterId]");
    }
}
