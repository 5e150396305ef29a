package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.wire.WireClient;
import io.kconform.checks.Closing;
import io.kconform.checks.protocol.Coordinators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;

/**
 * Liveness of classic group members and the generation fence: a member that stops heartbeating is evicted
 * after its session timeout, one that stops polling leaves after {@code max.poll.interval.ms}, and in either
 * case the others take its partitions over; a commit from a member of a past generation is refused. Without
 * these a crashed or stuck instance holds its partitions forever, or a member that lost its partitions
 * overwrites the offsets of their new owner. Timers are as short as the target allows ({@link GroupTimers}).
 */
class ClassicLivenessChecks {

    /**
     * MUST: every consumer application relies on a crashed instance's partitions going to the others; without
     * eviction they are never consumed again until the instance comes back. The member stops heartbeating
     * without leaving (closed with {@code REMAIN_IN_GROUP}, as a killed process does).
     */
    @Check(id = "groups.classic.session-timeout-evicts",
            title = "A classic member that stops heartbeating without leaving is evicted after its session timeout,"
                    + " and its partition goes to the other member",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka protocol guide: JoinGroup (session_timeout_ms), Heartbeat", "KIP-62"},
            hint = "The coordinator must expire a member whose last heartbeat is older than the session timeout it"
                    + " joined with, and rebalance the group without it.")
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    @RequiresApi(value = ApiKeys.SYNC_GROUP)
    @RequiresApi(value = ApiKeys.HEARTBEAT)
    void sessionTimeoutEvicts(CheckContext ctx) {
        String topic = ctx.createTopic("liveness", 2, Map.of());
        String group = ctx.uniqueName("group");
        Duration session = GroupTimers.session(ctx);
        Consumer<String, String> a = ctx.consumer(GroupTimers.classicMember(group, session));
        Consumer<String, String> b = ctx.consumer(GroupTimers.classicMember(group, session));
        balance(ctx, topic, a, b);

        long stopped = System.nanoTime();
        Closing.consumerRemainingInGroup(b, Duration.ofSeconds(5));
        Duration bound = session.plus(Duration.ofSeconds(15));
        boolean tookOver = GroupMembers.pollUntil(List.of(a), GroupMembers.inboxes(1), bound,
                () -> a.assignment().size() == 2);
        long tookMs = (System.nanoTime() - stopped) / 1_000_000;
        ctx.evidence("member B stopped heartbeating (closed without leaving); member A owns %s %d ms later (session"
                + " timeout %d ms)", a.assignment(), tookMs, session.toMillis());
        assertThat(tookOver).as("member A owns both partitions within %d s of member B's last heartbeat (session"
                + " timeout %d ms): B evicted", bound.toSeconds(), session.toMillis()).isTrue();
    }

