package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.checks.Closing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Static membership (KIP-345): a member with a {@code group.instance.id} that restarts within the
 * session timeout gets its partitions back without a rebalance. Rolling restarts of Kubernetes
 * StatefulSets rely on it to avoid stopping the whole group (and, for Streams, rebuilding state)
 * every time a pod is replaced.
 */
class StaticMembershipChecks {

    private static final Duration SESSION = Duration.ofSeconds(30);

    @Check(id = "groups.static.rejoin",
            title = "A static member that restarts with the same group.instance.id gets the same partitions back"
                    + " without a new generation",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-345", "KIP-814"},
            hint = "A JoinGroup with a known group.instance.id and an unknown member id must replace the old member"
                    + " id and return the current generation and assignment, without sending the group into"
                    + " PreparingRebalance; closing a static member must not send LeaveGroup.")
    @RequiresApi(value = ApiKeys.JOIN_GROUP, minVersion = 5)
    void rejoin(CheckContext ctx) {
        String topic = ctx.createTopic("static", 2, Map.of());
        String group = ctx.uniqueName("group");
        String instanceA = ctx.uniqueName("instance-a");
        String instanceB = ctx.uniqueName("instance-b");
        List<Consumer<String, String>> members = new ArrayList<>();
        try {
            AtomicInteger revokedFromA = new AtomicInteger();
            Consumer<String, String> a = join(ctx, members, group, instanceA);
            Consumer<String, String> b = join(ctx, members, group, instanceB);
            a.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    if (!partitions.isEmpty()) {
                        revokedFromA.incrementAndGet();
                    }
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // only revocations matter: a rebalance revokes from every eager member
                }
            });
            b.subscribe(List.of(topic));
            List<Consumer<String, String>> both = List.of(a, b);
            boolean balanced = GroupMembers.pollUntil(both, GroupMembers.inboxes(2), TargetContext.DEFAULT_WAIT,
                    () -> GroupMembers.onePartitionEach(both) && a.groupMetadata().generationId()
                            == b.groupMetadata().generationId());
            Set<TopicPartition> ownedByB = new HashSet<>(b.assignment());
            int generation = b.groupMetadata().generationId();
            ctx.evidence("static members %s owns %s, %s owns %s, generation %d", instanceA, a.assignment(), instanceB,
                    ownedByB, generation);
            assertThat(balanced).as("each of the 2 static members owns one of the 2 partitions within %d s",
                    TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
            int revokedBefore = revokedFromA.get();

            // a static member's close keeps its place in the group until the session times out
            Closing.consumerRemainingInGroup(b, Duration.ofSeconds(5));
            members.remove(b);
            Consumer<String, String> restarted = join(ctx, members, group, instanceB);
            restarted.subscribe(List.of(topic));
            List<Consumer<String, String>> again = List.of(a, restarted);
            boolean back = GroupMembers.pollUntil(again, GroupMembers.inboxes(2), TargetContext.DEFAULT_WAIT,
                    () -> !restarted.assignment().isEmpty());
            int rejoinedGeneration = restarted.groupMetadata().generationId();
            ctx.evidence("%s restarted: owns %s, generation %d; %s owns %s, generation %d, revocations since %d",
                    instanceB, restarted.assignment(), rejoinedGeneration, instanceA, a.assignment(),
                    a.groupMetadata().generationId(), revokedFromA.get() - revokedBefore);
            assertThat(back).as("the restarted static member %s got partitions within %d s", instanceB,
                    TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
            assertThat(restarted.assignment()).as("partitions of the restarted static member %s", instanceB)
                    .isEqualTo(ownedByB);
            assertThat(rejoinedGeneration).as("generation after %s rejoined (no rebalance expected)", instanceB)
                    .isEqualTo(generation);
            assertThat(a.groupMetadata().generationId()).as("generation seen by the other member %s", instanceA)
                    .isEqualTo(generation);
            assertThat(revokedFromA.get() - revokedBefore).as("revocations the other member %s went through",
                    instanceA).isZero();
        } finally {
            // static members stay in the group after an ordinary close; leave for real, so that the run's
            // cleanup finds the group empty and can delete it
            members.forEach(StaticMembershipChecks::leave);
            removeStaticMembers(ctx, group, instanceA, instanceB);
        }
    }

    /**
     * Removes the instances through the admin API (KIP-345), for the case where a member could not leave
     * by itself (it failed before completing its join). Best effort: an instance that already left is an
     * error here that does not matter.
     */
    private static void removeStaticMembers(CheckContext ctx, String group, String... instances) {
        List<MemberToRemove> toRemove = new ArrayList<>();
        for (String instance : instances) {
            toRemove.add(new MemberToRemove(instance));
        }
        try {
            ctx.admin().removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(toRemove))
                    .all().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError ignored) {
            // UNKNOWN_MEMBER_ID when they already left, which is the usual case
        }
    }

    private static Consumer<String, String> join(CheckContext ctx, List<Consumer<String, String>> members, String group,
                                                 String instance) {
        Consumer<String, String> consumer = ctx.consumer(member(group, instance));
        members.add(consumer);
        return consumer;
    }

    private static Map<String, Object> member(String group, String instance) {
        return Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION.toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
    }

    private static void leave(Consumer<String, String> consumer) {
        try {
            Closing.consumerLeavingGroup(consumer, Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // best effort: the outcome is decided above; the group expires after the session timeout anyway
        }
    }
}
