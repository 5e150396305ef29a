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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The online upgrade of a consumer group from the classic protocol to the KIP-848 consumer protocol, and back: an
 * application rolls its instances over to {@code group.protocol=consumer} one by one, so for a while members of
 * both protocols share one group, and a rollback brings classic members back into it. Neither step may stop the
 * group or process a record twice. Apache Kafka allows both with its default {@code group.consumer.migration.policy}
 * ({@code bidirectional}).
 */
class ConsumerMigrationChecks {

    /** SHOULD: the way every existing application reaches the consumer protocol without stopping. */
    @OfCapability(Capability.KIP_848_GROUPS)
    @Check(id = "groups.consumer-protocol.online-upgrade",
            title = "A group.protocol=consumer member joins a running classic group and shares its partitions with"
                    + " the classic member, and after it leaves a new classic member does: each record read once",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-848 (online upgrade and downgrade, group.consumer.migration.policy)",
                    "Kafka protocol guide: ConsumerGroupHeartbeat, JoinGroup, SyncGroup"},
            hint = "A ConsumerGroupHeartbeat for a group that has classic members must convert the group (not answer"
                    + " GROUP_ID_NOT_FOUND or INCONSISTENT_GROUP_PROTOCOL), keep serving the classic members through"
                    + " JoinGroup/SyncGroup/Heartbeat, and let classic members join again once the last"
                    + " consumer-protocol member left.")
    @RequiresApi(value = ApiKeys.CONSUMER_GROUP_HEARTBEAT)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    @RequiresApi(value = ApiKeys.SYNC_GROUP)
    void onlineUpgrade(CheckContext ctx) {
        String topic = ctx.createTopic("migrated", 2, Map.of());
        String group = ctx.uniqueName("group");
        Duration session = GroupTimers.session(ctx);
        Consumer<String, String> classic = ctx.consumer(GroupTimers.classicMember(group, session));
        classic.subscribe(List.of(topic));
        boolean alone = GroupMembers.pollUntil(List.of(classic), GroupMembers.inboxes(1), TargetContext.DEFAULT_WAIT,
                () -> classic.assignment().size() == 2);
        assertThat(alone).as("the classic member owns both partitions of %s within %d s", topic,
                TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();

        // upgrade: a member of the consumer protocol joins the running classic group
        Consumer<String, String> upgraded = ctx.consumer(ConsumerMembers.member(group, Map.of()));
        upgraded.subscribe(List.of(topic));
        List<Consumer<String, String>> mixed = List.of(classic, upgraded);
        List<List<ConsumerRecord<String, String>>> inboxes = GroupMembers.inboxes(2);
        boolean shared = joined(() -> GroupMembers.pollUntil(mixed, inboxes, TargetContext.DEFAULT_WAIT,
                () -> GroupMembers.onePartitionEach(mixed)), group);
        ctx.evidence("classic member owns %s, consumer-protocol member %s (epoch %d); group described as %s", classic
                .assignment(), upgraded.assignment(), upgraded.groupMetadata().generationId(), type(ctx, group));
        assertThat(shared).as("the classic member and the consumer-protocol member own one of the 2 partitions"
                + " each within %d s (classic %s, consumer %s)", TargetContext.DEFAULT_WAIT.toSeconds(),
                classic.assignment(), upgraded.assignment()).isTrue();
        ctx.accepted("the KIP-848 consumer group protocol in a group upgraded from the classic protocol");
        GroupMembers.assertEachReadOnce(ctx, classic, upgraded, inboxes, topic, "up", "during the upgrade, 20 records");
        classic.commitSync(Duration.ofSeconds(10));
        upgraded.commitSync(Duration.ofSeconds(10));

        // rollback: the consumer-protocol member leaves, a classic one takes its place
        Closing.consumerLeavingGroup(upgraded, Duration.ofSeconds(5));
        Consumer<String, String> rolledBack = ctx.consumer(GroupTimers.classicMember(group, session));
        rolledBack.subscribe(List.of(topic));
        List<Consumer<String, String>> classics = List.of(classic, rolledBack);
        List<List<ConsumerRecord<String, String>>> after = GroupMembers.inboxes(2);
        boolean again = GroupMembers.pollUntil(classics, after, TargetContext.DEFAULT_WAIT,
                () -> GroupMembers.onePartitionEach(classics));
        ctx.evidence("after the rollback: classic members own %s and %s; group described as %s",
                classic.assignment(), rolledBack.assignment(), type(ctx, group));
        assertThat(again).as("after the consumer-protocol member left, the first and a new classic member own one"
                + " of the 2 partitions each within %d s (%s, %s)", TargetContext.DEFAULT_WAIT.toSeconds(),
                classic.assignment(), rolledBack.assignment()).isTrue();
        GroupMembers.assertEachReadOnce(ctx, classic, rolledBack, after, topic, "down", "after the rollback, 20 records");
    }

    /**
     * Runs the mixed group's join; a refusal other than a clean "not offered" (UnsupportedVersionException, which
     * stays UNSUPPORTED) is the target refusing to upgrade the group, said in a sentence.
     */
    private static boolean joined(java.util.function.BooleanSupplier join, String group) {
        try {
            return join.getAsBoolean();
        } catch (UnsupportedVersionException notOffered) {
            throw notOffered;
        } catch (ApiException refused) {
            throw new AssertionError("The target refused a group.protocol=consumer member joining the running"
                    + " classic group " + group + " (no online upgrade): " + refused, refused);
        }
    }

    private static String type(CheckContext ctx, String group) {
        ConsumerGroupDescription description = GroupMembers.await(ctx.admin().describeConsumerGroups(List.of(group))
                .describedGroups().get(group));
        return description.type() + " " + GroupViews.state(description) + " with " + description.members().size()
                + " member(s)";
    }
}
