package io.kconform.checks.eos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Zombie fencing of the consume-transform-produce loop by the group coordinator (KIP-447): offsets sent to a
 * transaction carry the consumer's group metadata (member id, generation, instance id), and the coordinator
 * refuses them when that metadata is no longer the group's, so that an instance that lost its partitions in a
 * rebalance cannot commit progress over the new owner's. Since KIP-447 the transactional id no longer has to be
 * tied to an input partition: this check is what makes one producer per thread safe.
 */
class ZombieOffsetCommitChecks {

    private static final Duration REBALANCE_WAIT = Duration.ofSeconds(30);
    /** The offset the zombie commits: distinct from anything else the check commits. */
    private static final long STALE_OFFSET = 7;
    private static final long CURRENT_OFFSET = 3;

    @Check(id = "eos.txn.zombie-offset-commit-fenced",
            title = "Offsets sent to a transaction with a past group generation are refused and never committed;"
                    + " the same offsets with the current generation are",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-447 (group metadata in TxnOffsetCommit v3)", "KIP-98 (TxnOffsetCommit)"},
            hint = "If this fails, look at TxnOffsetCommit v3+: the group coordinator must check the member id,"
                    + " generation and group instance id it carries against the group, as for OffsetCommit, and"
                    + " answer ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID for a member of a past"
                    + " generation; a transaction whose offset commit was refused must never make those offsets"
                    + " the group's.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    @RequiresApi(ApiKeys.ADD_OFFSETS_TO_TXN)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(ApiKeys.JOIN_GROUP)
    @RequiresApi(ApiKeys.SYNC_GROUP)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void zombieOffsetCommitFenced(CheckContext ctx) {
        String input = ctx.createTopic("zombie-input", 2, Map.of());
        String output = ctx.createTopic("zombie-output", 1, Map.of());
        TopicPartition inputPartition = new TopicPartition(input, 0);
        String group = ctx.uniqueName("zombie-group");

        // Member A joins alone: generation g. Its group metadata is what a zombie A would still hold.
        Consumer<String, String> a = ctx.consumer(classicMember(group));
        a.subscribe(List.of(input));
        boolean joined = pollUntil(List.of(a), () -> a.assignment().size() == 2);
        ConsumerGroupMetadata stale = a.groupMetadata();
        ctx.evidence("member A of group %s (classic protocol): %s, owns %s", group, describe(stale), a.assignment());
        assertThat(joined).as("member A joined group %s and was assigned both partitions within %d s", group,
                REBALANCE_WAIT.toSeconds()).isTrue();

        // Member B joins: the group rebalances to a newer generation, A rejoins and gives up a partition.
        Consumer<String, String> b = ctx.consumer(classicMember(group));
        b.subscribe(List.of(input));
        boolean rebalanced = pollUntil(List.of(a, b), () -> a.assignment().size() == 1 && b.assignment().size() == 1
                && a.groupMetadata().generationId() > stale.generationId()
                && a.groupMetadata().generationId() == b.groupMetadata().generationId());
        ConsumerGroupMetadata current = a.groupMetadata();
        ctx.evidence("member B joined: A now %s, owns %s; B %s, owns %s", describe(current), a.assignment(),
                describe(b.groupMetadata()), b.assignment());
        assertThat(rebalanced).as("group %s rebalanced to a newer generation with A and B one partition each"
                + " within %d s", group, REBALANCE_WAIT.toSeconds()).isTrue();

        // The zombie: a transactional producer sends offsets with A's metadata of the past generation.
        Producer<String, String> producer = ctx.producer(EosLog.transactional(ctx.uniqueName("txn")));
        producer.initTransactions();
        producer.beginTransaction();
        EosLog.await(producer.send(new ProducerRecord<>(output, 0, "key", "zombie-output")));
        RuntimeException refusal = null;
        try {
            producer.sendOffsetsToTransaction(Map.of(inputPartition, new OffsetAndMetadata(STALE_OFFSET)), stale);
            producer.commitTransaction();
            ctx.evidence("offsets (%s at %d) sent with the past generation %d: sendOffsetsToTransaction and"
                    + " commitTransaction succeeded", inputPartition, STALE_OFFSET, stale.generationId());
        } catch (RuntimeException e) {
            refusal = e;
            ctx.evidence("offsets (%s at %d) sent with the past generation %d: refused: %s", inputPartition,
                    STALE_OFFSET, stale.generationId(), Throwables.chain(e));
            abortAfterRefusal(ctx, producer);
        }
        OffsetAndMetadata afterZombie = EosLog.committedOffset(ctx, group, inputPartition);
        ctx.evidence("the group's committed offset for %s after the zombie's transaction: %s", inputPartition,
                afterZombie == null ? "none" : afterZombie.offset());

        // A's current metadata, from a producer of its own: the commit the rule must not prevent. A target that
        // refuses every transactional offset commit must not pass for one that fences zombies.
        Producer<String, String> successor = ctx.producer(EosLog.transactional(ctx.uniqueName("txn")));
        successor.initTransactions();
        successor.beginTransaction();
        EosLog.await(successor.send(new ProducerRecord<>(output, 0, "key", "current-output")));
        RuntimeException currentRefusal = null;
        try {
            successor.sendOffsetsToTransaction(Map.of(inputPartition, new OffsetAndMetadata(CURRENT_OFFSET)), current);
            successor.commitTransaction();
            ctx.accepted(EosLog.TRANSACTIONS_ACCEPTED);
        } catch (CommitFailedException | IllegalGenerationException | UnknownMemberIdException
                 | FencedInstanceIdException e) {
            currentRefusal = e; // the answer that fences a zombie, given to the current member: judged below
        }
        OffsetAndMetadata afterCurrent = EosLog.awaitCommittedOffset(ctx, group, inputPartition, CURRENT_OFFSET,
                EosLog.MARKERS_WAIT);
        ctx.evidence("offsets (%s at %d) sent with the current generation %d: %s; the group's offset then: %s",
                inputPartition, CURRENT_OFFSET, current.generationId(),
                currentRefusal == null ? "committed" : "refused: " + Throwables.chain(currentRefusal),
                afterCurrent == null ? "none" : afterCurrent.offset());

        assertThat(refusal).as("the producer's error for offsets sent with the past generation %d (the group is at %d)",
                stale.generationId(), current.generationId()).isNotNull();
        assertThat(isGroupFencing(refusal)).as("the refusal names the stale group metadata (CommitFailedException,"
                + " IllegalGenerationException, UnknownMemberIdException or FencedInstanceIdException in: %s)",
                Throwables.chain(refusal)).isTrue();
        assertThat(afterZombie != null && afterZombie.offset() == STALE_OFFSET)
                .as("the group's committed offset after the zombie's transaction is the zombie's %d", STALE_OFFSET)
                .isFalse();
        assertThat(currentRefusal).as("the producer's error for offsets sent with the current generation %d",
                current.generationId()).isNull();
        assertThat(afterCurrent).as("the group's committed offset after the current member's transaction").isNotNull();
        assertThat(afterCurrent.offset()).as("the group's committed offset after the current member's transaction")
                .isEqualTo(CURRENT_OFFSET);
    }

    /**
     * Ends the zombie's transaction after its offsets were refused (an abortable error in the Java producer). Where
     * the target made the error fatal the abort throws too; the refusal is what the check judges, so that is only
     * evidence, and the transaction is left to the coordinator's timeout.
     */
    private static void abortAfterRefusal(CheckContext ctx, Producer<String, String> producer) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            ctx.evidence("abortTransaction after the refusal failed too: %s", Throwables.chain(e));
        }
    }

    /** A classic group member with short heartbeats, committing nothing itself: every offset here is the check's. */
    private static Map<String, Object> classicMember(String group) {
        Map<String, Object> config = new HashMap<>(EosLog.READ_COMMITTED);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        // Named: the Java client's default today; the check is about the classic protocol's generations.
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        return config;
    }

    /** Polls the members in turn, which keeps each in the group and lets a rebalance complete, until done or bounded out. */
    private static boolean pollUntil(List<Consumer<String, String>> members, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + REBALANCE_WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            members.forEach(m -> m.poll(Duration.ofMillis(100)));
        }
        return true;
    }

    private static String describe(ConsumerGroupMetadata metadata) {
        return "generation " + metadata.generationId() + ", member " + metadata.memberId()
                + metadata.groupInstanceId().map(id -> ", instance " + id).orElse("");
    }

    private static boolean isGroupFencing(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CommitFailedException || t instanceof IllegalGenerationException
                    || t instanceof UnknownMemberIdException || t instanceof FencedInstanceIdException) {
                return true;
            }
        }
        return false;
    }
}
