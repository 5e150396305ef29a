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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Static membership (KIP-345) fences: one {@code group.instance.id} is one member. When a second process starts
 * with the instance id of a live one (a pod rescheduled while the old one still runs, a deployment mistake), the
 * newer takes the instance's place and assignment and the older is fenced with FENCED_INSTANCE_ID, so that the
 * two never consume the instance's partitions at once. (The restart that keeps its assignment is
 * {@code groups.static.rejoin}.)
 */
class StaticFencingChecks {

    /**
     * SHOULD: static membership is opted into (KIP-345), as {@code groups.static.rejoin}; applications that
     * use it rely on the fence to keep two copies of an instance from processing the same partitions.
     */
    @Check(id = "groups.static.duplicate-instance-fenced",
            title = "A second live member with the same group.instance.id takes the instance's assignment and the"
                    + " first is fenced with FENCED_INSTANCE_ID",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-345", "Kafka protocol guide: JoinGroup v5+ (group_instance_id), Heartbeat, SyncGroup"},
            hint = "A JoinGroup with a known group.instance.id and a new member id must replace the old member id;"
                    + " the old member's next Heartbeat, SyncGroup or OffsetCommit is then answered"
                    + " FENCED_INSTANCE_ID.")
    @RequiresApi(value = ApiKeys.JOIN_GROUP, minVersion = 5)
    @RequiresApi(value = ApiKeys.SYNC_GROUP, minVersion = 3)
    @RequiresApi(value = ApiKeys.HEARTBEAT, minVersion = 3)
    void duplicateInstanceFenced(CheckContext ctx) {
        String topic = ctx.createTopic("fenced", 2, Map.of());
        String group = ctx.uniqueName("group");
        String instance = ctx.uniqueName("instance");
        Duration session = GroupTimers.session(ctx);
        Map<String, Object> config = GroupTimers.classicMember(group, session,
                Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance));
        List<Consumer<String, String>> started = new ArrayList<>();
        try {
            Consumer<String, String> first = ctx.consumer(config);
            started.add(first);
            first.subscribe(List.of(topic));
            boolean owns = GroupMembers.pollUntil(List.of(first), GroupMembers.inboxes(1), TargetContext.DEFAULT_WAIT,
                    () -> first.assignment().size() == 2);
            Set<TopicPartition> ownedByFirst = new HashSet<>(first.assignment());
            assertThat(owns).as("the first member of instance %s owns both partitions within %d s", instance,
                    TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();

            Consumer<String, String> second = ctx.consumer(config);
            started.add(second);
            second.subscribe(List.of(topic));
            // both are polled: the first keeps heartbeating as a live process would, and is told it is fenced
            Duration bound = session.plus(Duration.ofSeconds(10));
            long deadline = System.nanoTime() + bound.toNanos();
            FencedInstanceIdException fenced = null;
            while (System.nanoTime() < deadline && (fenced == null || second.assignment().isEmpty())) {
                if (fenced == null) {
                    try {
                        first.poll(Duration.ofMillis(100));
                    } catch (FencedInstanceIdException e) {
                        fenced = e;
                    }
                }
                second.poll(Duration.ofMillis(100));
            }
            ctx.evidence("second member of instance %s owns %s; first member %s", instance, second.assignment(),
                    fenced == null ? "never fenced, owns " + first.assignment() : "fenced: " + fenced.getMessage());
            assertThat(fenced).as("FencedInstanceIdException for the first member of instance %s within %d s of a"
                    + " second member joining with the same group.instance.id", instance, bound.toSeconds())
                    .isNotNull();
            assertThat(second.assignment()).as("partitions of the second member of instance %s: the instance's",
                    instance).isEqualTo(ownedByFirst);
        } finally {
            started.forEach(StaticFencingChecks::leave);
            removeInstance(ctx, group, instance);
        }
    }

    private static void leave(Consumer<String, String> consumer) {
        try {
            Closing.consumerLeavingGroup(consumer, Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // a fenced member cannot leave; the instance is removed below
        }
    }

    /** Removes the instance through the admin API (KIP-345) so that the run's cleanup finds the group empty. */
    private static void removeInstance(CheckContext ctx, String group, String instance) {
        try {
            ctx.admin().removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(
                    List.of(new MemberToRemove(instance)))).all().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError ignored) {
            // UNKNOWN_MEMBER_ID when it already left, the usual case
        }
    }
}
