package io.kconform.api.context;

import io.kconform.api.outcome.HarnessException;
import io.kconform.api.outcome.SetUpRefusedByTargetException;
import io.kconform.api.outcome.UnsupportedFeatureException;
import io.kconform.api.target.ClientPrincipal;
import io.kconform.api.target.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A target plus everything made against it by one owner (a check, or a fixture shared by the
 * checks of a class): resource names under the run's prefix, Kafka clients configured for the
 * target, temporary directories. {@link #close()} closes the clients and deletes the directories,
 * newest first; topics are left for the run's cleanup, which deletes everything under the prefix.
 *
 * <p>Thread-safe: a check may use it from the threads it starts.
 */
public class TargetContext implements AutoCloseable {

    /** How long an ordinary wait (a topic to appear, records to arrive) may take. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final Target target;
    private final String owner;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final List<Path> tempDirs = new ArrayList<>();
    private final Set<String> adaptations = ConcurrentHashMap.newKeySet();
    private Admin admin;
    private int counter;

    /**
     * @param target the target
     * @param owner  whose resources these are: a check id or a fixture name, part of every name made
     */
    public TargetContext(Target target, String owner) {
        this.target = target;
        this.owner = owner;
    }

    /** The target. */
    public Target target() {
        return target;
    }

    /** A name under the run's prefix for a topic, group or transactional id: {@code <prefix>-<owner>-<suffix>}. */
    public String name(String suffix) {
        return target.names().name(owner, suffix);
    }

    /** A name under the run's prefix that no other call of this context returns. */
    public synchronized String uniqueName(String suffix) {
        return name(suffix + "-" + (++counter));
    }

    /** The target's client properties with bootstrap servers and {@code overrides} applied. */
    public Map<String, Object> clientConfig(Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>(target.clientProperties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.putAll(overrides);
        return config;
    }

    /**
     * Client properties for a client acting as {@code principal} rather than as the harness: that
     * principal's own properties (never merged with the target's), bootstrap servers and
     * {@code overrides}. Holds the principal's secrets: hand it to a Kafka client and nowhere else.
     */
    public Map<String, Object> clientConfigAs(ClientPrincipal principal, Map<String, ?> overrides) {
        Map<String, Object> config = new HashMap<>(principal.clientProperties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.putAll(overrides);
        return config;
    }

    /** An admin client for the target, made once and closed with the context. */
    public synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = clientConfig(Map.of(
                    CommonClientConfigs.CLIENT_ID_CONFIG, name("admin"),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) DEFAULT_WAIT.toMillis()));
            admin = closeLater(Admin.create(config));
        }
        return admin;
    }

    /**
     * A producer of strings for writing a check's data: the Java client's defaults and {@code overrides},
     * idempotent only where the target offers it (see {@link #producer(Serializer, Serializer, Map)}).
     */
    public Producer<String, String> producer(Map<String, ?> overrides) {
        return producer(new StringSerializer(), new StringSerializer(), overrides);
    }

    /**
     * A producer for writing a check's data, closed with the context: the Java client's defaults and
     * {@code overrides}, except that it is idempotent (the default since Java clients 3.0) only where the
     * target advertises InitProducerId. A check about compression, acks or compaction must say something
     * about that, not fail on the idempotent producer it uses only to write its records; whether the
     * default producer works is {@code eos.idempotent.default-producer}'s finding, which uses
     * {@link #defaultProducer}. Where {@code overrides} set {@code enable.idempotence} or a transactional
     * id, they decide, as the check asked.
     */
    public <K, V> Producer<K, V> producer(Serializer<K> keys, Serializer<V> values, Map<String, ?> overrides) {
        return closeLater(new KafkaProducer<>(dataProducerConfig(overrides), keys, values));
    }

    /** The configuration of {@link #producer(Serializer, Serializer, Map)}: defaults adapted to the target. */
    Map<String, Object> dataProducerConfig(Map<String, ?> overrides) {
        Map<String, Object> config = producerConfig(overrides);
        if (!overrides.containsKey(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)
                && !overrides.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)
                && !target.facts().advertises(ApiKeys.INIT_PRODUCER_ID)) {
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            // Without sequence numbers a retried batch could overtake the next one: one request in
            // flight keeps the order the check writes in, as idempotence would.
            if (!overrides.containsKey(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)) {
                config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            }
            adaptOnce("the target does not advertise InitProducerId: this check writes its records with a producer"
                    + " that is not idempotent (enable.idempotence=false, one request in flight); whether the"
                    + " default producer works is eos.idempotent.default-producer's finding");
        }
        return config;
    }

    /**
     * A producer of strings with exactly the Java client's defaults (idempotent, acks=all, whatever the
     * target offers) and {@code overrides}, closed with the context: for checks whose feature is the
     * default producer itself.
     */
    public Producer<String, String> defaultProducer(Map<String, ?> overrides) {
        return closeLater(new KafkaProducer<>(producerConfig(overrides), new StringSerializer(), new StringSerializer()));
    }

    /** The configuration of {@link #defaultProducer}: the client's defaults, bounded waits, {@code overrides}. */
    Map<String, Object> producerConfig(Map<String, ?> overrides) {
        Map<String, Object> config = clientConfig(Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, uniqueName("producer"),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DEFAULT_WAIT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) DEFAULT_WAIT.toMillis() / 2,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) DEFAULT_WAIT.toMillis()));
        config.putAll(overrides);
        return config;
    }

    private void adaptOnce(String what) {
        if (adaptations.add(what)) {
            adapted(what);
        }
    }

    /**
     * Called when something a check needs only incidentally was adapted to what the target offers, with
     * what and why; a check's context records it as evidence.
     */
    protected void adapted(String what) {
    }

    /**
     * A consumer of strings reading from the earliest offset with auto-commit off, unless
     * {@code overrides} say otherwise. It has no group unless {@code overrides} name one.
     */
    public Consumer<String, String> consumer(Map<String, ?> overrides) {
        return consumer(new StringDeserializer(), new StringDeserializer(), overrides);
    }

    /** A consumer, closed with the context: earliest offset, auto-commit off, unless {@code overrides} say otherwise. */
    public <K, V> Consumer<K, V> consumer(Deserializer<K> keys, Deserializer<V> values, Map<String, ?> overrides) {
        Map<String, Object> config = clientConfig(Map.of(
                ConsumerConfig.CLIENT_ID_CONFIG, uniqueName("consumer"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) DEFAULT_WAIT.toMillis()));
        config.putAll(overrides);
        return closeLater(new KafkaConsumer<>(config, keys, values));
    }

    /**
     * Creates a topic under the run's prefix with the target's default replication factor and waits
     * until every partition has a leader that serves it.
     *
     * @param suffix     the part of the name after the owner
     * @param partitions how many partitions
     * @param configs    topic configs; a target that refuses them cleanly makes the check UNSUPPORTED
     * @return the topic's full name
     * @throws SetUpRefusedByTargetException when the target does not create the topic (no answer within the bound,
     *                                       an error other than a clean refusal or a permission refused)
     */
    public String createTopic(String suffix, int partitions, Map<String, String> configs) {
        return createTopic(suffix, partitions, java.util.Optional.empty(), configs);
    }

    /**
     * Creates a topic under the run's prefix with an explicit replication factor, and waits until
     * every partition has a leader; otherwise as {@link #createTopic(String, int, Map)}.
     */
    public String createTopic(String suffix, int partitions, short replicationFactor, Map<String, String> configs) {
        return createTopic(suffix, partitions, java.util.Optional.of(replicationFactor), configs);
    }

    private String createTopic(String suffix, int partitions, java.util.Optional<Short> replicationFactor,
                               Map<String, String> configs) {
        String topic = name(suffix);
        NewTopic newTopic = new NewTopic(topic, java.util.Optional.of(partitions),
                replicationFactor.isPresent() ? replicationFactor : explicitReplicationFactor())
                .configs(configs);
        try {
            admin().createTopics(List.of(newTopic)).all().get(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidConfigurationException
                    || e.getCause() instanceof PolicyViolationException) {
                throw new UnsupportedFeatureException("the target refuses a topic with configs " + configs + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.ApiException) {
                throw new SetUpRefusedByTargetException("the target did not create topic " + topic + ": "
                        + e.getCause(), e.getCause());
            }
            throw new HarnessException("could not create topic " + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new SetUpRefusedByTargetException("the target did not answer CreateTopics for " + topic + " within "
                    + DEFAULT_WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while creating topic " + topic, e);
        }
        awaitLeaders(topic, partitions);
        awaitServed(topic, partitions);
        return topic;
    }

    /**
     * The replication factor to ask for explicitly where the target's CreateTopics cannot ask for its
     * default (before v4, KIP-464): every broker, up to three, a factor the target can satisfy, as
     * production clusters use; empty where the default can be asked for, as checks normally do. Before
     * v4 the Java client refuses to send a default, which would end every check that creates a topic for
     * reasons that have nothing to do with it: {@link #createTopic} uses this, and so do clients that
     * create their own topics (a Connect worker's internal topics, a Streams application's). Recorded as
     * an adaptation when it applies.
     */
    public java.util.Optional<Short> explicitReplicationFactor() {
        if (!target.facts().advertises(ApiKeys.CREATE_TOPICS)
                || target.facts().advertisesAtLeast(ApiKeys.CREATE_TOPICS, (short) 4)) {
            return java.util.Optional.empty();
        }
        int brokers = Await.result(admin().describeCluster().nodes(), "the brokers of the target").size();
        short factor = (short) Math.max(1, Math.min(3, brokers));
        adaptOnce("the target's CreateTopics stops before v4, which cannot ask for the default replication factor:"
                + " topics are created with replication factor " + factor + " (its " + brokers + " broker(s), at"
                + " most 3)");
        return java.util.Optional.of(factor);
    }

    /** A topic with one partition and the target's defaults. */
    public String createTopic(String suffix) {
        return createTopic(suffix, 1, Map.of());
    }

    /**
     * Describes partition {@code partition} of {@code topic} until it is as {@code wanted}, for at most
     * {@code wait}; empty when it never was. Made for checks that stop brokers: a description the target
     * cannot give at the moment (a broker is down, the client asked it first) is asked for again.
     */
    public java.util.Optional<org.apache.kafka.common.TopicPartitionInfo> awaitPartition(String topic, int partition,
            java.util.function.Predicate<org.apache.kafka.common.TopicPartitionInfo> wanted, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = Await.result(admin().describeTopics(List.of(topic)).allTopicNames(),
                        Duration.ofSeconds(10), "the description of " + topic).get(topic);
                org.apache.kafka.common.TopicPartitionInfo info = description.partitions().get(partition);
                if (wanted.test(info)) {
                    return java.util.Optional.of(info);
                }
            } catch (org.apache.kafka.common.KafkaException e) {
                // asked again until the bound
            }
            sleep(Duration.ofMillis(250));
        }
        return java.util.Optional.empty();
    }

    /**
     * Describes a topic the check created (its id, partitions, leaders), within {@link #DEFAULT_WAIT}.
     * A set-up step, like {@link #createTopic}: when the target does not describe it (no answer within the
     * bound, an error), that is the target's fault ({@link SetUpRefusedByTargetException}, a FAIL saying which
     * step); permissions refused stay the set-up's ERROR.
     */
    public TopicDescription describeTopic(String topic) {
        try {
            TopicDescription description = admin().describeTopics(List.of(topic)).allTopicNames()
                    .get(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            if (description == null) {
                throw new SetUpRefusedByTargetException("the target's description of topic " + topic + " left it out",
                        null);
            }
            return description;
        } catch (TimeoutException e) {
            throw new SetUpRefusedByTargetException("the target did not describe topic " + topic + " within "
                    + DEFAULT_WAIT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.ApiException) {
                throw new SetUpRefusedByTargetException("the target did not describe topic " + topic + ": "
                        + e.getCause(), e.getCause());
            }
            throw new HarnessException("could not describe topic " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while describing topic " + topic, e);
        }
    }

    /**
     * Waits until every partition of a topic just created has a leader. A describe that fails with a
     * retriable error (the topic not yet known to the broker that answered, a leader not yet elected) is
     * asked again, and its last cause is given when the wait ends; any other failure ends the wait at
     * once with its cause, which decides the outcome: a reply the Java client cannot use is the
     * target's FAIL (the classifier finds it under the {@link HarnessException}), an error the target
     * answered or no leader within the bound the target's FAIL too ({@link SetUpRefusedByTargetException}).
     */
    private void awaitLeaders(String topic, int partitions) {
        long deadline = System.nanoTime() + DEFAULT_WAIT.toNanos();
        String lastState = "never described";
        Throwable lastCause = null;
        while (System.nanoTime() < deadline) {
            try {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                TopicDescription description = admin().describeTopics(List.of(topic)).allTopicNames()
                        .get(left, TimeUnit.MILLISECONDS).get(topic);
                if (description != null && description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
                lastState = description == null ? "not in the description"
                        : description.partitions().size() + " partition(s) described, leaders " + description.partitions()
                        .stream().map(p -> p.leader() == null || p.leader().isEmpty() ? "none" : p.leader().idString())
                        .toList();
                lastCause = null;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.ApiException
                        && !(e.getCause() instanceof RetriableException)) {
                    throw new SetUpRefusedByTargetException("the target did not describe topic " + topic
                            + ", just created: " + e.getCause(), e.getCause());
                }
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new HarnessException("could not describe topic " + topic + ", just created: " + e.getCause(),
                            e.getCause());
                }
                lastState = "describe failed";
                lastCause = e.getCause();
            } catch (TimeoutException e) {
                lastState = "describe not answered";
                lastCause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted while waiting for topic " + topic, e);
            }
            sleep(Duration.ofMillis(100));
        }
        throw new SetUpRefusedByTargetException("topic " + topic + " has no leader for every partition after "
                + DEFAULT_WAIT.toSeconds() + " s (last: " + lastState + (lastCause == null ? "" : ": " + lastCause) + ")",
                lastCause);
    }

    /**
     * Metadata can name a partition's leader before that leader serves the partition: Apache Kafka 3.x
     * publishes a new topic to its metadata cache before its replica manager creates the partitions, and
     * answers a Produce in between with NOT_LEADER_OR_FOLLOWER. An idempotent producer with several
     * requests in flight can then have a later batch of a partition appended before its first one, which
     * it then never delivers (KAFKA-15591, fixed in 4.x). Checks are about what a ready topic does, so a
     * topic is ready once every partition's leader answers ListOffsets; the admin client retries
     * NOT_LEADER_OR_FOLLOWER until it does. A target without ListOffsets, or one that answers it with an
     * error, is left to the check to find out about.
     */
    private void awaitServed(String topic, int partitions) {
        if (!target.facts().advertises(ApiKeys.LIST_OFFSETS)) {
            return;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            admin().listOffsets(latest).all().get(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // what ListOffsets says about this target is for the checks that use it to report
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while waiting for topic " + topic, e);
        }
    }

    /**
     * Polls until {@code enough} holds for everything received so far, or the wait ends.
     *
     * @return everything received, in the order the consumer returned it; the caller asserts on it
     */
    public <K, V> List<ConsumerRecord<K, V>> pollUntil(Consumer<K, V> consumer, Duration wait,
                                                        Predicate<List<ConsumerRecord<K, V>>> enough) {
        List<ConsumerRecord<K, V>> received = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (!enough.test(received) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        }
        return received;
    }

    /** Polls until at least {@code count} records arrived or {@link #DEFAULT_WAIT} ends. */
    public <K, V> List<ConsumerRecord<K, V>> pollAtLeast(Consumer<K, V> consumer, int count) {
        return pollUntil(consumer, DEFAULT_WAIT, records -> records.size() >= count);
    }

    /** A temporary directory, deleted with the context. */
    public synchronized Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("kconform-");
            tempDirs.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final long BUSY_RETRY_MILLIS = 100;

    /** Registers something to close when the context closes, newest first; returns it. */
    public synchronized <T extends AutoCloseable> T closeLater(T closeable) {
        closeables.push(closeable);
        return closeable;
    }

    /** Sleeps, restoring the interrupt flag if interrupted. */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted", e);
        }
    }

    /**
     * Closes every client and deletes every temporary directory. Errors while closing are
     * suppressed: they must not hide the check's own result.
     */
    @Override
    public synchronized void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable closeable = closeables.pop();
            try {
                closeOne(closeable);
            } catch (ConcurrentModificationException busy) {
                // A check abandoned when it timed out still uses this client on its own thread, which the harness
                // interrupts next. Closed once that thread lets go of it: a consumer left open stays a member, and
                // its group (a share or streams group has no API to remove members) could not be deleted.
                closeWhenFree(closeable);
            } catch (Exception | LinkageError ignored) {
                // best effort: the check's own outcome matters more than a failed close
            }
        }
        admin = null;
        for (Path dir : tempDirs) {
            deleteRecursively(dir);
        }
        tempDirs.clear();
    }

    private static void closeOne(AutoCloseable closeable) throws Exception {
        if (closeable instanceof Producer<?, ?> producer) {
            producer.close(Duration.ofSeconds(5));
        } else if (closeable instanceof Consumer<?, ?> consumer) {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        } else if (closeable instanceof Admin a) {
            a.close(Duration.ofSeconds(5));
        } else {
            closeable.close();
        }
    }

    /** Tries to close a client another thread still uses, every {@value #BUSY_RETRY_MILLIS} ms for at most a minute. */
    private static void closeWhenFree(AutoCloseable closeable) {
        Thread closer = new Thread(() -> {
            long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (System.nanoTime() < end) {
                try {
                    Thread.sleep(BUSY_RETRY_MILLIS);
                    closeOne(closeable);
                    return;
                } catch (ConcurrentModificationException busy) {
                    // still in use: try again
                } catch (Exception | LinkageError e) {
                    return; // interrupted, or a close that failed otherwise: best effort, as every close
                }
            }
        }, "kconform-close-when-free");
        closer.setDaemon(true);
        closer.start();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless; the OS cleans its temp space
        }
    }
}