    /**
     * MUST: every consumer application relies on a stuck instance (a poll loop blocked in processing) giving its
     * partitions up; the Java consumer leaves the group (LeaveGroup) once {@code max.poll.interval.ms} passes
     * without a poll, and the coordinator must rebalance the group without it.
     */
    @Check(id = "groups.classic.max-poll-interval-leaves",
            title = "A classic member that does not poll within max.poll.interval.ms leaves the group, and its"
                    + " partition goes to the other member",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"KIP-62", "Kafka protocol guide: LeaveGroup, JoinGroup (rebalance_timeout_ms)"},
            hint = "The coordinator must remove a member on its LeaveGroup and rebalance the others at once; the"
                    + " member's heartbeats stop with it.")
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    @RequiresApi(value = ApiKeys.SYNC_GROUP)
    @RequiresApi(value = ApiKeys.HEARTBEAT)
    @RequiresApi(value = ApiKeys.LEAVE_GROUP)
    void maxPollIntervalLeaves(CheckContext ctx) {
        String topic = ctx.createTopic("stuck", 2, Map.of());
        String group = ctx.uniqueName("group");
        Duration session = GroupTimers.session(ctx);
        Duration maxPoll = Duration.ofSeconds(3);
        Map<String, Object> config = GroupTimers.classicMember(group, session,
                Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxPoll.toMillis()));
        Consumer<String, String> a = ctx.consumer(config);
        Consumer<String, String> b = ctx.consumer(config);
        balance(ctx, topic, a, b);

        // B's application thread is stuck from here: B is never polled again
        long stuck = System.nanoTime();
        Duration bound = maxPoll.plus(Duration.ofSeconds(10));
        boolean tookOver = GroupMembers.pollUntil(List.of(a), GroupMembers.inboxes(1), bound,
                () -> a.assignment().size() == 2);
        long tookMs = (System.nanoTime() - stuck) / 1_000_000;
        ctx.evidence("member B stopped polling (max.poll.interval.ms %d); member A owns %s %d ms later",
                maxPoll.toMillis(), a.assignment(), tookMs);
        assertThat(tookOver).as("member A owns both partitions within %d s of member B's last poll"
                + " (max.poll.interval.ms %d, session timeout %d ms): B left", bound.toSeconds(), maxPoll.toMillis(),
                session.toMillis()).isTrue();
    }

    /**
     * MUST: the generation is what keeps a member that lost its partitions in a rebalance from overwriting the
     * offsets of their new owner; every consumer application that commits relies on it (the Java client's
     * CommitFailedException). The commit is sent raw, with the member id and generation of a past generation,
     * so that the target's fence is tested rather than the client's own bookkeeping; a commit with the current
     * generation, sent the same way, must be taken.
     */
    @Check(id = "groups.classic.stale-generation-commit-refused",
            title = "After a rebalance, an OffsetCommit with the member's previous generation is refused"
                    + " (ILLEGAL_GENERATION or REBALANCE_IN_PROGRESS) and the committed offset stays; the current"
                    + " generation's commit is taken",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka protocol guide: OffsetCommit (generation_id_or_member_epoch, member_id)", "KIP-62"},
            hint = "The coordinator must compare an OffsetCommit's generation with the group's and refuse an older one"
                    + " with ILLEGAL_GENERATION (REBALANCE_IN_PROGRESS while a rebalance is under way), never store it.")
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    @RequiresApi(value = ApiKeys.SYNC_GROUP)
    @RequiresApi(value = ApiKeys.HEARTBEAT)
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 2)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(ApiKeys.FIND_COORDINATOR)
    void staleGenerationCommitRefused(CheckContext ctx) {
        String topic = ctx.createTopic("generation", 2, Map.of());
        Uuid topicId = ctx.describeTopic(topic).topicId();
        String group = ctx.uniqueName("group");
        Duration session = GroupTimers.session(ctx);
        Consumer<String, String> a = ctx.consumer(GroupTimers.classicMember(group, session));
        a.subscribe(List.of(topic));
        boolean alone = GroupMembers.pollUntil(List.of(a), GroupMembers.inboxes(1), TargetContext.DEFAULT_WAIT,
                () -> a.assignment().size() == 2);
        ConsumerGroupMetadata past = a.groupMetadata();
        assertThat(alone).as("the first member owns both partitions within %d s", TargetContext.DEFAULT_WAIT
                .toSeconds()).isTrue();

        Consumer<String, String> b = ctx.consumer(GroupTimers.classicMember(group, session));
        b.subscribe(List.of(topic));
        List<Consumer<String, String>> both = List.of(a, b);
        boolean rebalanced = GroupMembers.pollUntil(both, GroupMembers.inboxes(2), TargetContext.DEFAULT_WAIT,
                () -> GroupMembers.onePartitionEach(both) && a.groupMetadata().generationId() == b.groupMetadata()
                        .generationId() && a.groupMetadata().generationId() > past.generationId());
        ConsumerGroupMetadata current = a.groupMetadata();
        ctx.evidence("member A %s: generation %d, then %d after member B joined", current.memberId(),
                past.generationId(), current.generationId());
        assertThat(rebalanced).as("a new generation with one partition each within %d s",
                TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();

        TopicPartition owned = a.assignment().iterator().next();
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.OFFSET_COMMIT);
        try (WireClient wire = Coordinators.connect(ctx, FindCoordinatorRequest.CoordinatorType.GROUP, group)) {
            Errors taken = commit(wire, version, group, current, topic, topicId, owned, 7);
            Errors stale = commit(wire, version, group, past, topic, topicId, owned, 3);
            OffsetAndMetadata stored = Await.result(ctx.admin().listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata(), "the committed offsets of " + group).get(owned);
            ctx.evidence("OffsetCommit v%d to %s: offset 7 with generation %d answered %s; offset 3 with generation"
                    + " %d answered %s; committed offset now %s", version, owned, current.generationId(), taken,
                    past.generationId(), stale, stored);
            assertThat(taken).as("OffsetCommit of %s with member A's current generation %d", owned,
                    current.generationId()).isEqualTo(Errors.NONE);
            assertThat(stale).as("OffsetCommit of %s with member A's previous generation %d (now %d)", owned,
                    past.generationId(), current.generationId())
                    .isIn(Errors.ILLEGAL_GENERATION, Errors.REBALANCE_IN_PROGRESS);
            assertThat(stored).as("committed offset of %s after the refused commit", owned).isNotNull();
            assertThat(stored.offset()).as("committed offset of %s: the current generation's 7, not the stale 3",
                    owned).isEqualTo(7);
        }
    }

    /** Subscribes both members and polls them until they own one partition each. */
    private static void balance(CheckContext ctx, String topic, Consumer<String, String> a,
                                Consumer<String, String> b) {
        a.subscribe(List.of(topic));
        b.subscribe(List.of(topic));
        List<Consumer<String, String>> both = List.of(a, b);
        boolean balanced = GroupMembers.pollUntil(both, GroupMembers.inboxes(2), TargetContext.DEFAULT_WAIT,
                () -> GroupMembers.onePartitionEach(both));
        ctx.evidence("member A owns %s, member B owns %s", a.assignment(), b.assignment());
        assertThat(balanced).as("each of the 2 members owns one of the 2 partitions within %d s",
                TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
    }

    /** One raw OffsetCommit as {@code member} in its generation; the partition's error. */
    private static Errors commit(WireClient wire, short version, String group, ConsumerGroupMetadata member,
                                 String topic, Uuid topicId, TopicPartition partition, long offset) {
        OffsetCommitRequestData data = new OffsetCommitRequestData()
                .setGroupId(group)
                .setGenerationIdOrMemberEpoch(member.generationId())
                .setMemberId(member.memberId())
                .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                        .setName(topic)
                        .setTopicId(topicId)
                        .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                .setPartitionIndex(partition.partition())
                                .setCommittedOffset(offset)
                                .setCommittedMetadata("kconform generation " + member.generationId())))));
        OffsetCommitResponseData answer = ((OffsetCommitResponse) wire.send(
                OffsetCommitRequest.Builder.forTopicIdsOrNames(data), version)).data();
        Set<Errors> errors = new HashSet<>();
        List<String> seen = new ArrayList<>();
        answer.topics().forEach(t -> t.partitions().forEach(p -> {
            errors.add(Errors.forCode(p.errorCode()));
            seen.add(t.name() + "-" + p.partitionIndex() + "=" + Errors.forCode(p.errorCode()));
        }));
        assertThat(errors).as("partition errors of the OffsetCommit answer %s (one partition sent)", seen).hasSize(1);
        return errors.iterator().next();
    }
}
