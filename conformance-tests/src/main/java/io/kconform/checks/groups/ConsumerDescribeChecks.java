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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * ConsumerGroupDescribe (KIP-848), what operators and tools (kafka-consumer-groups, lag monitors, autoscalers) read
 * a consumer-protocol group through: its type, group epoch and target assignment epoch, and each member's epoch,
 * assignment and target assignment. A description that disagrees with what the members hold sends an operator
 * after a rebalance that is not happening, or hides one that is.
 */
class ConsumerDescribeChecks {

    /** How often the check describes the group while it waits for the members to settle. */
    private static final int DESCRIBE_EVERY_POLLS = 5;

    /** SHOULD: administration, not the data path. */
    @OfCapability(Capability.KIP_848_GROUPS)
    @Check(id = "groups.consumer-protocol.describe-epochs",
            title = "ConsumerGroupDescribe of a settled group of two group.protocol=consumer members: type CONSUMER,"
                    + " Stable, and the group, target assignment and member epochs and assignments the members hold",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-848 (ConsumerGroupDescribe)", "Kafka protocol guide: ConsumerGroupDescribe"},
            hint = "ConsumerGroupDescribe must report the coordinator's own state: once every member reconciled,"
                    + " the target assignment epoch equals the group epoch, each member's epoch equals it and the"
                    + " epoch the member's last ConsumerGroupHeartbeat answer gave it, and each member's assignment"
                    + " and target assignment are the partitions the member was given.")
    @RequiresApi(value = ApiKeys.CONSUMER_GROUP_HEARTBEAT)
    @RequiresApi(value = ApiKeys.CONSUMER_GROUP_DESCRIBE)
    void describeEpochs(CheckContext ctx) {
        String topic = ctx.createTopic("described", 2, Map.of());
        String group = ctx.uniqueName("group");
        Map<String, Consumer<String, String>> members = new LinkedHashMap<>();
        for (String name : List.of("A", "B")) {
            Consumer<String, String> member = ctx.consumer(ConsumerMembers.member(group, Map.of()));
            member.subscribe(List.of(topic));
            members.put(name, member);
        }
        List<Consumer<String, String>> both = new ArrayList<>(members.values());
        boolean balanced = GroupMembers.pollUntil(both, GroupMembers.inboxes(2), TargetContext.DEFAULT_WAIT,
                () -> GroupMembers.onePartitionEach(both));
        assertThat(balanced).as("each of the 2 members owns one of the 2 partitions within %d s: %s",
                TargetContext.DEFAULT_WAIT.toSeconds(), ConsumerMembers.assignments(members)).isTrue();
        ctx.accepted("the KIP-848 consumer group protocol (both members were assigned)");

        // the members' epochs and the description catch up with each other within a heartbeat or two
        ConsumerGroupDescription[] last = new ConsumerGroupDescription[1];
        int[] polls = {0};
        boolean agreed = GroupMembers.pollUntil(both, GroupMembers.inboxes(2), TargetContext.DEFAULT_WAIT, () -> {
            if (polls[0]++ % DESCRIBE_EVERY_POLLS != 0) {
                return false;
            }
            last[0] = describe(ctx, group);
            return disagreements(last[0], members).isEmpty();
        });
        ConsumerGroupDescription description = last[0] != null ? last[0] : describe(ctx, group);
        List<String> wrong = disagreements(description, members);
        ctx.evidence("members hold %s; described: type %s, state %s, group epoch %s, target assignment epoch %s,"
                + " members %s", held(members), description.type(), GroupViews.state(description),
                description.groupEpoch().orElse(null), description.targetAssignmentEpoch().orElse(null),
                described(description));
        assertThat(agreed && wrong.isEmpty()).as("the description of %s agrees with what its 2 members hold within"
                + " %d s; it does not: %s", group, TargetContext.DEFAULT_WAIT.toSeconds(), wrong).isTrue();
    }

