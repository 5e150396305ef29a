package io.kconform.checks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.junit.KconformExtension;
import io.kconform.api.outcome.HarnessException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.mirror.MirrorCheckpointConnector;
import org.apache.kafka.connect.mirror.MirrorSourceConnector;
import org.apache.kafka.connect.mirror.OffsetSync;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * MirrorMaker 2, as its connectors run in a distributed Connect worker on the target: a topic
 * replicated with its records' keys, values, headers, timestamps and partitions, and a consumer
 * group's committed offsets translated onto the replica (KIP-382, KIP-545).
 *
 * <p>A check has one target, so MirrorMaker replicates within it: the source and target cluster
 * aliases both name the target's bootstrap servers and client properties. Everything MirrorMaker
 * names lives under the run's prefix: the source alias comes from {@code ctx.name} (a remote topic
 * is {@code <alias>.<topic>}), and {@link PrefixedReplicationPolicy} names the offset-syncs,
 * checkpoints and heartbeats topics from a prefix of the run; the check lists the target's topics
 * afterwards to make sure of it.
 */
@ExtendWith(KconformExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.SAME_THREAD)
class ConnectMirrorChecks {

    private static final int PARTITIONS = 2;
    private static final int RECORDS_PER_PARTITION = 20;
    /** Where the group stops on each partition: inside the partition, so that part is left to resume. */
    private static final Map<Integer, Long> GROUP_POSITION = Map.of(0, 13L, 1, 6L);
    private static final long TIMESTAMP_STEP_MS = 7;
    private static final Duration MIRROR_WAIT = TargetContext.DEFAULT_WAIT;
    private static final String BYTES = ByteArrayConverter.class.getName();

    // One worker per instance: two runs in one JVM (two targets checked at once) must never share one.
    private ConnectWorker worker;

    @BeforeAll
    void startWorker(TargetContext fixture) {
        worker = ConnectWorker.start(fixture, WorkerNames.of(fixture, "mirror"), false);
    }

    @AfterAll
    void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    /** A record as produced and as it must arrive in the replica. */
    private record Sent(int partition, long offset, String key, String value, long timestamp, List<String> headers) {
    }

