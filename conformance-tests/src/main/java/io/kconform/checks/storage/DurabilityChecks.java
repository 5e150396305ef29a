package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.ChangesCluster;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.RequiresBrokers;
import io.kconform.api.RequiresFacility;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import io.kconform.api.outcome.SetUpRefusedByTargetException;
import io.kconform.api.target.BrokerControl;
import io.kconform.api.target.Facility;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Durability: what a target acknowledged with acks=all on a replicated topic is still there after a
 * broker fails. Apache Kafka acknowledges acks=all only once every in-sync replica has the record,
 * refuses it while fewer than {@code min.insync.replicas} are in sync, and elects only an in-sync
 * replica as the new leader, so with replication factor 3 and {@code min.insync.replicas=2} losing any
 * one broker loses no acknowledged record.
 *
 * <p>The check kills a broker, which every other check running at the same time would feel, so the
 * class runs {@link Isolated isolated}: no other check runs while it does.
 */
@Isolated("kills a broker of the target, which every other check shares")
class DurabilityChecks {

    /** Acknowledged records wanted before the kill and again after the leader moved. */
    private static final int RECORDS_PER_PHASE = 200;
    /** How long a new leader and acknowledgements on it may take: fencing the dead broker alone takes ~9 s. */
    private static final Duration FAILOVER_WAIT = Duration.ofSeconds(40);

