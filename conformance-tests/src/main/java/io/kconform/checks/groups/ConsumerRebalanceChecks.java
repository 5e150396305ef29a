package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.OfCapability;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.checks.Closing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * How a KIP-848 group moves partitions between members: incrementally, each partition revoked by its old owner
 * before the coordinator hands it to the new one, and not at all when a static member ({@code group.instance.id})
 * restarts within its session. Applications rely on the first for processing each record once, on the second
 * for rolling restarts that do not disturb the rest of the group. Members are polled from the check's thread, so
 * the order of their rebalance callbacks is the order of what they did ({@link OwnershipLog}).
 */
class ConsumerRebalanceChecks {

    /** MUST (of the capability): one owner per partition at every moment is what makes a group's processing happen once. */
    @OfCapability(Capability.KIP_848_GROUPS)
    @Check(id = "groups.consumer-protocol.revoke-before-assign",
            title = "When a second group.protocol=consumer member joins, the partition that moves to it is revoked by"
                    + " the first member before it is assigned to the second, and only that partition moves",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"KIP-848 (reconciliation: revocation before assignment)",
                    "Kafka protocol guide: ConsumerGroupHeartbeat"},
            hint = "The coordinator must keep a partition out of every other member's assignment until its owner's"
                    + " ConsumerGroupHeartbeat acknowledged the revocation (it no longer lists the partition).")
    @RequiresApi(value = ApiKeys.CONSUMER_GROUP_HEARTBEAT)
    void revokeBeforeAssign(CheckContext ctx) {
        String topic = ctx.createTopic("handover", 2, Map.of());
        String group = ctx.uniqueName("group");
        OwnershipLog log = new OwnershipLog();
        Map<String, Consumer<String, String>> members = new LinkedHashMap<>();
        members.put("A", join(ctx, group, Map.of(), topic, log, "A"));
        boolean alone = GroupMembers.pollUntil(new ArrayList<>(members.values()), GroupMembers.inboxes(1),
                TargetContext.DEFAULT_WAIT, () -> members.get("A").assignment().size() == 2);
        ctx.evidence("member A alone: %s", ConsumerMembers.assignments(members));
        assertThat(alone).as("the first member owns both partitions of %s within %d s", topic,
                TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
        ctx.accepted("the KIP-848 consumer group protocol (the first member was assigned)");
        Set<TopicPartition> ownedByA = OwnershipLog.sorted(members.get("A").assignment());
        log.mark();

        members.put("B", join(ctx, group, Map.of(), topic, log, "B"));
        boolean balanced = GroupMembers.pollUntil(new ArrayList<>(members.values()), GroupMembers.inboxes(2),
                TargetContext.DEFAULT_WAIT, () -> GroupMembers.onePartitionEach(new ArrayList<>(members.values()))
                        || !log.violations().isEmpty());
        Map<String, Set<TopicPartition>> after = ConsumerMembers.assignments(members);
        Map<String, List<TopicPartition>> revoked = log.revokedSinceMark();
        ctx.evidence("after member B joined: %s; revoked since: %s; %d callbacks; member epochs A %d, B %d", after,
                revoked, log.callbacks(), members.get("A").groupMetadata().generationId(),
                members.get("B").groupMetadata().generationId());
        assertThat(log.violations()).as("partitions assigned to member B while member A still owned them (not yet"
                + " revoked)").isEmpty();
        assertThat(balanced).as("each of the 2 members owns one of the 2 partitions within %d s: %s",
                TargetContext.DEFAULT_WAIT.toSeconds(), after).isTrue();
        assertThat(revoked.getOrDefault("A", List.of())).as("partitions member A revoked when B joined: exactly the"
                + " one B now owns (A owned %s)", ownedByA).containsExactlyElementsOf(after.get("B"));
        assertThat(revoked.getOrDefault("B", List.of())).as("partitions member B revoked").isEmpty();
    }

    /** SHOULD: static membership is opted into, for rolling restarts. */
    @OfCapability(Capability.KIP_848_GROUPS)
    @Check(id = "groups.consumer-protocol.static-rejoin",
            title = "A static group.protocol=consumer member that leaves and rejoins with the same group.instance.id"
                    + " gets its partitions back, the group epoch and the other member's partitions unchanged",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-848 (static membership: member epoch -2)", "KIP-345",
                    "Kafka protocol guide: ConsumerGroupHeartbeat, ConsumerGroupDescribe"},
            hint = "A ConsumerGroupHeartbeat with member epoch -2 and an instance id must keep the member's place and"
                    + " assignment until its session times out; a join with the same instance id within it must take"
                    + " them over without bumping the group epoch.")
    @RequiresApi(value = ApiKeys.CONSUMER_GROUP_HEARTBEAT)
    @RequiresApi(value = ApiKeys.CONSUMER_GROUP_DESCRIBE)
    void staticRejoin(CheckContext ctx) {
        String topic = ctx.createTopic("static", 2, Map.of());
        String group = ctx.uniqueName("group");
        String instanceA = ctx.uniqueName("instance-a");
        String instanceB = ctx.uniqueName("instance-b");
        OwnershipLog log = new OwnershipLog();
        Map<String, Consumer<String, String>> members = new LinkedHashMap<>();
        try {
            members.put("A", join(ctx, group, Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceA), topic, log,
                    "A"));
            members.put("B", join(ctx, group, Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceB), topic, log,
                    "B"));
            boolean balanced = GroupMembers.pollUntil(new ArrayList<>(members.values()), GroupMembers.inboxes(2),
                    TargetContext.DEFAULT_WAIT, () -> GroupMembers.onePartitionEach(new ArrayList<>(members.values())));
            Map<String, Set<TopicPartition>> before = ConsumerMembers.assignments(members);
            assertThat(balanced).as("each of the 2 static members owns one of the 2 partitions within %d s: %s",
                    TargetContext.DEFAULT_WAIT.toSeconds(), before).isTrue();
            ctx.accepted("the KIP-848 consumer group protocol (two static members were assigned)");
            int epochBefore = groupEpoch(ctx, group);
            ctx.evidence("static members %s and %s: %s, group epoch %d", instanceA, instanceB, before, epochBefore);
            log.mark();

            // a static member's close is a temporary leave (epoch -2): its place is kept for the session timeout
            Closing.consumer(members.remove("B"), Duration.ofSeconds(5));
            members.put("B", join(ctx, group, Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceB), topic, log,
                    "B'"));
            boolean back = GroupMembers.pollUntil(new ArrayList<>(members.values()), GroupMembers.inboxes(2),
                    TargetContext.DEFAULT_WAIT, () -> !members.get("B").assignment().isEmpty());
            Map<String, Set<TopicPartition>> after = ConsumerMembers.assignments(members);
            int epochAfter = groupEpoch(ctx, group);
            Map<String, List<TopicPartition>> revoked = log.revokedSinceMark();
            ctx.evidence("%s rejoined: %s, group epoch %d; revoked since it left: %s", instanceB, after, epochAfter,
                    revoked);
            assertThat(back).as("the rejoined static member %s owns partitions within %d s", instanceB,
                    TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
            assertThat(after.get("B")).as("partitions of the rejoined static member %s: those it owned", instanceB)
                    .isEqualTo(before.get("B"));
            assertThat(after.get("A")).as("partitions of the other member %s", instanceA).isEqualTo(before.get("A"));
            assertThat(revoked.getOrDefault("A", List.of())).as("partitions the other member %s revoked while %s"
                    + " was away", instanceA, instanceB).isEmpty();
            assertThat(epochAfter).as("group epoch after %s rejoined (no rebalance expected; %d before it left)",
                    instanceB, epochBefore).isEqualTo(epochBefore);
        } finally {
            // static members stay for their session after an ordinary close; leave for real, so that the run's
            // cleanup finds the group empty
            members.values().forEach(ConsumerRebalanceChecks::leave);
        }
    }

    private static int groupEpoch(CheckContext ctx, String group) {
        ConsumerGroupDescription description = GroupMembers.await(ctx.admin().describeConsumerGroups(List.of(group))
                .describedGroups().get(group));
        return description.groupEpoch().orElseThrow(() -> new AssertionError("the description of KIP-848 group "
                + group + " has no group epoch (" + description + ")"));
    }

    private static Consumer<String, String> join(CheckContext ctx, String group, Map<String, ?> more, String topic,
                                                 OwnershipLog log, String name) {
        Consumer<String, String> member = ctx.consumer(ConsumerMembers.member(group, more));
        member.subscribe(List.of(topic), log.listener(name));
        return member;
    }

    private static void leave(Consumer<String, String> consumer) {
        try {
            Closing.consumerLeavingGroup(consumer, Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // best effort: the outcome is decided; the group expires after the session timeout anyway
        }
    }
}