    @Check(id = "connect.mirror.topic-and-group-offsets-replicated",
            title = "MirrorMaker 2 in a Connect worker replicates a topic's records with their keys, headers,"
                    + " timestamps and partitions, and translates a consumer group's committed offsets onto the replica"
                    + " so that a consumer resuming there misses none of the records after the group's position",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.SHOULD,
            spec = {"KIP-382 (MirrorMaker 2.0)", "KIP-545 (MirrorMaker 2 consumer offset sync)",
                    "KIP-82 (record headers)"},
            hint = "If this fails, look at what MirrorMaker's connectors need of the target: Fetch returning"
                    + " record headers and CreateTime timestamps as produced, CreateTopics for the remote topic and"
                    + " MirrorMaker's compacted offset-syncs and checkpoints topics, ListGroups (MirrorMaker finds the"
                    + " groups to translate by listing them), OffsetFetch of the source group, DescribeGroups (only an"
                    + " Empty group's offsets are synced) and OffsetCommit from an Admin client"
                    + " (AlterConsumerGroupOffsets). The evidence gives the group's position, the offset syncs"
                    + " MirrorMaker wrote and the offset it translated.")
    @RequiresApi(ApiKeys.OFFSET_COMMIT)
    @RequiresApi(ApiKeys.OFFSET_FETCH)
    @RequiresApi(ApiKeys.LIST_GROUPS)
    @RequiresApi(ApiKeys.DESCRIBE_GROUPS)
    void topicAndGroupOffsetsReplicated(CheckContext ctx) throws Exception {
        Admin admin = ctx.admin();
        Set<String> topicsBefore = topicNames(admin);
        String topic = ctx.createTopic("data", PARTITIONS, Map.of());
        String group = ctx.name("group");
        String sourceAlias = ctx.name("src");
        String targetAlias = ctx.name("dst");
        String ownTopicsPrefix = ctx.name("mm");
        String remoteTopic = sourceAlias + "." + topic;
        // The offset-syncs topic lives on the source cluster (MirrorMaker's default) and is named after the target.
        String offsetSyncsTopic = ownTopicsPrefix + "-offset-syncs-" + targetAlias + ".internal";

        Map<String, String> config = mirrorConfig(ctx, sourceAlias, targetAlias, ownTopicsPrefix, topic, group);
        String source = ctx.name("mm-source");
        String checkpoint = ctx.name("mm-checkpoint");
        long base = System.currentTimeMillis() - 600_000;
        try {
            // The records before the group's position first, replicated before the rest exist: MirrorMaker translates
            // from an offset sync at or below the position, and writes one for the last record it replicated, while
            // which of the records replicated in one go get a sync depends on timing (at most ten are in flight).
            Map<Integer, List<Sent>> sent = produce(ctx, topic, base, true);
            Map<String, String> sourceConfig = new LinkedHashMap<>(config);
            sourceConfig.put("connector.class", MirrorSourceConnector.class.getName());
            ConnectRest.Answer created = worker.rest().createConnector(source, sourceConfig);
            ctx.evidence("POST /connectors %s (MirrorSourceConnector %s -> %s, topics=%s, offset.lag.max=0) -> %d",
                    source, sourceAlias, targetAlias, topic, created.status());
            assertThat(created.status()).as("status of POST /connectors for %s: %s", source, created.text())
                    .isEqualTo(201);
            Set<String> present = Await.until(MIRROR_WAIT, () -> topicNames(admin),
                    names -> names.contains(offsetSyncsTopic) && names.contains(remoteTopic));
            assertThat(present).as("topics on the target %d s after MirrorSourceConnector started (its status: %s)",
                    MIRROR_WAIT.toSeconds(), worker.rest().states(source)).contains(remoteTopic, offsetSyncsTopic);
            Map<Integer, List<OffsetSync>> firstSyncs = Await.until(MIRROR_WAIT,
                    () -> readOffsetSyncs(ctx, offsetSyncsTopic, topic), ConnectMirrorChecks::syncedUpToPosition);
            ctx.evidence("offset syncs (upstream->downstream) after the records before the group's position: %s",
                    describe(firstSyncs));
            assertThat(syncedUpToPosition(firstSyncs)).as("an offset sync of the last record before the group's"
                    + " position %s in %s within %d s: %s", GROUP_POSITION, offsetSyncsTopic, MIRROR_WAIT.toSeconds(),
                    describe(firstSyncs)).isTrue();

            produce(ctx, topic, base, false).forEach((p, list) -> sent.get(p).addAll(list));
            commitGroupPosition(ctx, group, topic);

            Map<String, String> checkpointConfig = new LinkedHashMap<>(config);
            checkpointConfig.put("connector.class", MirrorCheckpointConnector.class.getName());
            created = worker.rest().createConnector(checkpoint, checkpointConfig);
            ctx.evidence("POST /connectors %s (MirrorCheckpointConnector, groups=%s, sync.group.offsets.enabled=true,"
                    + " intervals 1 s) -> %d", checkpoint, group, created.status());
            assertThat(created.status()).as("status of POST /connectors for %s: %s", checkpoint, created.text())
                    .isEqualTo(201);

            Map<Integer, List<ConsumerRecord<String, String>>> replica = readReplica(ctx, remoteTopic);
            Map<Integer, Long> translated = Await.until(MIRROR_WAIT,
                    () -> TopicOffsets.committed(admin, group, remoteTopic), c -> c.size() == PARTITIONS);
            Map<Integer, List<OffsetSync>> syncs = readOffsetSyncs(ctx, offsetSyncsTopic, topic);
            ctx.evidence("replica %s: %s records by partition; group %s at %s on %s, translated to %s on %s;"
                    + " connectors %s, %s", remoteTopic, sizes(replica), group, GROUP_POSITION, topic, translated,
                    remoteTopic, worker.rest().states(source), worker.rest().states(checkpoint));
            ctx.evidence("offset syncs (upstream->downstream) in %s: %s", offsetSyncsTopic, describe(syncs));

            assertReplica(sent, replica, topic, remoteTopic);
            assertThat(translated).as("partitions of %s for which MirrorMaker committed a translated offset of group %s"
                    + " within %d s (the group is at %s on %s)", remoteTopic, group, MIRROR_WAIT.toSeconds(),
                    GROUP_POSITION, topic).containsOnlyKeys(GROUP_POSITION.keySet());
            for (int p = 0; p < PARTITIONS; p++) {
                assertTranslation(p, GROUP_POSITION.get(p), translated.get(p), sent.get(p), replica.get(p),
                        syncs.getOrDefault(p, List.of()), remoteTopic);
            }
        } finally {
            worker.rest().deleteQuietly(checkpoint);
            worker.rest().deleteQuietly(source);
        }
        checkOwnTopicsUnderPrefix(ctx, topicsBefore, topic);
    }

