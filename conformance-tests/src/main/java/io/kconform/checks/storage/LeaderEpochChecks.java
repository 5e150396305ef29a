package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.NotApplicableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;

/**
 * Leader epochs (KIP-101, KIP-320): every leader of a partition has an epoch, and OffsetForLeaderEpoch tells the
 * offset where an epoch ended. A consumer that sees a new leader asks it for the end offset of the epoch of the last
 * record it fetched: an answer below its position means the log was truncated under it (it resets as
 * {@code auto.offset.reset} says, or throws LogTruncationException); a wrong answer makes it skip or re-read
 * records. The current epoch has not ended, so its end offset is the log end offset.
 *
 * <p>These checks need no broker control: on one broker, without any leader change, they ask about the current
 * epoch and about epochs that do not exist yet. Truncation after a real leader change needs a cluster and broker
 * control: {@link LogTruncationChecks} shows it.
 */
class LeaderEpochChecks {

    /**
     * MUST: every Java consumer since 2.1 validates its position with this answer after a leader change (KIP-320); a
     * wrong end offset makes it see a truncation that never happened and reset, skipping or re-reading records.
     */
    @Check(id = "storage.leader-epoch.end-offset-of-current-epoch",
            title = "OffsetForLeaderEpoch for the partition's current leader epoch answers that epoch and the log end"
                    + " offset, before and after more records are written",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"KIP-101 (leader epochs, OffsetForLeaderEpoch)", "KIP-320 (consumers detect log truncation)"},
            hint = "If this fails, look at how the target answers OffsetForLeaderEpoch: for the current leader epoch (as"
                    + " Metadata v7+ or ListOffsets v4+ report it) the answer is that epoch and the log end offset, the"
                    + " offset the next record will get. An answer below it makes every consumer that validates its"
                    + " position after a leader change believe the log was truncated.")
    @RequiresApi(value = ApiKeys.OFFSET_FOR_LEADER_EPOCH, minVersion = 2)
    @RequiresApi(value = ApiKeys.LIST_OFFSETS, minVersion = 4)
    void endOffsetOfCurrentEpoch(CheckContext ctx) {
        String topic = ctx.createTopic("leader-epoch", 1, Map.of());
        long base = System.currentTimeMillis();
        List<StoredRecord> first = ListOffsetsChecks.produce(ctx, topic, base, new long[] {0, 0, 0, 0, 0, 0, 0});
        List<String> wrong = new ArrayList<>();
        try (LeaderWire wire = LeaderWire.leaderOf(ctx, topic)) {
            int epoch = currentEpoch(ctx, wire);
            long end = first.get(first.size() - 1).offset() + 1;
            EpochEndOffset answer = offsetForLeaderEpoch(ctx, wire, epoch, epoch);
            ctx.evidence("%d records written, log end offset %d, current leader epoch %d; OffsetForLeaderEpoch(epoch"
                    + " %d): %s", first.size(), end, epoch, epoch, describe(answer));
            expect(wrong, "after " + first.size() + " records", answer, epoch, end);

            List<StoredRecord> more = ListOffsetsChecks.produce(ctx, topic, base, new long[] {0, 0, 0, 0});
            long newEnd = more.get(more.size() - 1).offset() + 1;
            EpochEndOffset again = offsetForLeaderEpoch(ctx, wire, epoch, epoch);
            ctx.evidence("%d records more, log end offset %d; OffsetForLeaderEpoch(epoch %d): %s", more.size(), newEnd,
                    epoch, describe(again));
            expect(wrong, "after " + more.size() + " records more", again, epoch, newEnd);
        }
        assertThat(wrong).as("OffsetForLeaderEpoch answers for the current leader epoch that are not that epoch and"
                + " the log end offset").isEmpty();
    }

    /**
     * SHOULD: a consumer asks about an epoch it saw, so a future epoch arises only from confusion, and a missing
     * UNKNOWN_LEADER_EPOCH delays a metadata refresh rather than losing data.
     */
    @Check(id = "storage.leader-epoch.unknown-epochs",
            title = "OffsetForLeaderEpoch for an epoch after the current one answers no offset (UNDEFINED), and a"
                    + " current_leader_epoch ahead of the leader's is refused with UNKNOWN_LEADER_EPOCH",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"KIP-101 (UNDEFINED_EPOCH_OFFSET for an unknown epoch)",
                    "KIP-320 (current_leader_epoch fencing: UNKNOWN_LEADER_EPOCH)",
                    "Kafka protocol guide: OffsetForLeaderEpoch v2+"},
            hint = "If this fails, look at the target's epoch bookkeeping: an epoch it never had cannot have an end"
                    + " offset (answer leader_epoch -1 and end_offset -1, or an error), and a client that claims a newer"
                    + " leader epoch than the broker's must be told UNKNOWN_LEADER_EPOCH, so that it refreshes its"
                    + " metadata instead of trusting a stale leader.")
    @RequiresApi(value = ApiKeys.OFFSET_FOR_LEADER_EPOCH, minVersion = 2)
    @RequiresApi(value = ApiKeys.LIST_OFFSETS, minVersion = 4)
    void unknownEpochs(CheckContext ctx) {
        String topic = ctx.createTopic("leader-epoch-unknown", 1, Map.of());
        List<StoredRecord> log = ListOffsetsChecks.produce(ctx, topic, System.currentTimeMillis(), new long[] {0, 0, 0});
        long end = log.get(log.size() - 1).offset() + 1;
        List<String> wrong = new ArrayList<>();
        try (LeaderWire wire = LeaderWire.leaderOf(ctx, topic)) {
            int epoch = currentEpoch(ctx, wire);
            EpochEndOffset future = offsetForLeaderEpoch(ctx, wire, epoch, epoch + 1);
            ctx.evidence("log end offset %d, current leader epoch %d; OffsetForLeaderEpoch(epoch %d, the next one,"
                    + " current_leader_epoch %d): %s", end, epoch, epoch + 1, epoch, describe(future));
            if (future.errorCode() == Errors.NONE.code()
                    && (future.endOffset() != OffsetsForLeaderEpochResponse.UNDEFINED_EPOCH_OFFSET
                    || future.leaderEpoch() != OffsetsForLeaderEpochResponse.UNDEFINED_EPOCH)) {
                wrong.add("epoch " + (epoch + 1) + ", which the partition never had: " + describe(future)
                        + ", expected leader epoch -1 and end offset -1 (or an error)");
            }
            EpochEndOffset ahead = offsetForLeaderEpoch(ctx, wire, epoch + 1, epoch);
            ctx.evidence("OffsetForLeaderEpoch(epoch %d, current_leader_epoch %d, ahead of the leader's): %s", epoch,
                    epoch + 1, describe(ahead));
            if (ahead.errorCode() != Errors.UNKNOWN_LEADER_EPOCH.code()) {
                wrong.add("current_leader_epoch " + (epoch + 1) + " ahead of the leader's " + epoch + ": "
                        + describe(ahead) + ", expected UNKNOWN_LEADER_EPOCH");
            }
        }
        assertThat(wrong).as("OffsetForLeaderEpoch answers about epochs the partition does not have").isEmpty();
    }

    /** The partition's leader epoch, as Metadata (v7+) reports it, or else as ListOffsets latest (v4+) does. */
    private static int currentEpoch(CheckContext ctx, LeaderWire wire) {
        int fromMetadata = wire.metadata(ctx, 0).leaderEpoch();
        ListOffsetsPartitionResponse latest = wire.listOffsets(0, ListOffsetsRequest.LATEST_TIMESTAMP,
                ctx.target().facts().newestCommonVersion(ApiKeys.LIST_OFFSETS));
        ctx.evidence("leader epoch reported by Metadata: %d, by ListOffsets latest: %d", fromMetadata,
                latest.leaderEpoch());
        int epoch = fromMetadata >= 0 ? fromMetadata : latest.leaderEpoch();
        if (epoch < 0) {
            throw new NotApplicableException("the target reports no leader epoch, neither in Metadata nor in"
                    + " ListOffsets: there is no current epoch to ask OffsetForLeaderEpoch about");
        }
        return epoch;
    }

    private static EpochEndOffset offsetForLeaderEpoch(CheckContext ctx, LeaderWire wire, int currentLeaderEpoch,
                                                       int leaderEpoch) {
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.OFFSET_FOR_LEADER_EPOCH);
        OffsetForLeaderTopicCollection topics = new OffsetForLeaderTopicCollection();
        topics.add(new OffsetForLeaderTopic().setTopic(wire.topic()).setPartitions(List.of(
                new OffsetForLeaderPartition().setPartition(0).setCurrentLeaderEpoch(currentLeaderEpoch)
                        .setLeaderEpoch(leaderEpoch))));
        OffsetsForLeaderEpochResponse response = (OffsetsForLeaderEpochResponse) wire.send(
                OffsetsForLeaderEpochRequest.Builder.forConsumer(topics), version);
        for (OffsetForLeaderTopicResult topic : response.data().topics()) {
            for (EpochEndOffset partition : topic.partitions()) {
                if (topic.topic().equals(wire.topic()) && partition.partition() == 0) {
                    return partition;
                }
            }
        }
        throw new KafkaException("OffsetForLeaderEpoch v" + version + ": the response has no answer for partition 0 of "
                + wire.topic() + ": " + response.data());
    }

    private static void expect(List<String> wrong, String when, EpochEndOffset answer, int epoch, long end) {
        if (answer.errorCode() != Errors.NONE.code() || answer.leaderEpoch() != epoch || answer.endOffset() != end) {
            wrong.add(when + ": " + describe(answer) + ", expected NONE, leader epoch " + epoch + ", end offset " + end);
        }
    }

    private static String describe(EpochEndOffset answer) {
        return Errors.forCode(answer.errorCode()) + ", leader epoch " + answer.leaderEpoch() + ", end offset "
                + answer.endOffset();
    }
}
