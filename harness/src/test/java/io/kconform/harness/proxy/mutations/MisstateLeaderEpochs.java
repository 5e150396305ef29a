package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;

/**
 * Answers OffsetForLeaderEpoch as a target without real epoch bookkeeping would: every end offset one below the
 * broker's (the offset of the last record, not the offset after it), and a client's current_leader_epoch never
 * fenced (UNKNOWN_LEADER_EPOCH and FENCED_LEADER_EPOCH answered NONE). A consumer validating its position after a
 * leader change then believes the log was truncated under it, and one with newer metadata than the broker is
 * never told. The log is untouched.
 */
public final class MisstateLeaderEpochs extends NamedMutation {

    public MisstateLeaderEpochs() {
        super("MisstateLeaderEpochs", "answers OffsetForLeaderEpoch end offsets one low and never fences a"
                + " current_leader_epoch");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        for (OffsetForLeaderTopicResult topic : ((OffsetsForLeaderEpochResponse) response).data().topics()) {
            for (EpochEndOffset partition : topic.partitions()) {
                if (partition.errorCode() == Errors.UNKNOWN_LEADER_EPOCH.code()
                        || partition.errorCode() == Errors.FENCED_LEADER_EPOCH.code()) {
                    partition.setErrorCode(Errors.NONE.code());
                } else if (partition.errorCode() == Errors.NONE.code() && partition.endOffset() > 0) {
                    partition.setEndOffset(partition.endOffset() - 1);
                }
            }
        }
        return response;
    }
}
