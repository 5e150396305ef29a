package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.wire.WireClient;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.MisstateTopicMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.MetadataResponse.PartitionMetadata;
import org.apache.kafka.common.requests.MetadataResponse.TopicMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mutations of Metadata answers: clients are told the wrong thing about a topic's partitions. */
@ExtendWith(SharedBroker.class)
class MetadataMutationsTest {

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void theLastPartitionOfATopicOfSeveralIsLeftOutAndOnePartitionTopicsAreKept() {
        String three = Clients.unique("three");
        String one = Clients.unique("one");
        Clients.createTopics(broker, 3, three);
        Clients.createTopics(broker, 1, one);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, MisstateTopicMetadata.dropLastPartition())) {
            MetadataResponse viaProxy = metadata(proxy.bootstrapServers(), three, one);

            assertThat(partitions(viaProxy, three)).containsExactly(0, 1);
            assertThat(partitions(viaProxy, one)).containsExactly(0);
            assertThat(partitions(metadata(broker, three), three)).containsExactly(0, 1, 2);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void everyLeaderIsABrokerTheAnswerDoesNotList() {
        String topic = Clients.unique("leaders");
        Clients.createTopics(broker, 2, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, MisstateTopicMetadata.unknownLeaders())) {
            MetadataResponse viaProxy = metadata(proxy.bootstrapServers(), topic);
            Set<Integer> brokers = viaProxy.brokers().stream().map(Node::id).collect(Collectors.toSet());
            List<PartitionMetadata> partitions = find(viaProxy, topic).partitionMetadata();

            assertThat(brokers).isNotEmpty();
            assertThat(partitions).hasSize(2).allSatisfy(p -> assertThat(p.leaderId.orElseThrow()).isNotIn(brokers));
            assertThat(find(metadata(broker, topic), topic).partitionMetadata())
                    .allSatisfy(p -> assertThat(p.leaderId.orElseThrow()).isIn(brokers));
            assertThat(proxy.problems()).isEmpty();
        }
    }

    private static MetadataResponse metadata(String bootstrap, String... topics) {
        String[] address = bootstrap.split(":");
        try (WireClient wire = WireClient.connect(address[0], Integer.parseInt(address[1]), Map.of(),
                Duration.ofSeconds(5))) {
            return (MetadataResponse) wire.send(new MetadataRequest.Builder(List.of(topics), false),
                    ApiKeys.METADATA.latestVersion());
        }
    }

    private static TopicMetadata find(MetadataResponse response, String topic) {
        return response.topicMetadata().stream().filter(t -> t.topic().equals(topic)).findFirst().orElseThrow();
    }

    private static List<Integer> partitions(MetadataResponse response, String topic) {
        return find(response, topic).partitionMetadata().stream().map(PartitionMetadata::partition).sorted().toList();
    }
}
