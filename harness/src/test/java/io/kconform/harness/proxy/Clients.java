package io.kconform.harness.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/** Kafka clients for the proxy's tests, with timeouts short enough that expected failures come fast. */
final class Clients {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    private Clients() {
    }

    /** A topic, group or transactional id no other test uses. */
    static String unique(String what) {
        return "proxy-" + what + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    static Map<String, Object> producerConfig(String bootstrap, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.putAll(overrides);
        return config;
    }

    static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> overrides) {
        return new KafkaProducer<>(producerConfig(bootstrap, overrides));
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return producer(bootstrap, Map.of());
    }

    static KafkaConsumer<String, String> consumer(String bootstrap, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.putAll(overrides);
        return new KafkaConsumer<>(config);
    }

    static Admin admin(String bootstrap) {
        return admin(bootstrap, Map.of());
    }

    static Admin admin(String bootstrap, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.putAll(overrides);
        return Admin.create(config);
    }

    /** Creates topics directly on the broker, so that set-up never depends on the proxy under test. */
    static void createTopics(String brokerBootstrap, String... topics) {
        createTopics(brokerBootstrap, 1, topics);
    }

    static void createTopics(String brokerBootstrap, int partitions, String... topics) {
        try (Admin admin = admin(brokerBootstrap)) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
            awaitLeaders(admin, topics, partitions);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot create " + List.of(topics), e);
        }
    }

    /**
     * Waits until every partition answers ListOffsets: a new topic's partitions reject requests
     * with NOT_LEADER_OR_FOLLOWER until the broker has caught up with its own metadata, and tests
     * that send raw requests do not retry.
     */
    private static void awaitLeaders(Admin admin, String[] topics, int partitions) {
        Map<TopicPartition, OffsetSpec> all = new HashMap<>();
        for (String topic : topics) {
            for (int p = 0; p < partitions; p++) {
                all.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        Awaitility.await("leaders of " + List.of(topics)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> admin.listOffsets(all).all().get().size() == all.size());
    }

    /** Sends values to partition 0 and waits for every acknowledgement. */
    static void produce(String bootstrap, String topic, Map<String, Object> overrides, List<String> values) {
        try (KafkaProducer<String, String> producer = producer(bootstrap, overrides)) {
            send(producer, topic, values);
        }
    }

    static void send(KafkaProducer<String, String> producer, String topic, List<String> values) {
        try {
            List<Future<?>> acks = new ArrayList<>();
            for (String value : values) {
                acks.add(producer.send(new ProducerRecord<>(topic, 0, null, value)));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    static List<String> values(int count, String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(prefix + i);
        }
        return values;
    }

    /**
     * Reads partition 0 from the beginning, without a group, until {@code atLeast} records arrived
     * or {@code patience} passed, then returns what it got; with {@code atLeast} 0 it reads for the
     * whole {@code patience}, to show that nothing comes.
     */
    static List<ConsumerRecord<String, String>> read(String bootstrap, String topic, int atLeast, Duration patience,
                                                     Map<String, Object> overrides) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, overrides)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long deadline = System.nanoTime() + patience.toNanos();
            while (System.nanoTime() < deadline && (atLeast == 0 || records.size() < atLeast)) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    static List<ConsumerRecord<String, String>> read(String bootstrap, String topic, int atLeast, Duration patience) {
        return read(bootstrap, topic, atLeast, patience, Map.of());
    }

    static List<String> valuesOf(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    /** The log end offset of partition 0, asked of the broker directly. */
    static long endOffset(String brokerBootstrap, String topic) {
        return endOffset(brokerBootstrap, topic, 0);
    }

    static long endOffset(String brokerBootstrap, String topic, int partitionIndex) {
        try (Admin admin = admin(brokerBootstrap)) {
            TopicPartition partition = new TopicPartition(topic, partitionIndex);
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot read the end offset of " + topic, e);
        }
    }
}
