package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Consumer groups with the classic protocol (JoinGroup/SyncGroup, client-side assignment), still
 * the default of the Java consumer in Kafka 4.x and the only one most other clients speak.
 * Committed offsets are what lets an application restart, scale out or fail over without
 * re-reading or skipping data; rebalancing is what spreads partitions over its instances.
 */
class ClassicGroupChecks {

    /**
     * Commit an offset with metadata, read it back with {@code committed()}, and start a new member
     * of the group: it must resume exactly at the committed offset.
     */
    @Check(id = "groups.classic.commit-and-resume",
            title = "A committed offset and its metadata are returned by committed(), and a new member of the group"
                    + " resumes exactly there",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka protocol guide: OffsetCommit, OffsetFetch", "KIP-211", "KIP-320"},
            hint = "Check that OffsetCommit is stored (not only acknowledged) with its metadata string, that"
                    + " OffsetFetch returns both for the group, and that FindCoordinator leads both requests to the"
                    + " same coordinator.")
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 2)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void commitAndResume(CheckContext ctx) {
        String topic = ctx.createTopic("commit", 1, Map.of());
        List<String> values = GroupMembers.produce(ctx, topic, 1, 10, "r");
        TopicPartition tp = new TopicPartition(topic, 0);
        String group = ctx.uniqueName("group");
        String metadata = "kconform checkpoint 6: batch-17 ✓";

        Consumer<String, String> first = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
        first.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> read = ctx.pollAtLeast(first, values.size());
        assertThat(GroupMembers.values(read)).as("records read by the first member of %s", group)
                .containsExactlyElementsOf(values);
        first.commitSync(Map.of(tp, new OffsetAndMetadata(6, metadata)));
        OffsetAndMetadata committed = first.committed(Set.of(tp)).get(tp);
        ctx.evidence("committed offset 6 with metadata '%s' for %s; committed() returns %s", metadata, tp, committed);
        assertThat(committed).as("committed() for %s after commitSync(6)", tp).isNotNull();
        assertThat(committed.offset()).as("committed offset of %s", tp).isEqualTo(6);
        assertThat(committed.metadata()).as("metadata of the committed offset of %s", tp).isEqualTo(metadata);
        first.close();

        Consumer<String, String> second = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
        OffsetAndMetadata seenBySecond = second.committed(Set.of(tp)).get(tp);
        second.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> resumed = ctx.pollAtLeast(second, 4);
        ctx.evidence("a new member sees committed %s and reads %s", seenBySecond,
                GroupMembers.offsetsByPartition(resumed));
        assertThat(seenBySecond).as("committed offset of %s seen by a new member", tp).isNotNull();
        assertThat(seenBySecond.metadata()).as("metadata seen by a new member").isEqualTo(metadata);
        assertThat(resumed).as("records read by the new member, which must resume at offset 6").isNotEmpty();
        assertThat(resumed.get(0).offset()).as("first offset read by the new member").isEqualTo(6);
        assertThat(GroupMembers.values(resumed)).as("records read by the new member after the committed offset")
                .containsExactlyElementsOf(values.subList(6, 10));
    }

    /**
     * Two members of one group on a two-partition topic get one partition each and between them
     * consume every record exactly once; when one leaves, the other takes over both partitions and
     * continues from the committed offsets, without re-reading or skipping.
     */
    @Check(id = "groups.classic.rebalance-two-members",
            title = "Two classic members share a 2-partition topic, consume every record once, and the survivor"
                    + " continues from the committed offsets when the other leaves",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka protocol guide: JoinGroup, SyncGroup, Heartbeat, LeaveGroup", "KIP-62"},
            hint = "Check that a second JoinGroup triggers a rebalance that the first member learns of through"
                    + " Heartbeat (REBALANCE_IN_PROGRESS), that LeaveGroup triggers another, and that the offsets"
                    + " committed by the leaving member are the ones the survivor fetches.")
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    @RequiresApi(value = ApiKeys.SYNC_GROUP)
    @RequiresApi(value = ApiKeys.HEARTBEAT)
    @RequiresApi(value = ApiKeys.LEAVE_GROUP)
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 2)
    void rebalanceTwoMembers(CheckContext ctx) {
        String topic = ctx.createTopic("rebalance", 2, Map.of());
        String group = ctx.uniqueName("group");
        Map<String, Object> config = Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        Consumer<String, String> a = ctx.consumer(config);
        Consumer<String, String> b = ctx.consumer(config);
        a.subscribe(List.of(topic));
        b.subscribe(List.of(topic));
        List<Consumer<String, String>> both = List.of(a, b);
        List<List<ConsumerRecord<String, String>>> inboxes = GroupMembers.inboxes(2);
        boolean balanced = GroupMembers.pollUntil(both, inboxes, TargetContext.DEFAULT_WAIT,
                () -> GroupMembers.onePartitionEach(both));
        ctx.evidence("after joining: member A owns %s, member B owns %s", a.assignment(), b.assignment());
        assertThat(balanced).as("each of the 2 members owns one of the 2 partitions within %d s (A %s, B %s)",
                TargetContext.DEFAULT_WAIT.toSeconds(), a.assignment(), b.assignment()).isTrue();

        GroupMembers.assertEachReadOnce(ctx, a, b, inboxes, topic, "first", "first 20 records");
        a.commitSync();
        b.commitSync();
        b.close();

        // The new records are written only once A owns both partitions: records A fetched before the rebalance
        // that B's LeaveGroup starts would be fetched again after it (revoked uncommitted, as the client does),
        // a duplicate of the client's making that the target could not prevent.
        List<List<ConsumerRecord<String, String>>> after = GroupMembers.inboxes(1);
        boolean tookOver = GroupMembers.pollUntil(List.of(a), after, TargetContext.DEFAULT_WAIT,
                () -> a.assignment().size() == 2);
        List<String> second = GroupMembers.produce(ctx, topic, 2, 10, "second");
        tookOver = tookOver && GroupMembers.pollUntil(List.of(a), after, TargetContext.DEFAULT_WAIT,
                () -> after.get(0).size() >= second.size());
        ctx.evidence("after B left: A owns %s and read %s", a.assignment(), GroupMembers.offsetsByPartition(after.get(0)));
        assertThat(a.assignment()).as("partitions owned by member A after member B left").hasSize(2);
        assertThat(tookOver).as("member A took over and read the %d new records within %d s", second.size(),
                TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
        assertThat(GroupMembers.values(after.get(0)))
                .as("records member A read after taking over: exactly the new ones, from the committed offsets")
                .containsExactlyInAnyOrderElementsOf(second);
    }
}
