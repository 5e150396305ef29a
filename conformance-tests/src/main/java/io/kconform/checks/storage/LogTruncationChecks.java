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
import io.kconform.api.outcome.UnsupportedFeatureException;
import io.kconform.api.target.BrokerControl;
import io.kconform.api.target.Facility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.LogTruncationException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Log truncation under a consumer (KIP-101, KIP-320). When a partition's leader changes to a replica that lacks
 * records a consumer has already read (an unclean election after the old leader, alone in sync, took writes with
 * acks=1), the consumer must notice: it asks the new leader, with OffsetForLeaderEpoch, where the epoch of the last
 * record it read ended, and an answer below its position means its log diverged there. The Java consumer then throws
 * LogTruncationException naming that offset when {@code auto.offset.reset} is {@code none}, and otherwise resumes at
 * that offset (the first offset known to diverge, whatever the reset policy), reading the new leader's records from
 * there. A target that answers the end of an old epoch wrongly makes the consumer read on from its old position in a
 * log that is no longer the one it read: silently skipping the new leader's records in between.
 *
 * <p>The check stops brokers, so it runs {@link Isolated isolated} and starts every broker it stopped again.
 */
@Isolated("stops two brokers of the target, which every other check shares")
class LogTruncationChecks {

    /** Records every replica has; records only the old leader gets (read, then truncated); records of the new one. */
    private static final int REPLICATED = 5;
    private static final int DIVERGED = 4;
    private static final int NEW_LEADER = DIVERGED + 3;
    /** How long the leader change may take: a broker start, an election, new metadata. */
    private static final Duration CHANGE_WAIT = Duration.ofSeconds(40);
    private static final List<String> POLICIES = List.of("none", "earliest", "latest");