    @Check(id = "storage.durability.acks-all-survives-broker-loss",
            title = "Records acknowledged with acks=all on a topic with replication factor 3 and min.insync.replicas=2"
                    + " are all read back after the partition leader is killed, and producing goes on",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"Apache Kafka documentation, Design: replication (acks=all, min.insync.replicas, unclean leader election)",
                    "KIP-101 (leader epochs: no truncation of committed records)"},
            hint = "If this fails, look at when the target acknowledges acks=all (only after every in-sync replica has"
                    + " the record, and never with fewer than min.insync.replicas in sync), at which replica it elects"
                    + " when a leader dies (only an in-sync one), and at how the new leader's log is truncated.")
    @RequiresFacility(Facility.BROKER_CONTROL)
    @RequiresBrokers(3)
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @ChangesCluster("a broker killed and restarted, partition leadership")
    void acksAllSurvivesLeaderLoss(CheckContext ctx) {
        BrokerControl brokers = ctx.brokerControl();
        String topic = ctx.createTopic("durable", 1, (short) 3,
                Map.of("min.insync.replicas", "2", "unclean.leader.election.enable", "false"));
        TopicPartition partition = new TopicPartition(topic, 0);
        TopicPartitionInfo before = ctx.awaitPartition(topic, 0, p -> p.isr().size() == 3, TargetContext.DEFAULT_WAIT)
                .orElseThrow(() -> new SetUpRefusedByTargetException(
                        "the new topic's three replicas were not all in sync within "
                        + TargetContext.DEFAULT_WAIT.toSeconds() + " s"));
        int leader = before.leader().id();
        ctx.evidence("topic %s: replication factor 3, min.insync.replicas=2, leader %d, in sync %s", topic, leader,
                ids(before.isr()));

        Producer<String, String> producer = ctx.producer(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                // Outlasts a failover, yet bounds the final flush when the target never elects a new leader.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) FAILOVER_WAIT.toMillis() + 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000));
        AcknowledgedSender sender = new AcknowledgedSender(producer, topic);
        boolean restarted = false;
        try {
            sender.start();
            sender.awaitAcknowledged(RECORDS_PER_PHASE, TargetContext.DEFAULT_WAIT);
            // Killed while records are in flight: the ones acknowledged in the last instant count too.
            int acknowledgedBeforeKill = sender.acknowledgedCount();
            long killed = System.nanoTime();
            brokers.kill(leader);
            ctx.evidence("killed broker %d, the leader, with SIGKILL while producing; %d records acknowledged by then",
                    leader, acknowledgedBeforeKill);

            Optional<TopicPartitionInfo> after = ctx.awaitPartition(topic, 0,
                    p -> p.leader() != null && !p.leader().isEmpty() && p.leader().id() != leader, FAILOVER_WAIT);
            ctx.evidence("%s", after.map(p -> String.format(java.util.Locale.ROOT,
                    "new leader %d after %.1f s, in sync %s", p.leader().id(), (System.nanoTime() - killed) / 1e9,
                    ids(p.isr()))).orElse("no new leader within " + FAILOVER_WAIT.toSeconds() + " s"));
            boolean resumed = after.isPresent() && sender.awaitAcknowledged(
                    sender.acknowledgedCount() + RECORDS_PER_PHASE, FAILOVER_WAIT);
            sender.stop();
            List<AcknowledgedSender.Ack> acknowledged = sender.acknowledged();
            ctx.evidence("sent %d records, %d acknowledged, %d failed%s", sender.sent(), acknowledged.size(),
                    sender.failed(), sender.firstFailure().map(f -> " (first failure: " + f + ")").orElse(""));

            // An acknowledged acks=all record is committed, so readable at once; a little patience anyway, so
            // that only records that are gone count, not ones a slow target has yet to expose.
            long highest = acknowledged.stream().mapToLong(AcknowledgedSender.Ack::offset).max().orElse(-1);
            Consumer<String, String> consumer = ctx.consumer(Map.of());
            long end = awaitEndOffset(consumer, partition, highest + 1);
            PartitionLog.Read read = PartitionLog.readAll(consumer, partition, TargetContext.DEFAULT_WAIT);
            Map<Long, String> stored = new TreeMap<>();
            for (ConsumerRecord<String, String> record : read.records()) {
                stored.put(record.offset(), record.value());
            }
            List<AcknowledgedSender.Ack> lostBefore = lost(acknowledged.subList(0, acknowledgedBeforeKill), stored);
            List<AcknowledgedSender.Ack> lostAfter = lost(acknowledged.subList(acknowledgedBeforeKill,
                    acknowledged.size()), stored);
            ctx.evidence("end offset %d (highest acknowledged offset %d); read back %s", end, highest, read.summary());
            ctx.evidence("acknowledged records missing: %d of the %d acknowledged before the kill%s, %d of the %d"
                    + " after it%s", lostBefore.size(), acknowledgedBeforeKill, describe(lostBefore, stored),
                    lostAfter.size(), acknowledged.size() - acknowledgedBeforeKill, describe(lostAfter, stored));
            assertThat(lostBefore.size() + lostAfter.size()).as("records acknowledged with acks=all but not read back"
                    + " at their offset after broker %d was killed (before the kill: %d%s; after: %d%s)", leader,
                    lostBefore.size(), describe(lostBefore, stored), lostAfter.size(), describe(lostAfter, stored))
                    .isZero();
            assertThat(after).as("a new leader elected among the surviving in-sync replicas").isPresent();
            assertThat(resumed).as("%d more records acknowledged with acks=all after the leader moved (two of three"
                    + " replicas in sync satisfy min.insync.replicas=2)", RECORDS_PER_PHASE).isTrue();
            restarted = restart(ctx, brokers, leader);
        } finally {
            sender.stop();
            if (!restarted) {
                restartQuietly(ctx, brokers, leader);
            }
        }
    }

    /** Starts the killed broker again, so the checks after this one have the whole cluster. */
    private static boolean restart(CheckContext ctx, BrokerControl brokers, int id) {
        long start = System.nanoTime();
        try {
            brokers.start(id);
        } catch (IllegalStateException e) {
            throw new HarnessException("could not start broker " + id + " again: " + e.getMessage(), e);
        }
        ctx.evidence("broker %d started again and listed by the cluster after %.1f s", id,
                (System.nanoTime() - start) / 1e9);
        return true;
    }

    /** After a failure: the check's own outcome matters more than a broker that does not come back. */
    private static void restartQuietly(CheckContext ctx, BrokerControl brokers, int id) {
        try {
            restart(ctx, brokers, id);
        } catch (RuntimeException e) {
            ctx.evidence("broker %d did not come back: %s", id, e.getMessage());
        }
    }


    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    /** Waits, bounded, until the partition's end offset reaches {@code wanted}; returns the last one seen. */
    private static long awaitEndOffset(Consumer<String, String> consumer, TopicPartition partition, long wanted) {
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        long end = consumer.endOffsets(List.of(partition), TargetContext.DEFAULT_WAIT).get(partition);
        while (end < wanted && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofMillis(250));
            end = consumer.endOffsets(List.of(partition), TargetContext.DEFAULT_WAIT).get(partition);
        }
        return end;
    }

    private static List<AcknowledgedSender.Ack> lost(List<AcknowledgedSender.Ack> acks, Map<Long, String> stored) {
        return acks.stream().filter(a -> !a.value().equals(stored.get(a.offset()))).toList();
    }

    private static String describe(List<AcknowledgedSender.Ack> lost, Map<Long, String> stored) {
        StringBuilder text = new StringBuilder();
        lost.stream().limit(3).forEach(a -> text.append(text.length() > 0 ? ", " : ", first ")
                .append(a.offset()).append('=').append(a.value()).append(" (read there: ")
                .append(stored.getOrDefault(a.offset(), "nothing")).append(')'));
        return text.toString();
    }
}
