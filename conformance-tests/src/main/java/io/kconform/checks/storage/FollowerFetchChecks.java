package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.RequiresBrokers;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import io.kconform.api.outcome.SetUpRefusedByTargetException;
import io.kconform.api.outcome.NotAssessableHereException;
import io.kconform.api.outcome.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Follower fetching (KIP-392): a consumer that names its rack ({@code client.rack}, the Fetch request's
 * {@code rack_id}) is sent by the partition leader to an in-sync replica in that rack ({@code preferred_read_replica}
 * in the Fetch answer) and then reads from it, so that it does not pay for traffic across racks or zones. Apache Kafka
 * does so with {@code replica.selector.class=org.apache.kafka.common.replica.RackAwareReplicaSelector}.
 *
 * <p>Guarantees: on a target that names a preferred read replica, the check FAILs unless that replica hosts the
 * partition and is in the consumer's rack, and unless a real consumer in that rack reads every record from it. A
 * target that names none is UNSUPPORTED (follower fetching not offered), unless its brokers' own configuration names a
 * replica selector: then it FAILs, for it claims the feature. A target whose brokers report no rack, or whose replicas
 * share the leader's rack, cannot show follower fetching: SKIPPED, as not assessable here.
 */
class FollowerFetchChecks {

    /** Records written, and the size of each value: enough bytes that who served them is plain in the metrics. */
    private static final int RECORDS = 40;
    private static final int VALUE_BYTES = 2_000;
    private static final String SELECTOR = "replica.selector.class";
    private static final String RACK_AWARE = "org.apache.kafka.common.replica.RackAwareReplicaSelector";