    @Check(id = "storage.leader-epoch.truncation-detected",
            title = "A consumer that read records the new leader does not have (unclean election after acks=1 writes to"
                    + " a leader alone in sync) detects the truncation: LogTruncationException at the divergent offset"
                    + " with auto.offset.reset=none, and with earliest or latest it resumes there, reading the new"
                    + " leader's records",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"KIP-101 (leader epochs, OffsetForLeaderEpoch)",
                    "KIP-320 (consumers detect log truncation: LogTruncationException)",
                    "Apache Kafka documentation, Design: unclean leader election"},
            hint = "If this fails, look at how the target answers OffsetForLeaderEpoch for an epoch before the current"
                    + " one: the answer is that epoch's end offset in the new leader's log (the start offset of the"
                    + " next epoch it has), not its log end offset. A consumer compares it with its position to find"
                    + " where its log and the leader's diverged.")
    @RequiresFacility(Facility.BROKER_CONTROL)
    @RequiresBrokers(3)
    @RequiresApi(value = ApiKeys.OFFSET_FOR_LEADER_EPOCH, minVersion = 3)
    @RequiresApi(ApiKeys.ELECT_LEADERS)
    @ChangesCluster("two brokers stopped and started again, an unclean leader election on the run's topic")
    void truncationDetected(CheckContext ctx) {
        BrokerControl brokers = ctx.brokerControl();
        long started = System.nanoTime();
        // Two replicas, so that one follower stopped leaves the leader alone in sync; unclean election allowed, so
        // that the follower, which lacks the leader's last records, can lead once the leader is gone.
        String topic = ctx.createTopic("truncation", 1, (short) 2,
                Map.of("min.insync.replicas", "1", "unclean.leader.election.enable", "true"));
        TopicPartition partition = new TopicPartition(topic, 0);
        TopicPartitionInfo before = ctx.awaitPartition(topic, 0, p -> p.isr().size() == 2, TargetContext.DEFAULT_WAIT)
                .orElseThrow(() -> new SetUpRefusedByTargetException("the new topic's two replicas were not in"
                        + " sync within " + TargetContext.DEFAULT_WAIT.toSeconds() + " s", null));
        int leader = before.leader().id();
        int follower = before.replicas().stream().mapToInt(Node::id).filter(id -> id != leader).findFirst()
                .orElseThrow();
        ctx.evidence("topic %s: replicas %s, leader %d, follower %d, min.insync.replicas=1,"
                + " unclean.leader.election.enable=true", topic, ids(before.replicas()), leader, follower);

        Map<String, Consumer<String, String>> consumers = new LinkedHashMap<>();
        POLICIES.forEach(policy -> consumers.put(policy, ctx.consumer(Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, policy,
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1_000))));
        consumers.values().forEach(c -> {
            c.assign(List.of(partition));
            c.seek(partition, 0);
        });
        List<String> wrong = new ArrayList<>();
        List<Integer> stopped = new ArrayList<>();
        try {
            write(ctx.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all")), topic, "a", REPLICATED);

            brokers.stop(follower);
            stopped.add(follower);
            ctx.awaitPartition(topic, 0, p -> ids(p.isr()).equals(List.of(leader)), TargetContext.DEFAULT_WAIT)
                    .orElseThrow(() -> new SetUpRefusedByTargetException("follower " + follower
                            + " was stopped, yet the leader " + leader + " was not alone in sync within "
                            + TargetContext.DEFAULT_WAIT.toSeconds() + " s", null));
            Producer<String, String> onlyLeader = ctx.producer(Map.of(ProducerConfig.ACKS_CONFIG, "1",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false));
            write(onlyLeader, topic, "x", DIVERGED);
            long end = REPLICATED + DIVERGED;
            Map<String, List<ConsumerRecord<String, String>>> read = new LinkedHashMap<>();
            consumers.forEach((policy, c) -> read.put(policy, readUntil(ctx, c, partition, end)));
            Optional<Integer> epoch = read.get("none").isEmpty() ? Optional.empty()
                    : read.get("none").get(read.get("none").size() - 1).leaderEpoch();
            ctx.evidence("follower %d stopped, leader %d alone in sync; %d records written with acks=1 (offsets %d-%d);"
                    + " each consumer read up to offset %d, the last record in leader epoch %s", follower, leader,
                    DIVERGED, REPLICATED, end - 1, end, epoch.map(String::valueOf).orElse("unknown"));
            consumers.forEach((policy, c) -> {
                long position = c.position(partition, TargetContext.DEFAULT_WAIT);
                if (position != end) {
                    // Acknowledged with acks=1 while the leader was alone in sync: readable, or the target lost them.
                    throw new SetUpRefusedByTargetException("the consumer with auto.offset.reset=" + policy
                            + " did not read the records the leader alone had acknowledged: position " + position
                            + ", expected " + end, null);
                }
            });

            brokers.stop(leader);
            stopped.add(leader);
            start(brokers, follower);
            stopped.remove(Integer.valueOf(follower));
            TopicPartitionInfo after = electUnclean(ctx, topic, partition, follower);
            ctx.evidence("leader %d stopped, follower %d started and elected (unclean) %.1f s into the check: leader"
                    + " %d, in sync %s", leader, follower, (System.nanoTime() - started) / 1e9, after.leader().id(),
                    ids(after.isr()));
            // More records on the new leader than were lost: its log end passes the consumers' positions, so only
            // the epoch's end offset, not an out-of-range error, tells them their log diverged.
            write(ctx.producer(Map.of(ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    false)), topic, "b", NEW_LEADER);
            ctx.accepted("records a consumer read, truncated by an unclean leader election");
            ctx.evidence("%d records written to the new leader %d (offsets %d-%d); the old log had offsets up to %d",
                    NEW_LEADER, follower, REPLICATED, REPLICATED + NEW_LEADER - 1, end - 1);

            expectTruncationException(ctx, consumers.get("none"), partition, wrong);
            for (String policy : List.of("earliest", "latest")) {
                expectResumedAtDivergence(ctx, policy, consumers.get(policy), partition, wrong);
            }

            start(brokers, leader);
            stopped.remove(Integer.valueOf(leader));
            Optional<TopicPartitionInfo> whole = ctx.awaitPartition(topic, 0, p -> p.isr().size() == 2,
                    TargetContext.DEFAULT_WAIT);
            ctx.evidence("old leader %d started again; %s; check took %.1f s", leader, whole
                    .map(p -> "it caught up with the new leader's log (in sync " + ids(p.isr()) + ")")
                    .orElse("not back in sync within " + TargetContext.DEFAULT_WAIT.toSeconds() + " s"),
                    (System.nanoTime() - started) / 1e9);
        } finally {
            for (int id : stopped) {
                startQuietly(ctx, brokers, id);
            }
        }
        assertThat(wrong).as("what consumers did after the log they had read was truncated at offset %d by a leader"
                + " change", REPLICATED).isEmpty();
    }

    /** With {@code none}: the next poll throws LogTruncationException naming the first diverging offset. */
    private static void expectTruncationException(CheckContext ctx, Consumer<String, String> consumer,
                                                  TopicPartition partition, List<String> wrong) {
        long deadline = System.nanoTime() + CHANGE_WAIT.toNanos();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            try {
                records.addAll(consumer.poll(Duration.ofMillis(200)).records(partition));
            } catch (LogTruncationException e) {
                OffsetAndMetadata divergent = e.divergentOffsets().get(partition);
                ctx.evidence("auto.offset.reset=none: LogTruncationException, divergent offset %s (%s)",
                        divergent == null ? "none" : divergent.offset() + " in leader epoch "
                                + divergent.leaderEpoch().map(String::valueOf).orElse("unknown"), e.getMessage());
                if (divergent == null || divergent.offset() != REPLICATED) {
                    wrong.add("auto.offset.reset=none: LogTruncationException named divergent offset "
                            + (divergent == null ? "none" : divergent.offset()) + ", expected " + REPLICATED
                            + " (where the new leader's log parts from the one read)");
                }
                return;
            } catch (KafkaException e) {
                ctx.evidence("auto.offset.reset=none: %s", e);
                wrong.add("auto.offset.reset=none: " + e.getClass().getSimpleName() + " (" + e.getMessage()
                        + ") instead of LogTruncationException at offset " + REPLICATED);
                return;
            }
            if (!records.isEmpty()) {
                break;
            }
        }
        ctx.evidence("auto.offset.reset=none: no exception; read %s", describe(records));
        wrong.add("auto.offset.reset=none: no LogTruncationException"
                + (records.isEmpty() ? " within " + CHANGE_WAIT.toSeconds() + " s, and nothing read"
                : "; read on from offset " + records.get(0).offset() + " in the new leader's log instead: "
                + describe(records)));
    }

    /** With a reset policy: the consumer resumes at the first diverging offset and reads the new leader's records. */
    private static void expectResumedAtDivergence(CheckContext ctx, String policy, Consumer<String, String> consumer,
                                                  TopicPartition partition, List<String> wrong) {
        long deadline = System.nanoTime() + CHANGE_WAIT.toNanos();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        String failure = null;
        long end = REPLICATED + NEW_LEADER;
        // Until the last record of the new leader's log is read: right after the divergent offset, or sooner when the
        // consumer read on from its old position.
        while ((records.isEmpty() || records.get(records.size() - 1).offset() < end - 1)
                && System.nanoTime() < deadline) {
            try {
                records.addAll(consumer.poll(Duration.ofMillis(200)).records(partition));
            } catch (KafkaException e) {
                failure = e.toString();
                break;
            }
        }
        ctx.evidence("auto.offset.reset=%s: %s, then read %s", policy, failure == null ? "no exception" : failure,
                describe(records));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < NEW_LEADER; i++) {
            expected.add((REPLICATED + i) + "=b-" + i);
        }
        List<String> got = records.stream().map(r -> r.offset() + "=" + r.value()).toList();
        if (failure != null || !got.equals(expected)) {
            wrong.add("auto.offset.reset=" + policy + ": read " + (got.isEmpty() ? "nothing" : got)
                    + (failure == null ? "" : " and threw " + failure) + ", expected to resume at the divergent offset "
                    + REPLICATED + " and read the new leader's records " + expected);
        }
    }

    /**
     * Asks for an unclean election of the stopped leader's partition until the started follower leads it (the
     * controller may also elect it by itself, as the topic allows). A target that refuses is UNSUPPORTED: without
     * the election there is no truncation to detect.
     */
    private static TopicPartitionInfo electUnclean(CheckContext ctx, String topic, TopicPartition partition,
                                                   int follower) {
        long deadline = System.nanoTime() + CHANGE_WAIT.toNanos();
        String last = "not asked";
        while (System.nanoTime() < deadline) {
            Optional<TopicPartitionInfo> led = ctx.awaitPartition(topic, 0,
                    p -> p.leader() != null && p.leader().id() == follower, Duration.ofMillis(500));
            if (led.isPresent()) {
                return led.get();
            }
            try {
                Optional<Throwable> error = ctx.admin().electLeaders(ElectionType.UNCLEAN, Set.of(partition))
                        .partitions().get(10, TimeUnit.SECONDS).get(partition);
                last = error.map(Throwable::toString).orElse("elected");
                if (error.isPresent() && !(error.get() instanceof ElectionNotNeededException)) {
                    TargetContext.sleep(Duration.ofMillis(500));
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.UnsupportedVersionException) {
                    throw new UnsupportedFeatureException("the target refuses ElectLeaders with election type UNCLEAN: "
                            + e.getCause().getMessage(), e.getCause());
                }
                last = e.getCause().toString();
            } catch (TimeoutException e) {
                last = "no answer to ElectLeaders within 10 s";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted while electing a leader", e);
            }
        }
        throw new UnsupportedFeatureException("the target did not make replica " + follower + ", the only one running,"
                + " leader of " + partition + " within " + CHANGE_WAIT.toSeconds() + " s although the topic has"
                + " unclean.leader.election.enable=true (last answer to ElectLeaders UNCLEAN: " + last + "): no"
                + " truncation to detect");
    }

    private static void write(Producer<String, String> producer, String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            PartitionLog.await(producer.send(new ProducerRecord<>(topic, 0, prefix, prefix + "-" + i)));
        }
    }

    private static List<ConsumerRecord<String, String>> readUntil(CheckContext ctx, Consumer<String, String> consumer,
                                                                  TopicPartition partition, long end) {
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        while (consumer.position(partition, TargetContext.DEFAULT_WAIT) < end && System.nanoTime() < deadline) {
            records.addAll(consumer.poll(Duration.ofMillis(200)).records(partition));
        }
        return records;
    }

    private static String describe(List<ConsumerRecord<String, String>> records) {
        if (records.isEmpty()) {
            return "nothing";
        }
        StringBuilder text = new StringBuilder();
        records.stream().limit(12).forEach(r -> text.append(text.length() > 0 ? ", " : "").append(r.offset())
                .append('=').append(r.value()));
        return text + (records.size() > 12 ? ", ... (" + records.size() + " records)" : "");
    }

    /** Starts a stopped broker; one that does not come back is the environment's fault, not the target's answer. */
    private static void start(BrokerControl brokers, int id) {
        try {
            brokers.start(id);
        } catch (IllegalStateException e) {
            throw new HarnessException("could not start broker " + id + " again: " + e.getMessage(), e);
        }
    }

    private static void startQuietly(CheckContext ctx, BrokerControl brokers, int id) {
        try {
            brokers.start(id);
            ctx.evidence("broker %d started again", id);
        } catch (RuntimeException e) {
            ctx.evidence("broker %d did not come back: %s", id, e.getMessage());
        }
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }
}
