package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The rules of group administration an operator relies on when acting on a live system: filters that find the
 * groups asked for, descriptions that tell an idle group from a running one, and refusals that keep a tool from
 * deleting or moving the committed offsets of a group whose members are consuming.
 */
class GroupAdministrationChecks {

    /**
     * ListGroups with a state filter (KIP-518, ListGroups v4) lists the running group under Stable only and the
     * idle group under Empty only. Operators find stuck or abandoned groups this way on clusters with thousands.
     */
    @Check(id = "groups.admin.list-state-filter",
            title = "ListGroups with a state filter lists only the groups in the states asked for",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: ListGroups v4+ (StatesFilter)", "KIP-518"},
            hint = "Apply StatesFilter on the coordinator: answer only the groups whose state is one of those named,"
                    + " and every group when the filter is empty.")
    @RequiresApi(value = ApiKeys.LIST_GROUPS, minVersion = 4)
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 2)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void listStateFilter(CheckContext ctx) {
        String topic = ctx.createTopic("state-filter", 1, Map.of());
        TopicPartition tp = new TopicPartition(topic, 0);
        Admin admin = ctx.admin();
        String idle = ctx.uniqueName("group-idle");
        GroupMembers.await(admin.alterConsumerGroupOffsets(idle, Map.of(tp, new OffsetAndMetadata(0))).all());
        String running = ctx.uniqueName("group-running");
        joined(ctx, running, topic);

        List<GroupListing> stable = listed(admin, new ListGroupsOptions().inGroupStates(Set.of(GroupState.STABLE)),
                idle, running);
        List<GroupListing> empty = listed(admin, new ListGroupsOptions().inGroupStates(Set.of(GroupState.EMPTY)),
                idle, running);
        ctx.evidence("ListGroups(states=Stable): %s; ListGroups(states=Empty): %s", stable, empty);
        assertThat(stable).as("groups of this check listed as Stable").extracting(GroupListing::groupId)
                .containsExactly(running);
        assertThat(empty).as("groups of this check listed as Empty").extracting(GroupListing::groupId)
                .containsExactly(idle);
    }

    /**
     * ListGroups with a type filter (KIP-848, ListGroups v5) lists a classic group under Classic and not under
     * Consumer. Tools that migrate groups to the consumer protocol find what is left to migrate this way.
     */
    @Check(id = "groups.admin.list-type-filter",
            title = "ListGroups with a type filter lists a classic group under Classic only",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: ListGroups v5+ (TypesFilter)", "KIP-848"},
            hint = "Apply TypesFilter on the coordinator: a group of the classic protocol is of type 'classic', one of"
                    + " the KIP-848 protocol 'consumer'.")
    @RequiresApi(value = ApiKeys.LIST_GROUPS, minVersion = 5)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void listTypeFilter(CheckContext ctx) {
        String topic = ctx.createTopic("type-filter", 1, Map.of());
        String running = ctx.uniqueName("group-classic");
        joined(ctx, running, topic);
        Admin admin = ctx.admin();
        List<GroupListing> classic = listed(admin, new ListGroupsOptions().withTypes(Set.of(GroupType.CLASSIC)), running);
        List<GroupListing> consumer = listed(admin, new ListGroupsOptions().withTypes(Set.of(GroupType.CONSUMER)),
                running);
        ctx.evidence("ListGroups(types=classic): %s; ListGroups(types=consumer): %s", classic, consumer);
        assertThat(classic).as("a running classic group in ListGroups(types=classic)").extracting(GroupListing::groupId)
                .containsExactly(running);
        assertThat(consumer).as("a running classic group in ListGroups(types=consumer)").isEmpty();
    }

    /**
     * DescribeGroups tells a running group from an idle one: Stable with its member and the member's assignment
     * while it consumes, Empty with no member once it left (its offsets kept). Operators decide from this
     * whether a group may be reset or deleted.
     */
    @Check(id = "groups.admin.describe-empty-and-stable",
            title = "DescribeGroups shows a group Stable with its member while it consumes and Empty without members"
                    + " once it left",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka protocol guide: DescribeGroups", "KIP-1043"},
            hint = "After the last member leaves (LeaveGroup) a group with committed offsets is Empty, with no members;"
                    + " it is not Dead and not unknown.")
    @RequiresApi(value = ApiKeys.DESCRIBE_GROUPS)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    @RequiresApi(value = ApiKeys.LEAVE_GROUP)
    void describeEmptyAndStable(CheckContext ctx) {
        String topic = ctx.createTopic("described", 1, Map.of());
        String group = ctx.uniqueName("group");
        String clientId = ctx.uniqueName("member");
        Consumer<String, String> member = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500));
        member.subscribe(List.of(topic));
        awaitAssignment(member);
        Admin admin = ctx.admin();
        ConsumerGroupDescription stable = describedWhen(admin, group, d -> GroupViews.state(d).equals("STABLE"));
        ctx.evidence("while consuming: state %s, members %s", GroupViews.state(stable), stable.members());
        assertThat(GroupViews.state(stable)).as("state of %s while its member consumes", group).isEqualTo("STABLE");
        assertThat(stable.members()).as("members of %s while its member consumes", group).singleElement()
                .satisfies(m -> {
                    assertThat(m.clientId()).as("client id of the member").isEqualTo(clientId);
                    assertThat(m.assignment().topicPartitions()).as("assignment described for the member")
                            .isEqualTo(member.assignment());
                });

        member.commitSync();
        member.close();
        ConsumerGroupDescription empty = describedWhen(admin, group, d -> GroupViews.state(d).equals("EMPTY"));
        ctx.evidence("after its member left: state %s, members %s", GroupViews.state(empty), empty.members());
        assertThat(GroupViews.state(empty)).as("state of %s after its only member left", group).isEqualTo("EMPTY");
        assertThat(empty.members()).as("members of %s after its only member left", group).isEmpty();
    }

    /**
     * DeleteGroups refuses a group with active members (NON_EMPTY_GROUP), keeping its offsets, and deletes an
     * empty one with its offsets. A cleanup script must never wipe the position of a running application.
     */
    @Check(id = "groups.admin.delete-groups",
            title = "DeleteGroups refuses a group with members (NON_EMPTY_GROUP) and deletes an empty one with its"
                    + " offsets",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka protocol guide: DeleteGroups", "KIP-229"},
            hint = "Answer NON_EMPTY_GROUP and change nothing while the group has members; once it is empty, remove"
                    + " the group and its committed offsets so that OffsetFetch and ListGroups no longer show them.")
    @RequiresApi(value = ApiKeys.DELETE_GROUPS)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void deleteGroups(CheckContext ctx) {
        String topic = ctx.createTopic("deleted", 1, Map.of());
        TopicPartition tp = new TopicPartition(topic, 0);
        String group = ctx.uniqueName("group");
        Consumer<String, String> member = joined(ctx, group, topic);
        member.commitSync(Map.of(tp, new OffsetAndMetadata(0, "kept")));
        Admin admin = ctx.admin();

        Throwable refusal = failure(admin.deleteConsumerGroups(List.of(group)).all());
        Map<TopicPartition, OffsetAndMetadata> kept = offsets(admin, group);
        ctx.evidence("DeleteGroups while a member consumes: %s; offsets afterwards %s", describe(refusal), kept);
        assertThat(refusal).as("DeleteGroups of %s while it has a member", group)
                .isInstanceOf(GroupNotEmptyException.class);
        assertThat(kept).as("committed offsets of %s after the refused DeleteGroups", group).containsKey(tp);

        member.close();
        describedWhen(admin, group, d -> GroupViews.state(d).equals("EMPTY"));
        Throwable outcome = failure(admin.deleteConsumerGroups(List.of(group)).all());
        Map<TopicPartition, OffsetAndMetadata> after = offsets(admin, group);
        List<String> listed = GroupViews.listed(admin, group);
        ctx.evidence("DeleteGroups once empty: %s; offsets afterwards %s; ListGroups %s", describe(outcome), after,
                listed);
        assertThat(outcome).as("DeleteGroups of %s once empty", group).isNull();
        assertThat(after).as("committed offsets of %s after it was deleted", group).isEmpty();
        assertThat(listed).as("%s in ListGroups after it was deleted", group).isEmpty();
    }

    /**
     * OffsetDelete (KIP-496) refuses to delete the offset of a topic the group's members subscribe to
     * (GROUP_SUBSCRIBED_TO_TOPIC) and deletes that of a topic they no longer read, while the group runs. This
     * is how an operator drops offsets of a retired topic without stopping the application.
     */
    @Check(id = "groups.admin.offset-delete",
            title = "OffsetDelete refuses a topic the group subscribes to (GROUP_SUBSCRIBED_TO_TOPIC) and deletes the"
                    + " offset of another",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: OffsetDelete", "KIP-496"},
            hint = "While the group has members, answer GROUP_SUBSCRIBED_TO_TOPIC for partitions of topics in their"
                    + " subscriptions and keep those offsets; delete the others.")
    @RequiresApi(value = ApiKeys.OFFSET_DELETE)
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 2)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void offsetDelete(CheckContext ctx) {
        String subscribedTopic = ctx.createTopic("subscribed", 1, Map.of());
        String retiredTopic = ctx.createTopic("retired", 1, Map.of());
        TopicPartition subscribed = new TopicPartition(subscribedTopic, 0);
        TopicPartition retired = new TopicPartition(retiredTopic, 0);
        String group = ctx.uniqueName("group");
        Admin admin = ctx.admin();
        GroupMembers.await(admin.alterConsumerGroupOffsets(group, Map.of(subscribed, new OffsetAndMetadata(0),
                retired, new OffsetAndMetadata(0))).all());
        joined(ctx, group, subscribedTopic);

        Throwable refusal = failure(admin.deleteConsumerGroupOffsets(group, Set.of(subscribed)).partitionResult(subscribed));
        Throwable deletion = failure(admin.deleteConsumerGroupOffsets(group, Set.of(retired)).partitionResult(retired));
        Map<TopicPartition, OffsetAndMetadata> after = offsets(admin, group);
        ctx.evidence("OffsetDelete of the subscribed %s: %s; of the retired %s: %s; offsets afterwards %s", subscribed,
                describe(refusal), retired, describe(deletion), after);
        assertThat(refusal).as("OffsetDelete of %s, a topic the running group subscribes to", subscribed)
                .isInstanceOf(GroupSubscribedToTopicException.class);
        assertThat(deletion).as("OffsetDelete of %s, a topic no member subscribes to", retired).isNull();
        assertThat(after).as("committed offsets of %s afterwards: the subscribed topic's kept, the other's deleted",
                group).containsKey(subscribed).doesNotContainKey(retired);
    }

    /**
     * AlterConsumerGroupOffsets is refused while the group has members (the coordinator answers UNKNOWN_MEMBER_ID
     * to a commit from outside the group), leaving the committed offset as it was, and is done once the group is
     * empty. Resetting offsets under a running consumer would be overwritten or, worse, half-applied.
     */
    @Check(id = "groups.admin.alter-offsets-empty-only",
            title = "AlterConsumerGroupOffsets is refused while the group has members and done once it is empty",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: OffsetCommit (generation -1, empty member id)", "KIP-222"},
            hint = "An OffsetCommit without member id and generation (generation -1) is an admin commit: refuse it"
                    + " (UNKNOWN_MEMBER_ID) unless the group is empty, and store it when it is.")
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 2)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void alterOffsetsEmptyOnly(CheckContext ctx) {
        String topic = ctx.createTopic("reset", 1, Map.of());
        List<String> values = GroupMembers.produce(ctx, topic, 1, 10, "r");
        TopicPartition tp = new TopicPartition(topic, 0);
        String group = ctx.uniqueName("group");
        Consumer<String, String> member = joined(ctx, group, topic);
        member.commitSync(Map.of(tp, new OffsetAndMetadata(5)));
        Admin admin = ctx.admin();

        Throwable refusal = failure(admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(1))).all());
        OffsetAndMetadata whileActive = offsets(admin, group).get(tp);
        ctx.evidence("AlterConsumerGroupOffsets(%s -> 1) while a member consumes: %s; committed afterwards %s", tp,
                describe(refusal), whileActive);
        assertThat(refusal).as("AlterConsumerGroupOffsets of %s while it has a member: a refusal", group)
                .isInstanceOf(ApiException.class).isNotInstanceOf(RetriableException.class);
        assertThat(whileActive).as("committed offset of %s after the refused alteration", tp).isNotNull();
        assertThat(whileActive.offset()).as("committed offset of %s after the refused alteration", tp).isEqualTo(5);

        member.close();
        describedWhen(admin, group, d -> GroupViews.state(d).equals("EMPTY"));
        Throwable outcome = failure(admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(1))).all());
        OffsetAndMetadata onceEmpty = offsets(admin, group).get(tp);
        Consumer<String, String> next = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
        next.subscribe(List.of(topic));
        List<String> resumed = GroupMembers.values(ctx.pollAtLeast(next, values.size() - 1));
        ctx.evidence("AlterConsumerGroupOffsets(%s -> 1) once empty: %s; committed afterwards %s; a new member reads"
                + " %d records", tp, describe(outcome), onceEmpty, resumed.size());
        assertThat(outcome).as("AlterConsumerGroupOffsets of %s once empty", group).isNull();
        assertThat(onceEmpty).as("committed offset of %s after altering it to 1", tp).isNotNull();
        assertThat(onceEmpty.offset()).as("committed offset of %s after altering it to 1", tp).isEqualTo(1);
        assertThat(resumed).as("records a new member of %s reads from the altered offset 1", group)
                .containsExactlyElementsOf(values.subList(1, values.size()));
    }

    /** A member of {@code group} subscribed to {@code topic} and assigned its partitions. */
    private static Consumer<String, String> joined(CheckContext ctx, String group, String topic) {
        Consumer<String, String> member = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500));
        member.subscribe(List.of(topic));
        awaitAssignment(member);
        return member;
    }

    private static void awaitAssignment(Consumer<String, String> member) {
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
            member.poll(Duration.ofMillis(100));
        }
        assertThat(member.assignment()).as("assignment of the only member of a new group within %d s",
                TargetContext.DEFAULT_WAIT.toSeconds()).isNotEmpty();
    }

    /** The listing of ListGroups with {@code options}, restricted to the groups of this check. */
    private static List<GroupListing> listed(Admin admin, ListGroupsOptions options, String... groups) {
        Set<String> ours = Set.of(groups);
        return GroupMembers.await(admin.listGroups(options).all()).stream().filter(g -> ours.contains(g.groupId()))
                .toList();
    }

    /**
     * The description of {@code group} once {@code settled} holds, or the last one after the default wait: a
     * state change (a member leaving) may reach the description a moment after the client saw it.
     */
    private static ConsumerGroupDescription describedWhen(Admin admin, String group,
                                                          Predicate<ConsumerGroupDescription> settled) {
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        while (true) {
            ConsumerGroupDescription description = GroupMembers.await(admin.describeConsumerGroups(List.of(group))
                    .describedGroups().get(group));
            if (settled.test(description) || System.nanoTime() >= deadline) {
                return description;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return description;
            }
        }
    }

    /** The committed offsets of {@code group}; none for a group the target no longer knows. */
    private static Map<TopicPartition, OffsetAndMetadata> offsets(Admin admin, String group) {
        try {
            return GroupMembers.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        } catch (GroupIdNotFoundException deleted) {
            return Map.of();
        }
    }

    /**
     * The target's refusal of an admin call, or null where it was done. Only a Kafka error answered by the target
     * is returned; anything else (a timeout, the harness) is rethrown for the outcome classifier.
     */
    private static Throwable failure(Future<?> future) {
        try {
            GroupMembers.await(future);
            return null;
        } catch (ApiException refused) {
            if (refused instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw refused;
            }
            return refused;
        }
    }

    private static String describe(Throwable refusal) {
        return refusal == null ? "done" : "refused with " + refusal.getClass().getSimpleName() + " ("
                + refusal.getMessage() + ")";
    }
}
