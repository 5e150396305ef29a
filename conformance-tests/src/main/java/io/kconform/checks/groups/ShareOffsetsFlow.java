package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.checks.groups.ShareMembers.Delivery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

/**
 * What {@code groups.share.offsets-admin} does: a share group's start offset as the admin APIs describe, alter and
 * delete it (DescribeShareGroupOffsets, AlterShareGroupOffsets, DeleteShareGroupOffsets of KIP-932), each effect
 * seen by describing again and, for the alteration, by a new member reading from the altered offset. Stateless.
 */
final class ShareOffsetsFlow {

    private static final int RECORDS = 10;

    private ShareOffsetsFlow() {
    }

    static void run(CheckContext ctx) {
        String topic = ctx.createTopic("share-offsets", 1, Map.of());
        TopicPartition tp = new TopicPartition(topic, 0);
        List<String> values = GroupMembers.produce(ctx, topic, 1, RECORDS, "job");
        String groupId = ctx.uniqueName("share-group");
        ShareMembers group = new ShareMembers(ctx, groupId);
        group.configure(Map.of("share.auto.offset.reset", "earliest"),
                "so that its members read records written before they joined");
        group.join("A", topic);
        ShareMembers.Answer accept = (value, before) -> AcknowledgeType.ACCEPT;
        boolean all = group.consumeUntil(TargetContext.DEFAULT_WAIT, accept,
                d -> ShareFlows.delivered(d).containsAll(values));
        assertThat(all).as("the %d records delivered to the group's only member within %d s (delivered: %s)",
                RECORDS, TargetContext.DEFAULT_WAIT.toSeconds(), group.deliveries()).isTrue();
        ctx.accepted("share groups (a share consumer read and accepted every record)");

        // A start offset may stay where it was, the records before the next one all acknowledged (Apache Kafka 4.4
        // moves it lazily); what the group has left to read is its lag (DescribeShareGroupOffsets v1, KIP-1226).
        Admin admin = ctx.admin();
        Optional<SharePartitionOffsetInfo> consumed = offsetWhen(admin, groupId, tp, o -> o.isPresent()
                && nothingLeft(o.get()));
        ctx.evidence("DescribeShareGroupOffsets after the member accepted the %d records: %s", RECORDS, consumed);
        assertThat(consumed).as("start offset of %s described for %s after every record was accepted", tp, groupId)
                .isPresent();
        assertThat(consumed.get()).as("what %s described for %s has left to read after the member accepted every"
                + " record (start offset at the end, or lag 0)", groupId, tp).matches(ShareOffsetsFlow::nothingLeft);

        Throwable refusal = failure(admin.alterShareGroupOffsets(groupId, Map.of(tp, 0L)).all());
        Optional<SharePartitionOffsetInfo> whileActive = offset(admin, groupId, tp);
        ctx.evidence("AlterShareGroupOffsets(%s -> 0) while the member is in the group: %s; described afterwards %s",
                tp, describe(refusal), whileActive);
        assertThat(refusal).as("AlterShareGroupOffsets of %s while it has a member: a refusal (NON_EMPTY_GROUP)",
                groupId).isInstanceOf(GroupNotEmptyException.class);
        assertThat(whileActive).as("what %s described for %s has left to read after the refused alteration", groupId,
                tp).hasValueSatisfying(o -> assertThat(nothingLeft(o)).as("nothing left to read: %s", o).isTrue());

        group.leave("A");
        ShareGroupDescription empty = group.describedWhen(d -> d.groupState() == GroupState.EMPTY);
        ctx.evidence("after the member left: %s, %d member(s)", empty.groupState(), empty.members().size());
        Throwable altered = failure(admin.alterShareGroupOffsets(groupId, Map.of(tp, 0L)).all());
        Optional<SharePartitionOffsetInfo> afterAlter = offsetWhen(admin, groupId, tp,
                o -> o.isPresent() && o.get().startOffset() == 0 && o.get().lag().orElse((long) RECORDS) == RECORDS);
        group.join("B", topic);
        boolean reread = group.consumeUntil(List.of("B"), TargetContext.DEFAULT_WAIT, accept,
                d -> ShareFlows.delivered(d.stream().filter(x -> x.member().equals("B")).toList()).containsAll(values));
        List<String> readByB = group.deliveries().stream().filter(d -> d.member().equals("B")).map(Delivery::value)
                .toList();
        ctx.evidence("AlterShareGroupOffsets(%s -> 0) once empty: %s; described afterwards %s; a new member then"
                + " read %d records: %s", tp, describe(altered), afterAlter, readByB.size(), readByB);
        assertThat(altered).as("AlterShareGroupOffsets of %s once it is empty", groupId).isNull();
        assertThat(afterAlter.map(SharePartitionOffsetInfo::startOffset)).as("start offset of %s described after"
                + " altering it to 0", tp).contains(0L);
        assertThat(afterAlter.flatMap(SharePartitionOffsetInfo::lag).orElse((long) RECORDS)).as("lag of %s described"
                + " after altering its start offset to 0, where the target reports lag", tp).isEqualTo(RECORDS);
        assertThat(reread).as("the %d records read again by a new member after the start offset was altered to 0"
                + " (read: %s)", RECORDS, readByB).isTrue();

        group.leave("B");
        group.describedWhen(d -> d.groupState() == GroupState.EMPTY);
        Throwable deleted = failure(admin.deleteShareGroupOffsets(groupId, Set.of(topic)).all());
        Optional<SharePartitionOffsetInfo> afterDelete = offsetWhen(admin, groupId, tp, Optional::isEmpty);
        ctx.evidence("DeleteShareGroupOffsets(%s) once empty: %s; described afterwards %s", topic, describe(deleted),
                afterDelete);
        assertThat(deleted).as("DeleteShareGroupOffsets of %s for %s once it is empty", groupId, topic).isNull();
        assertThat(afterDelete).as("start offset of %s described for %s after DeleteShareGroupOffsets", tp, groupId)
                .isEmpty();
    }

