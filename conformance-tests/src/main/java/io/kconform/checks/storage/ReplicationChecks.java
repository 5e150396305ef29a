package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import io.kconform.api.outcome.NotApplicableException;
import io.kconform.api.outcome.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Durability a vendor can be held to without broker control: what it promises at the moment of writing and
 * describing, not what survives a crash (that is {@code storage.durability.acks-all-survives-broker-loss}, on a
 * cluster kconform runs). An answer to acks=all is borne out by the log (refused: not stored; acknowledged: stored),
 * also where {@code min.insync.replicas} cannot be met; a topic gets the replication factor asked for, or is refused;
 * and Metadata tells the truth about the replicas and which of them are in sync. A target that stores one copy while saying three, or acknowledges acks=all
 * without the replicas it needs, gives an application no durability it can see until it is lost.
 */
class ReplicationChecks {

    /**
     * MUST: an acknowledgement the log does not hold is a lost write, and a refusal the log does hold makes the
     * producer retry into duplicates. Apache Kafka before 3.7 refuses acks=all here (NOT_ENOUGH_REPLICAS: one replica
     * in sync, two required); since 3.7 (KIP-966) it caps min.insync.replicas at the replica count and accepts. Both
     * keep their word, so the check takes either answer and holds the target to it, rather than to one release's
     * choice. A refusal must be NOT_ENOUGH_REPLICAS, the retriable code producers know.
     */
    @Check(id = "storage.durability.min-insync-above-replication-factor",
            title = "acks=all to a topic whose min.insync.replicas is above its replication factor is either refused"
                    + " with NOT_ENOUGH_REPLICAS and never visible, or acknowledged and visible; acks=1 is accepted",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"Apache Kafka documentation, topic config min.insync.replicas",
                    "Kafka protocol guide: error code 19 NOT_ENOUGH_REPLICAS",
                    "KIP-966 (min.insync.replicas capped at the replica count, Apache Kafka 3.7+)"},
            hint = "If this fails, look at what the target does with acks=all when min.insync.replicas exceeds the"
                    + " replicas: refusing (NOT_ENOUGH_REPLICAS) must store nothing, acknowledging must store the"
                    + " records. acks=1 does not wait for replicas, so min.insync.replicas does not apply to it.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    void minInsyncAboveReplicationFactor(CheckContext ctx) {
        String topic;
        try {
            topic = ctx.createTopic("min-isr", 1, (short) 1, Map.of("min.insync.replicas", "2"));
        } catch (UnsupportedFeatureException e) {
            // Refusing the topic keeps the situation from arising, which breaks no promise: nothing to check.
            throw new NotApplicableException("the target refuses a topic with replication factor 1 and"
                    + " min.insync.replicas=2, which this check needs: " + e.getMessage());
        }
        List<String> wrong = new ArrayList<>();
        short allError;
        short oneError;
        try (LeaderWire wire = LeaderWire.leaderOf(ctx, topic)) {
            PartitionProduceResponse all = wire.produce(ctx, 0, RawFetch.batch("acks-all", 3, 10), (short) -1);
            allError = all.errorCode();
            ctx.evidence("topic %s: replication factor 1, min.insync.replicas=2; Produce acks=all of 3 records: %s%s",
                    topic, Errors.forCode(allError), allError == 0 ? " at " + all.baseOffset() : "");
            if (allError != Errors.NONE.code() && allError != Errors.NOT_ENOUGH_REPLICAS.code()) {
                wrong.add("acks=all with 1 replica and min.insync.replicas=2: answered " + Errors.forCode(allError)
                        + ", expected NOT_ENOUGH_REPLICAS (refused) or NONE (min.insync.replicas capped at the replicas)");
            }
            PartitionProduceResponse one = wire.produce(ctx, 0, RawFetch.batch("acks-1", 2, 10), (short) 1);
            oneError = one.errorCode();
            ctx.evidence("Produce acks=1 of 2 records: %s%s", Errors.forCode(oneError),
                    oneError == 0 ? " at " + one.baseOffset() : "");
            if (oneError != Errors.NONE.code()) {
                wrong.add("acks=1, to which min.insync.replicas does not apply: answered " + Errors.forCode(oneError)
                        + ", expected NONE");
            }
        }
        PartitionLog.Read read = PartitionLog.readAll(ctx.consumer(Map.of()), new TopicPartition(topic, 0),
                TargetContext.DEFAULT_WAIT);
        List<String> keys = read.records().stream().map(ConsumerRecord::key).toList();
        long allVisible = keys.stream().filter(k -> k.startsWith("acks-all")).count();
        long oneVisible = keys.stream().filter(k -> k.startsWith("acks-1")).count();
        ctx.evidence("read back from the start: %s, keys %s", read.summary(), keys);
        if (allError == Errors.NONE.code() && allVisible != 3) {
            wrong.add("acks=all acknowledged, yet " + allVisible + " of its 3 records are visible");
        }
        if (allError != Errors.NONE.code() && allVisible != 0) {
            wrong.add("acks=all refused with " + Errors.forCode(allError) + ", yet " + allVisible
                    + " of its records are visible");
        }
        if (oneError == Errors.NONE.code() && oneVisible != 2) {
            wrong.add("acks=1 acknowledged, yet " + oneVisible + " of its 2 records are visible");
        }
        assertThat(wrong).as("acks=all or acks=1 answers on a topic with min.insync.replicas above its replication"
                + " factor that the log does not bear out").isEmpty();
    }

    /**
     * MUST: operators and clients judge durability by the replicas and in-sync replicas Metadata reports; reporting
     * copies that do not exist, or none in sync, misstates what survives a broker's loss.
     */
    @Check(id = "storage.durability.replication-factor-reported",
            title = "A topic created with a replication factor the cluster can meet is reported with that many distinct"
                    + " replicas, all in sync, the leader among them, by DescribeTopics and by Metadata",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"Kafka protocol guide: CreateTopics (replication_factor), Metadata (replica_nodes, isr_nodes)",
                    "KIP-966 (DescribeTopicPartitions)"},
            hint = "If this fails, look at the replicas and in-sync replicas the target reports for a new topic: as"
                    + " many distinct brokers as the replication factor asked, every one in sync once the topic is"
                    + " idle, the leader one of them. Operators and clients judge durability by these lists.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.METADATA)
    void replicationFactorReported(CheckContext ctx) {
        int brokers = brokers(ctx).size();
        short factor = (short) Math.min(3, brokers);
        String topic = ctx.createTopic("replication-factor", 2, factor, Map.of());
        List<String> wrong = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int partition = p;
            Optional<TopicPartitionInfo> settled = ctx.awaitPartition(topic, partition,
                    info -> info.isr().size() >= factor, TargetContext.DEFAULT_WAIT);
            TopicPartitionInfo info = settled.orElseGet(() -> ctx.describeTopic(topic).partitions().get(partition));
            ctx.evidence("DescribeTopics, partition %d: leader %s, replicas %s, in sync %s", partition,
                    id(info.leader()), ids(info.replicas()), ids(info.isr()));
            judge(wrong, "DescribeTopics, partition " + partition, factor, id(info.leader()), ids(info.replicas()),
                    ids(info.isr()));
        }
        List<PartitionInfo> metadata = ctx.consumer(Map.of()).partitionsFor(topic, TargetContext.DEFAULT_WAIT);
        for (PartitionInfo info : metadata) {
            ctx.evidence("Metadata (consumer.partitionsFor), partition %d: leader %s, replicas %s, in sync %s",
                    info.partition(), id(info.leader()), ids(List.of(info.replicas())),
                    ids(List.of(info.inSyncReplicas())));
            judge(wrong, "Metadata, partition " + info.partition(), factor, id(info.leader()),
                    ids(List.of(info.replicas())), ids(List.of(info.inSyncReplicas())));
        }
        if (metadata.size() != 2) {
            wrong.add("Metadata lists " + metadata.size() + " partitions of the 2 created");
        }
        ctx.evidence("replication factor %d asked on a target of %d broker(s)", factor, brokers);
        assertThat(wrong).as("replicas or in-sync replicas reported other than replication factor %d asks", factor)
                .isEmpty();
    }

    /**
     * MUST: creating a topic with fewer copies than asked leaves the application believing in a durability it does
     * not have; the refusal is how it learns.
     */
    @Check(id = "storage.durability.replication-factor-above-brokers-refused",
            title = "CreateTopics with a replication factor above the number of brokers is refused with"
                    + " INVALID_REPLICATION_FACTOR and creates nothing",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"Kafka protocol guide: CreateTopics, error code 38 INVALID_REPLICATION_FACTOR"},
            hint = "If this fails, look at how the target treats a replication factor it cannot meet: it must refuse"
                    + " the topic (INVALID_REPLICATION_FACTOR), not create it with fewer copies than asked, which"
                    + " leaves the application believing in a durability it does not have.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    void replicationFactorAboveBrokersRefused(CheckContext ctx) {
        int brokers = brokers(ctx).size();
        short factor = (short) (brokers + 1);
        String topic = ctx.name("rf-above-brokers");
        Throwable refusal = null;
        try {
            ctx.admin().createTopics(List.of(new NewTopic(topic, 1, factor))).all()
                    .get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            refusal = e.getCause();
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.KafkaException("CreateTopics not answered within "
                    + TargetContext.DEFAULT_WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while creating " + topic, e);
        }
        ctx.evidence("CreateTopics %s with replication factor %d on a target of %d broker(s): %s", topic, factor,
                brokers, refusal == null ? "created" : refusal.getClass().getSimpleName() + ": " + refusal.getMessage());
        boolean exists = Await.result(ctx.admin().listTopics().names(), "the target's topic names").contains(topic);
        ctx.evidence("listed afterwards: %s", exists);
        List<String> wrong = new ArrayList<>();
        if (!(refusal instanceof InvalidReplicationFactorException)) {
            wrong.add("replication factor " + factor + " on " + brokers + " broker(s): "
                    + (refusal == null ? "the topic was created" : "refused with " + refusal.getClass().getSimpleName())
                    + ", expected INVALID_REPLICATION_FACTOR");
        }
        if (exists) {
            wrong.add("topic " + topic + " exists after CreateTopics with replication factor " + factor);
        }
        assertThat(wrong).as("a replication factor above the number of brokers not refused as the protocol says")
                .isEmpty();
    }

    private static List<Node> brokers(CheckContext ctx) {
        return new ArrayList<>(Await.result(ctx.admin().describeCluster().nodes(), "the brokers of the target"));
    }

    private static void judge(List<String> wrong, String where, short factor, int leader, List<Integer> replicas,
                              List<Integer> isr) {
        if (replicas.size() != factor || new HashSet<>(replicas).size() != factor) {
            wrong.add(where + ": replicas " + replicas + ", expected " + factor + " distinct brokers");
        }
        if (!new HashSet<>(isr).equals(new HashSet<>(replicas))) {
            wrong.add(where + ": in sync " + isr + ", expected every replica " + replicas);
        }
        if (!isr.contains(leader)) {
            wrong.add(where + ": leader " + leader + " not among the in-sync replicas " + isr);
        }
    }

    private static int id(Node node) {
        return node == null || node.isEmpty() ? -1 : node.id();
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(ReplicationChecks::id).toList();
    }
}