    /**
     * SHOULD, at MESSAGING: reading from the leader instead of the rack's replica loses nothing, it costs traffic
     * across racks; naming a replica that does not host the partition stalls the consumer.
     */
    @Check(id = "storage.fetch.follower-fetching",
            title = "A consumer with client.rack set to a follower's rack is sent to an in-sync replica of that rack"
                    + " (preferred_read_replica) and reads every record from it",
            battery = Battery.STORAGE, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-392 (fetch from the closest replica: client.rack, replica.selector.class)",
                    "Kafka protocol guide: Fetch v11+ (rack_id, preferred_read_replica)"},
            hint = "If this fails, look at how the target chooses the preferred read replica of a Fetch with a rack_id:"
                    + " it must be an in-sync replica of the partition in the client's rack (or none, -1, to read from"
                    + " the leader), and that replica must then serve the consumer's fetches up to its high watermark.")
    @RequiresBrokers(3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 11)
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    void followerFetching(CheckContext ctx) {
        String topic = ctx.createTopic("follower-fetch", 1, (short) 3, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        TopicPartitionInfo info = ctx.awaitPartition(topic, 0, p -> p.isr().size() == 3, TargetContext.DEFAULT_WAIT)
                .orElseThrow(() -> new SetUpRefusedByTargetException("the new topic's three replicas were not all"
                        + " in sync within " + TargetContext.DEFAULT_WAIT.toSeconds() + " s", null));
        Node leader = info.leader();
        // Racks as DescribeCluster reports them: the brokers' own broker.rack.
        Map<Integer, String> rackOf = new TreeMap<>();
        Await.result(ctx.admin().describeCluster().nodes(), "the brokers of the target")
                .forEach(n -> rackOf.put(n.id(), n.rack()));
        Map<Integer, String> racks = new TreeMap<>();
        info.replicas().forEach(n -> racks.put(n.id(), rackOf.get(n.id())));
        ctx.evidence("topic %s: leader %d, replicas and racks %s, in sync %s", topic, leader.id(), racks,
                info.isr().stream().map(Node::id).toList());
        String leaderRack = racks.get(leader.id());
        Integer follower = racks.entrySet().stream()
                .filter(e -> e.getKey() != leader.id() && e.getValue() != null && !e.getValue().equals(leaderRack))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new NotAssessableHereException("no follower of the partition is in a rack of its"
                        + " own (replicas and racks " + racks + "): follower fetching (KIP-392) needs brokers with"
                        + " broker.rack set, a follower in another rack than the leader"));
        String rack = racks.get(follower);
        List<Integer> inRack = racks.entrySet().stream().filter(e -> rack.equals(e.getValue()))
                .map(Map.Entry::getKey).toList();

        var producer = ctx.producer(Map.of("acks", "all"));
        for (int i = 0; i < RECORDS; i++) {
            PartitionLog.await(producer.send(new ProducerRecord<>(topic, 0, "k" + i, value(i))));
        }
        ctx.evidence("%d records of %d bytes written with acks=all", RECORDS, VALUE_BYTES);

        List<String> wrong = new ArrayList<>();
        FetchResponseData.PartitionData answer = fetchWithRack(ctx, topic, rack);
        int preferred = answer.preferredReadReplica();
        ctx.evidence("Fetch at offset 0 to the leader %d with rack_id %s: %s, preferred_read_replica %d, %d bytes of"
                + " records", leader.id(), rack, Errors.forCode(answer.errorCode()), preferred,
                FetchResponse.recordsSize(answer));
        if (preferred < 0) {
            Optional<String> selector = selector(ctx, leader);
            ctx.evidence("the leader's %s: %s", SELECTOR, selector.orElse("not disclosed or unset"));
            assertThat(selector).as("Fetch with rack_id %s (the rack of follower %d) answered with no preferred read"
                    + " replica although the leader's %s is set", rack, follower, SELECTOR).isEmpty();
            throw new UnsupportedFeatureException("follower fetching (KIP-392) is not offered: a Fetch with rack_id "
                    + rack + ", the rack of follower " + follower + ", is answered with no preferred read replica"
                    + " (the leader's " + SELECTOR + " is unset or not disclosed; Apache Kafka needs " + SELECTOR + "="
                    + RACK_AWARE + ")");
        }
        ctx.accepted("follower fetching (KIP-392): a preferred read replica named");
        if (!inRack.contains(preferred)) {
            wrong.add("the Fetch with rack_id " + rack + " named replica " + preferred + " (rack "
                    + racks.getOrDefault(preferred, "of a broker that does not host the partition") + "), expected one"
                    + " of the replicas in rack " + rack + ": " + inRack);
        }

        Consumer<String, String> consumer = ctx.consumer(Map.of(ConsumerConfig.CLIENT_RACK_CONFIG, rack));
        long end = RECORDS;
        PartitionLog.Read read = PartitionLog.readUntil(consumer, partition, end, TargetContext.DEFAULT_WAIT);
        int readReplica = preferredReadReplica(consumer, partition);
        Map<Integer, Double> bytesFrom = new TreeMap<>();
        racks.keySet().forEach(id -> bytesFrom.put(id, incomingBytes(consumer, id)));
        ctx.evidence("a consumer with client.rack=%s read %s; its preferred-read-replica metric: %d; bytes it received"
                + " from each replica: %s", rack, read.summary(), readReplica, bytesFrom);
        List<String> values = read.records().stream().map(ConsumerRecord::value).toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            expected.add(value(i));
        }
        if (!values.equals(expected)) {
            wrong.add("the consumer in rack " + rack + " read " + values.size() + " records, expected the " + RECORDS
                    + " written, in order");
        }
        if (!inRack.contains(readReplica)) {
            wrong.add("the consumer in rack " + rack + " read from replica " + readReplica + " (its"
                    + " preferred-read-replica metric; -1 is the leader " + leader.id() + "), expected one of " + inRack);
        }
        double fromRack = inRack.stream().mapToDouble(id -> bytesFrom.getOrDefault(id, 0.0)).sum();
        if (fromRack < (double) RECORDS * VALUE_BYTES) {
            wrong.add("the consumer in rack " + rack + " received " + (long) fromRack + " bytes from the replicas of"
                    + " its rack " + inRack + ", fewer than the " + RECORDS * VALUE_BYTES + " bytes of values it read");
        }
        assertThat(wrong).as("follower fetching for a consumer in rack %s (replicas and racks %s, leader %d)", rack,
                racks, leader.id()).isEmpty();
    }

    private static String value(int i) {
        return String.format("%05d", i) + "v".repeat(VALUE_BYTES - 5);
    }

    /** One raw Fetch from offset 0, as a consumer in {@code rack} sends it, to the partition's leader. */
    private static FetchResponseData.PartitionData fetchWithRack(CheckContext ctx, String topic, String rack) {
        try (LeaderWire wire = LeaderWire.leaderOf(ctx, topic)) {
            short version = ctx.target().facts().newestCommonVersion(ApiKeys.FETCH);
            TopicPartition tp = new TopicPartition(topic, 0);
            FetchRequest.Builder request = FetchRequest.Builder.forConsumer(version, 500, 1, Map.of(tp,
                            new FetchRequest.PartitionData(wire.topicId(), 0, -1, 1024 * 1024, Optional.empty())))
                    .setMaxBytes(1024 * 1024).metadata(FetchMetadata.LEGACY).rackId(rack);
            FetchResponse response = (FetchResponse) wire.send(request, version);
            assertThat(response.error()).as("top-level error of a Fetch v%d with rack_id %s", version, rack)
                    .isEqualTo(Errors.NONE);
            FetchResponseData.PartitionData data = response.responseData(Map.of(wire.topicId(), topic), version).get(tp);
            assertThat(data).as("the answer of a Fetch v%d with rack_id %s for partition 0", version, rack).isNotNull();
            assertThat(Errors.forCode(data.errorCode())).as("error of partition 0 in the answer of a Fetch v%d with"
                    + " rack_id %s", version, rack).isEqualTo(Errors.NONE);
            return data;
        }
    }

    /** The broker's replica.selector.class, when DescribeConfigs discloses one that is set. */
    private static Optional<String> selector(CheckContext ctx, Node broker) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
        try {
            Config config = ctx.admin().describeConfigs(List.of(resource)).all()
                    .get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config == null ? null : config.get(SELECTOR);
            return Optional.ofNullable(entry).map(ConfigEntry::value).filter(v -> !v.isBlank());
        } catch (ExecutionException | TimeoutException e) {
            // Not disclosed: no claim the check could hold the target to.
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while describing the leader's configs", e);
        }
    }

    /** The consumer's preferred-read-replica metric for the partition (KIP-392): -1 while it reads from the leader. */
    private static int preferredReadReplica(Consumer<?, ?> consumer, TopicPartition partition) {
        for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (name.name().equals("preferred-read-replica") && partition.topic().equals(name.tags().get("topic"))
                    && String.valueOf(partition.partition()).equals(name.tags().get("partition"))) {
                Object value = e.getValue().metricValue();
                return value instanceof Number n ? n.intValue() : -1;
            }
        }
        return -1;
    }

    /** Bytes the consumer received from one broker (its connection's incoming-byte-total), 0 when it had none. */
    private static double incomingBytes(Consumer<?, ?> consumer, int brokerId) {
        String node = "node-" + brokerId;
        Collection<? extends Map.Entry<MetricName, ? extends Metric>> metrics = consumer.metrics().entrySet();
        return metrics.stream()
                .filter(e -> e.getKey().name().equals("incoming-byte-total")
                        && node.equals(e.getKey().tags().get("node-id")))
                .map(e -> e.getValue().metricValue())
                .filter(Objects::nonNull)
                .mapToDouble(v -> v instanceof Number n ? n.doubleValue() : 0.0)
                .sum();
    }
}
