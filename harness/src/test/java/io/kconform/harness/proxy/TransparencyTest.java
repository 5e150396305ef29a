package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.launch.RunningTarget;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With no mutations, every kind of client works through the proxy as it does against the broker. */
@ExtendWith(SharedBroker.class)
class TransparencyTest {

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void idempotentProducerAndGroupConsumerWorkThroughTheProxy() throws Exception {
        String topic = Clients.unique("plain");
        String group = Clients.unique("group");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, List.of())) {
            Clients.produce(proxy.bootstrapServers(), topic, Map.of(), Clients.values(10, "v"));

            List<String> consumed = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = Clients.consumer(proxy.bootstrapServers(),
                    Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (consumed.size() < 10 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> consumed.add(r.value()));
                }
                consumer.commitSync();
            }

            assertThat(consumed).containsExactlyElementsOf(Clients.values(10, "v"));
            try (Admin direct = Clients.admin(broker)) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        direct.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                assertThat(committed.get(new TopicPartition(topic, 0)).offset()).isEqualTo(10);
            }
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void consumerOfTheNewGroupProtocolWorksThroughTheProxy() {
        String topic = Clients.unique("kip848");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), Clients.values(3, "n"));
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, List.of())) {
            List<String> consumed = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = Clients.consumer(proxy.bootstrapServers(),
                    Map.of(ConsumerConfig.GROUP_ID_CONFIG, Clients.unique("group"),
                            ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"))) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (consumed.size() < 3 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> consumed.add(r.value()));
                }
            }
            assertThat(consumed).containsExactly("n0", "n1", "n2");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void transactionsCommitThroughTheProxy() {
        String topic = Clients.unique("txn");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, List.of())) {
            try (KafkaProducer<String, String> producer = Clients.producer(proxy.bootstrapServers(),
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("txn-id")))) {
                producer.initTransactions();
                producer.beginTransaction();
                Clients.send(producer, topic, List.of("t0", "t1"));
                producer.commitTransaction();
            }

            List<ConsumerRecord<String, String>> seen = Clients.read(proxy.bootstrapServers(), topic, 2,
                    Duration.ofSeconds(10), Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
            assertThat(Clients.valuesOf(seen)).containsExactly("t0", "t1");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void adminCreatesDescribesAndDeletesTopicsThroughTheProxy() throws Exception {
        String topic = Clients.unique("admin");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, List.of());
             Admin admin = Clients.admin(proxy.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(2);

            Collection<Node> nodes = admin.describeCluster().nodes().get();
            assertThat(nodes).singleElement().satisfies(node ->
                    assertThat(node.host() + ":" + node.port()).isEqualTo(proxy.bootstrapServers()));
            assertThat(description.partitions().get(0).leader().port())
                    .isEqualTo(Integer.parseInt(proxy.bootstrapServers().split(":")[1]));

            admin.deleteTopics(List.of(topic)).all().get();
            // the broker's metadata cache learns of the deletion a moment after the controller
            Awaitility.await("deleted topic gone from metadata").atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(admin.listTopics().names().get()).doesNotContain(topic));
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void passesOnRequestsAtVersionsItDoesNotKnow() throws Exception {
        // ApiVersions at a version from the future: the broker answers UNSUPPORTED_VERSION in v0 format.
        short futureVersion = Short.MAX_VALUE;
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, List.of());
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), port(proxy))) {
            socket.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            // header v2: api key, version, correlation id, null client id, no tagged fields
            ByteBuffer header = ByteBuffer.allocate(2 + 2 + 4 + 2 + 1)
                    .putShort(ApiKeys.API_VERSIONS.id).putShort(futureVersion).putInt(4242).putShort((short) -1)
                    .put((byte) 0);
            out.writeInt(header.capacity());
            out.write(header.array());
            out.flush();

            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            assertThat(size).isPositive();
            assertThat(in.readInt()).as("correlation id").isEqualTo(4242);
            assertThat(in.readShort()).as("error code").isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void closeStopsEveryThreadAndConnection() throws Exception {
        KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, List.of());
        try (Admin admin = Clients.admin(proxy.bootstrapServers())) {
            admin.describeCluster().nodes().get();
            assertThat(proxyThreads()).isNotEmpty();

            long start = System.nanoTime();
            proxy.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(proxyThreads()).isEmpty();
        }
    }

    private static Set<String> proxyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("kconform-proxy-"))
                .collect(Collectors.toSet());
    }

    private static int port(KafkaMutatingProxy proxy) {
        return Integer.parseInt(proxy.bootstrapServers().substring(proxy.bootstrapServers().lastIndexOf(':') + 1));
    }
}