    /**
     * Produces the records of each partition before the group's position ({@code beforePosition}) or the rest, with
     * keys, two headers of one key and one of another, and timestamps {@code base} plus 7 ms per record.
     */
    private static Map<Integer, List<Sent>> produce(CheckContext ctx, String topic, long base, boolean beforePosition)
            throws Exception {
        Map<Integer, List<Sent>> sent = new TreeMap<>();
        try (Producer<String, String> producer = ctx.producer(Map.of())) {
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < PARTITIONS * RECORDS_PER_PARTITION; i++) {
                int partition = i % PARTITIONS;
                if ((i / PARTITIONS < GROUP_POSITION.get(partition)) != beforePosition) {
                    continue;
                }
                // Timestamps in the past, 7 ms apart: a replica that stamped its own time would show.
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, partition,
                        base + i * TIMESTAMP_STEP_MS, "k-" + i, "v-" + i);
                record.headers().add("seq", bytes(Integer.toString(i)));
                record.headers().add("tag", bytes("first-" + i));
                record.headers().add("tag", bytes("second-" + i));
                records.add(record);
                acks.add(producer.send(record));
            }
            for (int i = 0; i < records.size(); i++) {
                ProducerRecord<String, String> record = records.get(i);
                RecordMetadata meta = acks.get(i).get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                sent.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(new Sent(record.partition(),
                        meta.offset(), record.key(), record.value(), record.timestamp(), headers(record.headers())));
            }
        }
        Map<Integer, String> offsets = new TreeMap<>();
        sent.forEach((p, list) -> offsets.put(p, list.get(0).offset() + ".." + list.get(list.size() - 1).offset()));
        ctx.evidence("produced %s, offsets by partition %s, with keys, headers seq, tag, tag and timestamps from %d,"
                + " %d ms apart, into %s", beforePosition ? "the records before the group's position"
                : "the rest of the records", offsets, base, TIMESTAMP_STEP_MS, topic);
        return sent;
    }

    /** Whether MirrorMaker wrote an offset sync for the last record before the group's position on every partition. */
    private static boolean syncedUpToPosition(Map<Integer, List<OffsetSync>> syncs) {
        return GROUP_POSITION.entrySet().stream().allMatch(e -> syncs.getOrDefault(e.getKey(), List.of()).stream()
                .anyMatch(sync -> sync.upstreamOffset() == e.getValue() - 1));
    }

    /**
     * The group reads each partition up to its position and commits it, then leaves: an Empty group with committed
     * offsets, whose offsets MirrorMaker syncs (it leaves a group that has members alone).
     */
    private static void commitGroupPosition(CheckContext ctx, String group, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        try (Consumer<String, String> consumer = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> read = ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT,
                    r -> r.size() >= PARTITIONS * RECORDS_PER_PARTITION);
            ctx.evidence("group %s read %d records of %s", group, read.size(), topic);
            GROUP_POSITION.forEach((p, offset) -> commit.put(new TopicPartition(topic, p),
                    new OffsetAndMetadata(offset)));
            consumer.commitSync(commit, TargetContext.DEFAULT_WAIT);
        }
        Map<Integer, Long> committed = TopicOffsets.committed(ctx.admin(), group, topic);
        ctx.evidence("group %s committed %s on %s; OffsetFetch answers %s", group, GROUP_POSITION, topic, committed);
        assertThat(committed).as("offsets of group %s on %s, as it committed them", group, topic)
                .isEqualTo(new TreeMap<>(GROUP_POSITION));
    }

    private Map<String, String> mirrorConfig(CheckContext ctx, String sourceAlias, String targetAlias,
                                             String ownTopicsPrefix, String topic, String group) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("tasks.max", "1");
        config.put("source.cluster.alias", sourceAlias);
        config.put("target.cluster.alias", targetAlias);
        // Both clusters are the target, reached with its client properties (SASL, TLS) as every client of a check is.
        ctx.clientConfig(Map.of()).forEach((key, value) -> {
            if (value != null) {
                config.put("source.cluster." + key, WorkerProperties.asString(value));
                config.put("target.cluster." + key, WorkerProperties.asString(value));
            }
        });
        config.put("replication.policy.class", PrefixedReplicationPolicy.class.getName());
        config.put(PrefixedReplicationPolicy.PREFIX, ownTopicsPrefix);
        // The names are made of [a-z0-9-] only, so as regular expressions they match themselves alone.
        config.put("topics", topic);
        config.put("groups", group);
        // MirrorMaker's records carry bytes: written as they were read, headers included.
        config.put("key.converter", BYTES);
        config.put("value.converter", BYTES);
        config.put("header.converter", BYTES);
        String factor = ctx.explicitReplicationFactor().map(String::valueOf).orElse("-1");
        config.put("replication.factor", factor);
        config.put("offset-syncs.topic.replication.factor", factor);
        config.put("checkpoints.topic.replication.factor", factor);
        config.put("sync.topic.configs.enabled", "false");
        config.put("sync.topic.acls.enabled", "false");
        config.put("refresh.topics.interval.seconds", "1");
        config.put("refresh.groups.interval.seconds", "1");
        // An offset sync for every record replicated, so that the translation can be exact.
        config.put("offset.lag.max", "0");
        config.put("emit.checkpoints.interval.seconds", "1");
        config.put("sync.group.offsets.enabled", "true");
        config.put("sync.group.offsets.interval.seconds", "1");
        return config;
    }

    private static Map<Integer, List<ConsumerRecord<String, String>>> readReplica(CheckContext ctx,
                                                                                  String remoteTopic) {
        Map<Integer, List<ConsumerRecord<String, String>>> replica = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            replica.put(p, new ArrayList<>());
        }
        try (Consumer<String, String> consumer = ctx.consumer(Map.of())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(remoteTopic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> read = ctx.pollUntil(consumer, MIRROR_WAIT,
                    r -> r.size() >= PARTITIONS * RECORDS_PER_PARTITION);
            for (ConsumerRecord<String, String> record : read) {
                replica.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
            }
        }
        return replica;
    }

    /** The offset syncs MirrorMaker wrote for the partitions of {@code topic}, by partition, in the order written. */
    private static Map<Integer, List<OffsetSync>> readOffsetSyncs(CheckContext ctx, String syncsTopic, String topic) {
        Map<Integer, List<OffsetSync>> syncs = new TreeMap<>();
        long end = TopicOffsets.end(ctx.admin(), syncsTopic, 1).get(0);
        try (Consumer<byte[], byte[]> consumer = ctx.consumer(new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Map.of())) {
            TopicPartition partition = new TopicPartition(syncsTopic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<byte[], byte[]>> read = ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT,
                    r -> consumer.position(partition) >= end);
            for (ConsumerRecord<byte[], byte[]> record : read) {
                OffsetSync sync = OffsetSync.deserializeRecord(record);
                if (sync.topicPartition().topic().equals(topic)) {
                    syncs.computeIfAbsent(sync.topicPartition().partition(), p -> new ArrayList<>()).add(sync);
                }
            }
        }
        return syncs;
    }

    private static void assertReplica(Map<Integer, List<Sent>> sent,
                                      Map<Integer, List<ConsumerRecord<String, String>>> replica, String topic,
                                      String remoteTopic) {
        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            List<Sent> expected = sent.get(p).stream()
                    .map(s -> new Sent(partition, -1, s.key(), s.value(), s.timestamp(), s.headers())).toList();
            // At-least-once: a record written twice by a restarted task is kept once, where it first appears.
            Map<String, Sent> firstByKey = new LinkedHashMap<>();
            for (ConsumerRecord<String, String> record : replica.get(p)) {
                firstByKey.putIfAbsent(record.key(), new Sent(record.partition(), -1, record.key(), record.value(),
                        record.timestamp(), headers(record.headers())));
            }
            assertThat(List.copyOf(firstByKey.values()))
                    .as("records of %s partition %d (key, value, timestamp, headers), against those produced into %s"
                            + " partition %d, in order", remoteTopic, p, topic, p)
                    .containsExactlyElementsOf(expected);
        }
    }

    /**
     * A consumer of the group resuming at the translated offset must find there, or after, every record at or after
     * the group's position on the source; MirrorMaker translates from an offset sync at or below the position (KIP-545
     * and its later fix, KAFKA-14666): the sync's downstream offset, one past it when the position lies beyond it.
     */
    private static void assertTranslation(int p, long position, long translated, List<Sent> sent,
                                          List<ConsumerRecord<String, String>> replica, List<OffsetSync> syncs,
                                          String remoteTopic) {
        String firstUnread = sent.stream().filter(s -> s.offset() == position).map(Sent::key).findFirst()
                .orElseThrow(() -> new HarnessException("no record produced at offset " + position));
        long firstUnreadThere = replica.stream().filter(r -> firstUnread.equals(r.key()))
                .mapToLong(ConsumerRecord::offset).min().orElse(Long.MAX_VALUE);
        assertThat(translated).as("translated offset of partition %d on %s: the record %s, the first the group had not"
                + " read, is at offset %d there; a consumer resuming beyond it misses it", p, remoteTopic, firstUnread,
                firstUnreadThere).isLessThanOrEqualTo(firstUnreadThere);
        Set<Long> allowed = new TreeSet<>();
        for (OffsetSync sync : syncs) {
            if (sync.upstreamOffset() <= position) {
                allowed.add(sync.downstreamOffset() + (sync.upstreamOffset() == position ? 0 : 1));
            }
        }
        assertThat(allowed).as("translations of position %d of partition %d that the offset syncs MirrorMaker wrote"
                + " allow (a sync at or below the position)", position, p).contains(translated);
    }

    private static void checkOwnTopicsUnderPrefix(CheckContext ctx, Set<String> before, String topic) {
        String prefix = ctx.target().names().prefix();
        Set<String> created = new TreeSet<>(topicNames(ctx.admin()));
        created.removeAll(before);
        // Only MirrorMaker's kinds of names: on a shared cluster others may create topics meanwhile.
        List<String> outside = created.stream().filter(t -> !t.startsWith(prefix))
                .filter(t -> t.contains(topic) || t.contains("mm2") || t.contains("heartbeats")
                        || t.contains("checkpoints") || t.contains("offset-syncs") || t.endsWith(".internal"))
                .toList();
        ctx.evidence("topics the check and MirrorMaker created: %s", created.stream()
                .filter(t -> t.startsWith(prefix)).collect(Collectors.toList()));
        if (!outside.isEmpty()) {
            throw new HarnessException("MirrorMaker created topics outside the run's prefix " + prefix + ": " + outside
                    + "; the run's cleanup will not delete them");
        }
    }

    private static Set<String> topicNames(Admin admin) {
        try {
            return admin.listTopics().names().get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the target answered Metadata (list topics) with " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("the target did not list its topics within "
                    + TargetContext.DEFAULT_WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while listing topics", e);
        }
    }

    private static List<String> headers(Iterable<Header> headers) {
        List<String> list = new ArrayList<>();
        headers.forEach(h -> list.add(h.key() + "=" + (h.value() == null ? "null"
                : new String(h.value(), StandardCharsets.UTF_8))));
        return list;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<Integer, Integer> sizes(Map<Integer, List<ConsumerRecord<String, String>>> replica) {
        Map<Integer, Integer> sizes = new TreeMap<>();
        replica.forEach((p, records) -> sizes.put(p, records.size()));
        return sizes;
    }

    private static String describe(Map<Integer, List<OffsetSync>> syncs) {
        Map<Integer, String> text = new TreeMap<>();
        syncs.forEach((p, list) -> text.put(p, list.stream().map(s -> s.upstreamOffset() + "->" + s.downstreamOffset())
                .collect(Collectors.joining(" "))));
        return text.toString();
    }
}
