package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The admin side of consumer groups, as {@code kafka-consumer-groups.sh}, Cruise Control, Burrow and
 * every lag monitor use it: list the groups, describe their members and assignments, and move or
 * delete their committed offsets (the standard remedy for a poison message or a replay).
 */
class GroupAdminChecks {

    /**
     * With two members consuming a two-partition topic, ListGroups shows the group and DescribeGroups
     * shows it Stable, with both members (by client id) and the assignment each consumer actually has.
     */
    @Check(id = "groups.admin.list-describe",
            title = "ListGroups shows a running group; DescribeGroups shows it Stable with its members and their"
                    + " assignments",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka protocol guide: ListGroups, DescribeGroups", "KIP-518", "KIP-1043"},
            hint = "Check that ListGroups covers groups of every coordinator, and that DescribeGroups returns the"
                    + " member ids, client ids and the assignment bytes the leader sent in SyncGroup.")
    @RequiresApi(value = ApiKeys.LIST_GROUPS)
    @RequiresApi(value = ApiKeys.DESCRIBE_GROUPS)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void listDescribe(CheckContext ctx) {
        String topic = ctx.createTopic("described", 2, Map.of());
        String group = ctx.uniqueName("group");
        String clientA = ctx.uniqueName("member-a");
        String clientB = ctx.uniqueName("member-b");
        Consumer<String, String> a = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, clientA, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500));
        Consumer<String, String> b = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, clientB, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500));
        a.subscribe(List.of(topic));
        b.subscribe(List.of(topic));
        List<Consumer<String, String>> both = List.of(a, b);
        List<List<ConsumerRecord<String, String>>> inboxes = GroupMembers.inboxes(2);
        boolean balanced = GroupMembers.pollUntil(both, inboxes, TargetContext.DEFAULT_WAIT,
                () -> GroupMembers.onePartitionEach(both));
        assertThat(balanced).as("each of the 2 members owns one of the 2 partitions within %d s (A %s, B %s)",
                TargetContext.DEFAULT_WAIT.toSeconds(), a.assignment(), b.assignment()).isTrue();

        Admin admin = ctx.admin();
        List<String> listed = GroupViews.listed(admin, group);
        ctx.evidence("ListGroups: %s", listed);
        assertThat(listed).as("groups named %s in ListGroups", group).hasSize(1);

        // the description may lag the members' own view by a heartbeat; keep both members polling meanwhile
        ConsumerGroupDescription[] last = new ConsumerGroupDescription[1];
        GroupMembers.pollUntil(both, inboxes, TargetContext.DEFAULT_WAIT, () -> {
            last[0] = GroupMembers.await(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
            return GroupViews.state(last[0]).equals("STABLE") && last[0].members().size() == 2
                    && last[0].members().stream().allMatch(m -> m.assignment().topicPartitions().size() == 1);
        });
        ConsumerGroupDescription description = last[0];
        ctx.evidence("DescribeGroups: state %s, type %s, assignor %s, coordinator %s", GroupViews.state(description),
                description.type(), description.partitionAssignor(), description.coordinator());
        description.members().forEach(m -> ctx.evidence("member %s (client %s, host %s): %s", m.consumerId(),
                m.clientId(), m.host(), m.assignment().topicPartitions()));
        assertThat(GroupViews.state(description)).as("state of %s", group).isEqualTo("STABLE");
        assertThat(description.members().stream().map(MemberDescription::clientId).collect(Collectors.toSet()))
                .as("client ids of the members of %s", group).containsExactlyInAnyOrder(clientA, clientB);
        assertThat(assignmentOf(description, clientA)).as("assignment described for member A")
                .isEqualTo(a.assignment());
        assertThat(assignmentOf(description, clientB)).as("assignment described for member B")
                .isEqualTo(b.assignment());
    }

    /**
     * Offsets set by the admin client are the ones a consumer of the group starts from, and deleted
     * offsets make it fall back to {@code auto.offset.reset}.
     */
    @Check(id = "groups.admin.alter-offsets",
            title = "Offsets altered, listed and deleted through the admin client are what a consumer of the group"
                    + " then sees",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: OffsetCommit, OffsetFetch, OffsetDelete", "KIP-396", "KIP-496"},
            hint = "alterConsumerGroupOffsets is an OffsetCommit from outside the group; check that it is stored"
                    + " for an empty group, that OffsetFetch returns it, and that OffsetDelete removes it.")
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 2)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.OFFSET_DELETE)
    void alterOffsets(CheckContext ctx) {
        String topic = ctx.createTopic("altered", 1, Map.of());
        List<String> values = GroupMembers.produce(ctx, topic, 1, 10, "r");
        TopicPartition tp = new TopicPartition(topic, 0);
        String group = ctx.uniqueName("group");
        Admin admin = ctx.admin();

        GroupMembers.await(admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(7, "set by admin")))
                .all());
        Map<TopicPartition, OffsetAndMetadata> listed = GroupMembers.await(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        ctx.evidence("alterConsumerGroupOffsets(%s -> 7); listConsumerGroupOffsets: %s", tp, listed);
        assertThat(listed.get(tp)).as("offset of %s listed after altering it to 7", tp).isNotNull();
        assertThat(listed.get(tp).offset()).as("offset of %s listed after altering it to 7", tp).isEqualTo(7);
        assertThat(listed.get(tp).metadata()).as("metadata listed with it").isEqualTo("set by admin");

        Consumer<String, String> first = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
        first.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> fromAltered = ctx.pollAtLeast(first, 3);
        ctx.evidence("a consumer of the group then reads %s", GroupMembers.offsetsByPartition(fromAltered));
        assertThat(GroupMembers.values(fromAltered)).as("records read from the altered offset 7")
                .containsExactlyElementsOf(values.subList(7, 10));
        first.close();

        GroupMembers.await(admin.deleteConsumerGroupOffsets(group, Set.of(tp)).all());
        Map<TopicPartition, OffsetAndMetadata> afterDelete = GroupMembers.await(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        ctx.evidence("deleteConsumerGroupOffsets(%s); listConsumerGroupOffsets: %s", tp, afterDelete);
        assertThat(afterDelete.get(tp)).as("offset of %s listed after deleting it", tp).isNull();

        Consumer<String, String> second = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
        second.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> fromEarliest = ctx.pollAtLeast(second, values.size());
        ctx.evidence("a new consumer of the group then reads %s", GroupMembers.offsetsByPartition(fromEarliest));
        assertThat(GroupMembers.values(fromEarliest))
                .as("records read after the offset was deleted (auto.offset.reset=earliest)")
                .containsExactlyElementsOf(values);
    }

    private static Set<TopicPartition> assignmentOf(ConsumerGroupDescription description, String clientId) {
        return description.members().stream().filter(m -> m.clientId().equals(clientId))
                .flatMap(m -> m.assignment().topicPartitions().stream()).collect(Collectors.toCollection(HashSet::new));
    }
}
