package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.ChangesCluster;
import io.kconform.api.Check;
import io.kconform.api.OfCapability;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.wire.WireClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.PartitionReassignment;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.DescribeTopicPartitionsRequest;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * Admin APIs that describe the cluster and its partitions, each cross-checked with what the check
 * itself created or produced, or with Metadata, the one API every client relies on.
 *
 * <p>These are operational APIs (KIP-700, KIP-966, KIP-113, KIP-460, KIP-455): clients reading and writing
 * records do not need them, but tools, operators and Kafka's own command-line scripts do, so a target
 * that lacks them is reported (SHOULD), never blocking a level. The Admin client falls back to
 * Metadata where DescribeCluster or DescribeTopicPartitions are not offered, so those two are sent at
 * exact versions with the wire client: the check is then about the API itself.
 */
class AdminClusterChecks {

    private static final Duration SETTLE = Duration.ofSeconds(15);

    @Check(id = "protocol.admin.describe-cluster",
            title = "DescribeCluster answers the same cluster id and brokers as Metadata",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-700 (DescribeCluster)", "Kafka protocol guide: DescribeCluster"},
            hint = "DescribeCluster must name the cluster id Metadata names and list every broker Metadata lists,"
                    + " with the same host and port, and a controller id that is -1 or one of them.")
    @RequiresApi(value = ApiKeys.DESCRIBE_CLUSTER, minVersion = 0)
    @RequiresApi(value = ApiKeys.METADATA, minVersion = 4)
    void describeCluster(CheckContext ctx) {
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.DESCRIBE_CLUSTER);
        try (WireClient wire = Wire.toBootstrap(ctx)) {
            MetadataResponse metadata = (MetadataResponse) wire.send(
                    new MetadataRequest.Builder(List.of(), false), ctx.target().facts().newestCommonVersion(ApiKeys.METADATA));
            Map<Integer, String> metadataBrokers = new TreeMap<>();
            metadata.brokers().forEach(n -> metadataBrokers.put(n.id(), n.host() + ":" + n.port()));
            ctx.evidence("Metadata: cluster id %s, brokers %s", metadata.clusterId(), metadataBrokers);

            DescribeClusterResponseData cluster = ((DescribeClusterResponse) wire.send(
                    new DescribeClusterRequest.Builder(new DescribeClusterRequestData()), version)).data();
            Map<Integer, String> described = new TreeMap<>();
            cluster.brokers().forEach(b -> described.put(b.brokerId(), b.host() + ":" + b.port()));
            ctx.evidence("DescribeCluster v%d: error %s, cluster id %s, controller %d, brokers %s", version,
                    Errors.forCode(cluster.errorCode()), cluster.clusterId(), cluster.controllerId(), described);

            assertThat(Errors.forCode(cluster.errorCode())).as("DescribeCluster error").isEqualTo(Errors.NONE);
            assertThat(cluster.clusterId()).as("DescribeCluster cluster id, compared with Metadata's")
                    .isEqualTo(metadata.clusterId());
            assertThat(described).as("brokers of DescribeCluster, compared with Metadata's").isNotEmpty()
                    .isEqualTo(metadataBrokers);
            if (cluster.controllerId() != -1) {
                assertThat(described).as("brokers, which must include the controller id %d DescribeCluster"
                        + " named", cluster.controllerId()).containsKey(cluster.controllerId());
            }
        }
    }

    @OfCapability(Capability.DESCRIBE_TOPIC_PARTITIONS)
    @Check(id = "protocol.admin.describe-topic-partitions",
            title = "DescribeTopicPartitions agrees with Metadata on a 3-partition topic, and pages with its cursor",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-966 (DescribeTopicPartitions)", "Kafka protocol guide: DescribeTopicPartitions"},
            hint = "Each partition must carry the leader, replicas and in-sync replicas Metadata gives, and the topic"
                    + " the same id; asked for at most 2 partitions, the answer must hold partitions 0 and 1 and a"
                    + " cursor at partition 2, and the request with that cursor must answer partition 2.")
    @RequiresApi(value = ApiKeys.DESCRIBE_TOPIC_PARTITIONS, minVersion = 0)
    @RequiresApi(value = ApiKeys.METADATA, minVersion = 10)
    void describeTopicPartitions(CheckContext ctx) {
        String topic = ctx.createTopic("three", 3, Map.of());
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.DESCRIBE_TOPIC_PARTITIONS);
        try (WireClient wire = Wire.toBootstrap(ctx)) {
            MetadataResponse metadata = (MetadataResponse) wire.send(
                    new MetadataRequest.Builder(List.of(topic), false), ctx.target().facts().newestCommonVersion(ApiKeys.METADATA));
            MetadataResponse.TopicMetadata expected = metadata.topicMetadata().stream()
                    .filter(t -> topic.equals(t.topic())).findFirst().orElseThrow();
            Map<Integer, String> fromMetadata = new TreeMap<>();
            expected.partitionMetadata().forEach(p -> fromMetadata.put(p.partition(), describe(
                    p.leaderId.orElse(-1), p.replicaIds, p.inSyncReplicaIds)));
            ctx.evidence("Metadata for %s: id %s, partitions %s", topic, expected.topicId(), fromMetadata);

            DescribeTopicPartitionsRequestData first = new DescribeTopicPartitionsRequestData()
                    .setTopics(List.of(new DescribeTopicPartitionsRequestData.TopicRequest().setName(topic)))
                    .setResponsePartitionLimit(2);
            DescribeTopicPartitionsResponseData page1 = ((DescribeTopicPartitionsResponse) wire.send(
                    new DescribeTopicPartitionsRequest.Builder(first), version)).data();
            Map<Integer, String> described = new TreeMap<>();
            DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic answered1 =
                    collect(ctx, "first page (limit 2)", page1, topic, described);
            assertThat(described.keySet()).as("partitions of the first page, limited to 2").containsExactly(0, 1);
            assertThat(answered1.topicId()).as("topic id, compared with Metadata's").isEqualTo(expected.topicId());
            DescribeTopicPartitionsResponseData.Cursor cursor = page1.nextCursor();
            ctx.evidence("next cursor: %s", cursor == null ? "none" : cursor.topicName() + " p" + cursor.partitionIndex());
            assertThat(cursor).as("next cursor after a page of 2 of 3 partitions").isNotNull();
            assertThat(cursor.topicName() + " p" + cursor.partitionIndex()).as("next cursor")
                    .isEqualTo(topic + " p2");

            DescribeTopicPartitionsRequestData second = new DescribeTopicPartitionsRequestData()
                    .setTopics(List.of(new DescribeTopicPartitionsRequestData.TopicRequest().setName(topic)))
                    .setResponsePartitionLimit(2)
                    .setCursor(new DescribeTopicPartitionsRequestData.Cursor().setTopicName(topic).setPartitionIndex(2));
            DescribeTopicPartitionsResponseData page2 = ((DescribeTopicPartitionsResponse) wire.send(
                    new DescribeTopicPartitionsRequest.Builder(second), version)).data();
            collect(ctx, "second page (from the cursor)", page2, topic, described);
            assertThat(described).as("partitions of both pages, compared with Metadata").isEqualTo(fromMetadata);
        }
    }

    private static DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic collect(
            CheckContext ctx, String what, DescribeTopicPartitionsResponseData page, String topic,
            Map<Integer, String> described) {
        DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic answered = page.topics().find(topic);
        assertThat(answered).as("topic %s in the DescribeTopicPartitions %s", topic, what).isNotNull();
        List<String> partitions = new ArrayList<>();
        answered.partitions().forEach(p -> {
            described.put(p.partitionIndex(), describe(p.leaderId(), p.replicaNodes(), p.isrNodes()));
            partitions.add("p" + p.partitionIndex() + " " + Errors.forCode(p.errorCode()));
        });
        ctx.evidence("DescribeTopicPartitions %s: error %s, id %s, %s", what, Errors.forCode(answered.errorCode()),
                answered.topicId(), partitions);
        assertThat(Errors.forCode(answered.errorCode())).as("error for topic %s", topic).isEqualTo(Errors.NONE);
        answered.partitions().forEach(p -> assertThat(Errors.forCode(p.errorCode()))
                .as("error of partition %d", p.partitionIndex()).isEqualTo(Errors.NONE));
        return answered;
    }

    private static String describe(int leader, List<Integer> replicas, List<Integer> isr) {
        return "leader " + leader + " replicas " + replicas + " isr " + new TreeSet<>(isr);
    }

    @Check(id = "protocol.admin.describe-log-dirs",
            title = "DescribeLogDirs shows the partition a check produced to with a size above zero, and an empty one"
                    + " at zero",
            battery = Battery.PROTOCOL, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"KIP-113 (DescribeLogDirs)", "KIP-827 (total and usable bytes, v4)"},
            hint = "The partition's leader must list it in one of its log directories with the bytes it holds: more"
                    + " than zero after 50 acknowledged records, zero for a partition nothing was written to.")
    @RequiresApi(value = ApiKeys.DESCRIBE_LOG_DIRS, minVersion = 1)
    void describeLogDirs(CheckContext ctx) {
        String written = ctx.createTopic("written");
        String empty = ctx.createTopic("empty");
        Producer<String, String> producer = ctx.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        for (int i = 0; i < 50; i++) {
            producer.send(new ProducerRecord<>(written, "key-" + i, "value-" + i + "-".repeat(100)));
        }
        producer.flush();
        ctx.evidence("produced 50 records of about 110 bytes to %s, acks=all, all acknowledged", written);
        TopicPartition writtenPartition = new TopicPartition(written, 0);
        TopicPartition emptyPartition = new TopicPartition(empty, 0);
        Admin admin = ctx.admin();
        int leader = leaderOf(ctx, written);
        int emptyLeader = leaderOf(ctx, empty);

        // the size is that of the active segment, which the broker grows as it appends: no wait is needed,
        // but a replica another broker leads may be listed a moment after the topic is created
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Optional<ReplicaInfo> writtenInfo;
        Optional<ReplicaInfo> emptyInfo;
        Map<Integer, Map<String, LogDirDescription>> dirs;
        do {
            dirs = Await.result(admin.describeLogDirs(new TreeSet<>(List.of(leader, emptyLeader))).allDescriptions(), "log dirs");
            writtenInfo = find(dirs.get(leader), writtenPartition);
            emptyInfo = find(dirs.get(emptyLeader), emptyPartition);
            if (writtenInfo.isPresent() && emptyInfo.isPresent() && writtenInfo.get().size() > 0) {
                break;
            }
            TargetContext.sleep(Duration.ofMillis(300));
        } while (System.nanoTime() < deadline);
        dirs.forEach((broker, byDir) -> byDir.forEach((dir, d) -> ctx.evidence(
                "broker %d, dir %s: error %s, total %s, usable %s, %d replicas", broker, dir,
                d.error() == null ? "none" : d.error().getClass().getSimpleName(),
                d.totalBytes().isPresent() ? d.totalBytes().getAsLong() : "n/a",
                d.usableBytes().isPresent() ? d.usableBytes().getAsLong() : "n/a", d.replicaInfos().size())));
        ctx.evidence("%s on broker %d: %s", writtenPartition, leader, writtenInfo.map(Object::toString).orElse("not listed"));
        ctx.evidence("%s on broker %d: %s", emptyPartition, emptyLeader, emptyInfo.map(Object::toString).orElse("not listed"));

        assertThat(writtenInfo).as("%s in the log dirs of its leader %d", writtenPartition, leader).isPresent();
        assertThat(emptyInfo).as("%s in the log dirs of its leader %d", emptyPartition, emptyLeader).isPresent();
        assertThat(writtenInfo.get().size()).as("size of %s after 50 acknowledged records of about 110 bytes",
                writtenPartition).isGreaterThan(50L * 100);
        assertThat(emptyInfo.get().size()).as("size of %s, to which nothing was written", emptyPartition).isZero();
        assertThat(writtenInfo.get().isFuture()).as("whether %s is a future replica", writtenPartition).isFalse();
    }

    private static Optional<ReplicaInfo> find(Map<String, LogDirDescription> byDir, TopicPartition partition) {
        if (byDir == null) {
            return Optional.empty();
        }
        return byDir.values().stream().map(d -> d.replicaInfos().get(partition)).filter(r -> r != null).findFirst();
    }

    private static int leaderOf(CheckContext ctx, String topic) {
        TopicDescription description = Await.result(ctx.admin().describeTopics(List.of(topic)).allTopicNames(),
                "the description of " + topic).get(topic);
        return description.partitions().get(0).leader().id();
    }

    @Check(id = "protocol.admin.elect-leaders",
            title = "A preferred leader election on a check's topic leaves every partition led by its preferred"
                    + " replica, each answered as elected or as not needed, and partitions that do not exist are"
                    + " answered UNKNOWN_TOPIC_OR_PARTITION",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-460 (ElectLeaders with election type)", "KIP-183 (preferred replica election)"},
            hint = "For a partition already led by its preferred replica (always so on one broker) the answer must"
                    + " be ELECTION_NOT_NEEDED or success; any other error, or a leader that is not the first replica"
                    + " afterwards, is wrong. A partition beyond the topic's last one, and one of a topic that does"
                    + " not exist, must be answered UNKNOWN_TOPIC_OR_PARTITION: a target that answers every partition"
                    + " alike has not looked at the cluster.")
    @RequiresApi(value = ApiKeys.ELECT_LEADERS, minVersion = 1)
    @ChangesCluster("leader elections (ElectLeaders)")
    void electLeaders(CheckContext ctx) {
        // On a fresh topic the preferred replica leads every partition, so there is nothing to elect, and an
        // answer of "not needed" for everything would look right. What tells a target that looked at the
        // cluster from one that answers blindly are the partitions that do not exist, asked for in the same
        // request, as a tool that reads the partitions from a file would.
        String topic = ctx.createTopic("elect", 3, Map.of());
        Set<TopicPartition> existing = Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                new TopicPartition(topic, 2));
        Set<TopicPartition> missing = Set.of(new TopicPartition(topic, 3),
                new TopicPartition(ctx.name("elect-never-created"), 0));
        Set<TopicPartition> asked = new HashSet<>(existing);
        asked.addAll(missing);
        Map<TopicPartition, Optional<Throwable>> results = Await.result(
                ctx.admin().electLeaders(ElectionType.PREFERRED, asked).partitions(), "the preferred election");
        Map<String, String> answered = new TreeMap<>();
        results.forEach((tp, error) -> answered.put(tp.toString(),
                error.map(e -> e.getClass().getSimpleName()).orElse("elected")));
        ctx.evidence("ElectLeaders PREFERRED for %s: %s", asked.stream().map(TopicPartition::toString).sorted()
                .collect(Collectors.joining(", ")), answered);
        assertThat(results.keySet()).as("partitions answered").containsExactlyInAnyOrderElementsOf(asked);
        existing.forEach(tp -> assertThat(results.get(tp).filter(e -> !(e instanceof ElectionNotNeededException)))
                .as("error for %s (other than ELECTION_NOT_NEEDED)", tp).isEmpty());
        missing.forEach(tp -> assertThat(results.get(tp)).as("answer for %s, which does not exist", tp)
                .containsInstanceOf(UnknownTopicOrPartitionException.class));

        TopicDescription after = Await.result(ctx.admin().describeTopics(List.of(topic)).allTopicNames(),
                "the description of " + topic).get(topic);
        for (TopicPartitionInfo p : after.partitions()) {
            List<Integer> replicas = p.replicas().stream().map(Node::id).toList();
            ctx.evidence("after the election, p%d: leader %s, replicas %s", p.partition(),
                    p.leader() == null ? "none" : p.leader().id(), replicas);
            assertThat(p.leader()).as("leader of p%d", p.partition()).isNotNull();
            assertThat(p.leader().id()).as("leader of p%d, which must be its preferred (first) replica", p.partition())
                    .isEqualTo(replicas.get(0));
        }
    }

    @Check(id = "protocol.admin.list-partition-reassignments",
            title = "ListPartitionReassignments shows nothing ongoing for a new topic; a reassignment to a broker"
                    + " that does not exist is refused, and one to the current replicas completes and leaves them",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-455 (AlterPartitionReassignments, ListPartitionReassignments)"},
            hint = "A reassignment naming an unknown broker id must be answered INVALID_REPLICA_ASSIGNMENT and never"
                    + " listed; one naming the partition's current replicas must be accepted, finish, and leave the"
                    + " replicas as they were; ListPartitionReassignments must then list nothing for the topic.")
    @RequiresApi(value = ApiKeys.LIST_PARTITION_REASSIGNMENTS, minVersion = 0)
    @RequiresApi(value = ApiKeys.ALTER_PARTITION_REASSIGNMENTS, minVersion = 0)
    @ChangesCluster("partition reassignments (AlterPartitionReassignments)")
    void listPartitionReassignments(CheckContext ctx) {
        String topic = ctx.createTopic("reassigned");
        TopicPartition partition = new TopicPartition(topic, 0);
        Admin admin = ctx.admin();
        Map<TopicPartition, PartitionReassignment> before = Await.result(
                admin.listPartitionReassignments(Set.of(partition)).reassignments(), "ListPartitionReassignments");
        ctx.evidence("ListPartitionReassignments %s on a new topic: %s", partition, before);
        assertThat(before).as("ongoing reassignments of %s, a new topic", partition).isEmpty();

        List<Integer> replicas = replicasOf(ctx, topic);
        int unknownBroker = Await.result(admin.describeCluster().nodes(), "the brokers").stream()
                .mapToInt(Node::id).max().orElse(0) + 1000;
        Optional<Throwable> refused = alterOutcome(admin, partition, List.of(unknownBroker));
        ctx.evidence("AlterPartitionReassignments %s to [%d], a broker id nobody has: %s", partition, unknownBroker,
                refused.map(e -> e.getClass().getSimpleName() + ": " + e.getMessage()).orElse("accepted"));
        assertThat(refused).as("answer to a reassignment to broker %d, which does not exist", unknownBroker)
                .containsInstanceOf(InvalidReplicaAssignmentException.class);

        Optional<Throwable> same = alterOutcome(admin, partition, replicas);
        ctx.evidence("AlterPartitionReassignments %s to its current replicas %s: %s", partition, replicas,
                same.map(e -> e.getClass().getSimpleName() + ": " + e.getMessage()).orElse("accepted"));
        assertThat(same).as("answer to a reassignment to the current replicas %s", replicas).isEmpty();

        long deadline = System.nanoTime() + SETTLE.toNanos();
        Map<TopicPartition, PartitionReassignment> after;
        do {
            after = Await.result(admin.listPartitionReassignments(Set.of(partition)).reassignments(),
                    "ListPartitionReassignments");
        } while (!after.isEmpty() && System.nanoTime() < deadline && sleepBriefly());
        ctx.evidence("ListPartitionReassignments %s afterwards: %s", partition, after);
        assertThat(after).as("ongoing reassignments of %s after a move to its own replicas", partition).isEmpty();
        assertThat(replicasOf(ctx, topic)).as("replicas of %s after the move to its own replicas", partition)
                .isEqualTo(replicas);
    }

    private static Optional<Throwable> alterOutcome(Admin admin, TopicPartition partition, List<Integer> replicas) {
        try {
            Await.result(admin.alterPartitionReassignments(Map.of(partition,
                    Optional.of(new NewPartitionReassignment(replicas)))).all(), "AlterPartitionReassignments");
            return Optional.empty();
        } catch (InvalidReplicaAssignmentException e) {
            return Optional.of(e);
        }
    }

    private static boolean sleepBriefly() {
        TargetContext.sleep(Duration.ofMillis(300));
        return true;
    }

    private static List<Integer> replicasOf(CheckContext ctx, String topic) {
        TopicDescription description = Await.result(ctx.admin().describeTopics(List.of(topic)).allTopicNames(),
                "the description of " + topic).get(topic);
        return description.partitions().get(0).replicas().stream().map(Node::id).toList();
    }

}