    /**
     * Whether a described share-partition has nothing left to read: start offset at the end, or lag 0. Without lag
     * (DescribeShareGroupOffsets v0) a start offset short of the end may still be right (records after it all
     * acknowledged), so only the alteration below can tell.
     */
    private static boolean nothingLeft(SharePartitionOffsetInfo info) {
        return info.startOffset() >= RECORDS || info.lag().map(lag -> lag == 0).orElse(true);
    }

    /** The described start offset of {@code tp} once {@code settled} holds, or the last one after a short wait. */
    private static Optional<SharePartitionOffsetInfo> offsetWhen(Admin admin, String group, TopicPartition tp,
                                                                 Predicate<Optional<SharePartitionOffsetInfo>> settled) {
        // the start offset moves with the share coordinator's state, written a moment after the acknowledgement
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Optional<SharePartitionOffsetInfo> info = offset(admin, group, tp);
        while (!settled.test(info) && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofMillis(200));
            info = offset(admin, group, tp);
        }
        return info;
    }

    /** The start offset of {@code tp} DescribeShareGroupOffsets gives for {@code group}; empty where none. */
    private static Optional<SharePartitionOffsetInfo> offset(Admin admin, String group, TopicPartition tp) {
        Map<TopicPartition, SharePartitionOffsetInfo> offsets = Await.result(admin.listShareGroupOffsets(
                Map.of(group, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group),
                "DescribeShareGroupOffsets of " + group);
        return Optional.ofNullable(offsets == null ? null : offsets.get(tp));
    }

    /**
     * The target's refusal of an admin call, or null where it was done. Only a Kafka error the target answered is
     * returned; anything else (a timeout, the harness) is rethrown for the outcome classifier.
     */
    private static Throwable failure(Future<?> future) {
        try {
            Await.result(future, "an admin answer of the target");
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
