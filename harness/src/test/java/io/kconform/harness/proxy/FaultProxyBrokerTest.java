package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.checks.faults.FaultPlan;
import io.kconform.checks.faults.FaultProxy;
import io.kconform.harness.launch.RunningTarget;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The checks' {@link FaultProxy} in front of a real broker: clients follow the proxy's addresses in Metadata,
 * DescribeCluster and FindCoordinator answers, so they stay behind it, and a Produce response it loses makes a
 * real producer retry the batch on a new connection: written once by an idempotent producer, twice by one that is
 * not (so the fault is real).
 */
@ExtendWith(SharedBroker.class)
class FaultProxyBrokerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    /** Small batches (batch.size=1: one or two records), one per request, several in flight: as the eos retry check. */
    private static Map<String, Object> onePerRequest(boolean idempotent) {
        return Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, idempotent ? 5 : 1,
                ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE, ProducerConfig.BATCH_SIZE_CONFIG, 1);
    }

    @Test
    void clientsFollowTheProxysAddressesInMetadataDescribeClusterAndFindCoordinator() throws Exception {
        String topic = Clients.unique("fault-proxy-addresses");
        String group = Clients.unique("fault-proxy-group");
        Clients.createTopics(broker, topic);
        try (FaultProxy proxy = FaultProxy.start(broker, FaultPlan.none());
             Admin admin = Clients.admin(proxy.bootstrapServers())) {
            Set<String> proxyAddresses = Set.of(proxy.bootstrapServers().split(","));
            Collection<Node> nodes = admin.describeCluster().nodes().get();
            assertThat(addresses(nodes)).as("DescribeCluster's brokers").isSubsetOf(proxyAddresses);
            Node leader = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0)
                    .leader();
            assertThat(addresses(List.of(leader))).as("Metadata's leader").isSubsetOf(proxyAddresses);

            Clients.produce(proxy.bootstrapServers(), topic, Map.of(), Clients.values(5, "v"));
            try (KafkaConsumer<String, String> consumer = Clients.consumer(proxy.bootstrapServers(),
                    Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
                consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(5)));
            }
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            assertThat(addresses(List.of(description.coordinator()))).as("FindCoordinator's coordinator")
                    .isSubsetOf(proxyAddresses);
            assertThat(Clients.valuesOf(Clients.read(broker, topic, 5, PATIENCE)))
                    .containsExactlyElementsOf(Clients.values(5, "v"));
            assertThat(proxy.requests(ApiKeys.PRODUCE)).isPositive();
            assertThat(proxy.requests(ApiKeys.FIND_COORDINATOR)).isPositive();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void anIdempotentProducerRetriesALostProduceResponseAndEachRecordIsWrittenOnce() {
        String topic = Clients.unique("fault-proxy-idempotent");
        Clients.createTopics(broker, topic);
        List<String> values = Clients.values(10, "idempotent-");
        try (FaultProxy proxy = FaultProxy.start(broker, FaultPlan.none().loseResponseOf(ApiKeys.PRODUCE, 2))) {
            try (KafkaProducer<String, String> producer = Clients.producer(proxy.bootstrapServers(),
                    onePerRequest(true))) {
                Clients.send(producer, topic, values);
            }
            assertThat(proxy.lostResponses()).singleElement().satisfies(lost -> {
                assertThat(lost.apiKey()).isEqualTo(ApiKeys.PRODUCE);
                assertThat(lost.nth()).isEqualTo(2);
                assertThat(lost.answer()).as("the target appended the batch before the response was lost")
                        .contains("NONE at base offset");
            });
            assertThat(proxy.connectionsCut()).isEqualTo(1);
            assertThat(proxy.problems()).isEmpty();
        }
        assertThat(Clients.valuesOf(Clients.read(broker, topic, values.size(), PATIENCE)))
                .as("read from the broker directly").containsExactlyElementsOf(values);
        assertThat(Clients.endOffset(broker, topic)).isEqualTo(values.size());
    }

    @Test
    void aProducerThatIsNotIdempotentWritesTheRetriedBatchTwice() {
        String topic = Clients.unique("fault-proxy-not-idempotent");
        Clients.createTopics(broker, topic);
        List<String> values = Clients.values(4, "plain-");
        try (FaultProxy proxy = FaultProxy.start(broker, FaultPlan.none().loseResponseOf(ApiKeys.PRODUCE, 2))) {
            try (KafkaProducer<String, String> producer = Clients.producer(proxy.bootstrapServers(),
                    onePerRequest(false))) {
                Clients.send(producer, topic, values);
            }
            assertThat(proxy.lostResponses()).hasSize(1);
        }
        List<String> log = Clients.valuesOf(Clients.read(broker, topic, values.size() + 1, PATIENCE));
        assertThat(log).as("every record, and the batch whose response was lost twice").containsAll(values)
                .hasSizeGreaterThan(values.size());
    }

    private static Set<String> addresses(Collection<Node> nodes) {
        return nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.toSet());
    }
}