    private static ConsumerGroupDescription describe(CheckContext ctx, String group) {
        return GroupMembers.await(ctx.admin().describeConsumerGroups(List.of(group)).describedGroups().get(group));
    }

    /** What in {@code description} disagrees with the members of a settled group, in words; empty if nothing. */
    private static List<String> disagreements(ConsumerGroupDescription description,
                                              Map<String, Consumer<String, String>> members) {
        List<String> wrong = new ArrayList<>();
        if (description.type() != GroupType.CONSUMER) {
            wrong.add("type " + description.type() + ", not CONSUMER");
        }
        if (!GroupViews.state(description).equals("STABLE")) {
            wrong.add("state " + GroupViews.state(description) + ", not STABLE");
        }
        Optional<Integer> groupEpoch = description.groupEpoch();
        Optional<Integer> targetEpoch = description.targetAssignmentEpoch();
        if (groupEpoch.isEmpty() || targetEpoch.isEmpty()) {
            wrong.add("group epoch " + groupEpoch + " and target assignment epoch " + targetEpoch + " not both given");
        } else if (!groupEpoch.equals(targetEpoch)) {
            wrong.add("target assignment epoch " + targetEpoch.get() + " is not the group epoch " + groupEpoch.get());
        }
        Map<String, MemberDescription> byId = new LinkedHashMap<>();
        description.members().forEach(m -> byId.put(m.consumerId(), m));
        Set<String> ids = new HashSet<>();
        members.forEach((name, consumer) -> {
            String id = consumer.groupMetadata().memberId();
            ids.add(id);
            MemberDescription described = byId.get(id);
            if (described == null) {
                wrong.add("member " + name + " (" + id + ") not described");
                return;
            }
            int epoch = consumer.groupMetadata().generationId();
            if (!described.memberEpoch().equals(Optional.of(epoch))) {
                wrong.add("member " + name + "'s epoch described as " + described.memberEpoch().orElse(null)
                        + ", it holds " + epoch);
            }
            if (targetEpoch.isPresent() && !described.memberEpoch().equals(targetEpoch)) {
                wrong.add("member " + name + "'s epoch " + described.memberEpoch().orElse(null)
                        + " is not the target assignment epoch " + targetEpoch.get());
            }
            Set<TopicPartition> owned = consumer.assignment();
            if (!described.assignment().topicPartitions().equals(owned)) {
                wrong.add("member " + name + "'s assignment described as " + OwnershipLog.sorted(described
                        .assignment().topicPartitions()) + ", it owns " + OwnershipLog.sorted(owned));
            }
            Set<TopicPartition> target = described.targetAssignment().map(MemberAssignment::topicPartitions)
                    .orElse(null);
            if (target == null || !target.equals(owned)) {
                wrong.add("member " + name + "'s target assignment described as " + (target == null ? "absent"
                        : OwnershipLog.sorted(target)) + ", it owns " + OwnershipLog.sorted(owned));
            }
        });
        if (!byId.keySet().equals(ids)) {
            wrong.add("members described " + byId.keySet() + ", the group's are " + ids);
        }
        return wrong;
    }

    private static Map<String, String> held(Map<String, Consumer<String, String>> members) {
        Map<String, String> held = new LinkedHashMap<>();
        members.forEach((name, c) -> held.put(name, c.groupMetadata().memberId() + " epoch "
                + c.groupMetadata().generationId() + " " + OwnershipLog.sorted(c.assignment())));
        return held;
    }

    private static List<String> described(ConsumerGroupDescription description) {
        return description.members().stream().map(m -> m.consumerId() + " epoch " + m.memberEpoch().orElse(null)
                + " " + OwnershipLog.sorted(m.assignment().topicPartitions()) + " target " + m.targetAssignment()
                .map(a -> OwnershipLog.sorted(a.topicPartitions()).toString()).orElse("absent")).toList();
    }
}
