package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;

/**
 * Answers offset commits with success for every partition and never forwards them: the client
 * believes its progress is saved, and the group restarts from the old position.
 */
public final class SwallowOffsetCommit extends NamedMutation {

    private final ApiKeys api;
    /** Only commits from outside the group's generations (generation -1, as the Admin client sends them). */
    private final boolean outsideGroupOnly;

    private SwallowOffsetCommit(ApiKeys api, String description, boolean outsideGroupOnly) {
        super("SwallowOffsetCommit[" + api.name + (outsideGroupOnly ? ",outside-group" : "") + "]", description);
        this.api = api;
        this.outsideGroupOnly = outsideGroupOnly;
    }

    /** Consumer group commits (OffsetCommit) are lost. */
    public static SwallowOffsetCommit offsetCommit() {
        return new SwallowOffsetCommit(ApiKeys.OFFSET_COMMIT, "acknowledges consumer offset commits without storing them",
                false);
    }

    /**
     * Commits made from outside the group (generation -1: an Admin client's alterConsumerGroupOffsets, a
     * consumer that assigned its partitions itself) are lost; a group member's commits are stored. As a
     * target that keeps offsets only as part of its group membership would do.
     */
    public static SwallowOffsetCommit outsideGroup() {
        return new SwallowOffsetCommit(ApiKeys.OFFSET_COMMIT,
                "acknowledges offset commits made with generation -1 (from outside the group) without storing them",
                true);
    }

    /** Offsets sent to a transaction (TxnOffsetCommit) are lost, while the transaction still commits. */
    public static SwallowOffsetCommit txnOffsetCommit() {
        return new SwallowOffsetCommit(ApiKeys.TXN_OFFSET_COMMIT,
                "acknowledges transactional offset commits without storing them: consume-transform-produce loses its offsets",
                false);
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == api;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        if (request instanceof OffsetCommitRequest commit) {
            if (outsideGroupOnly && commit.data().generationIdOrMemberEpoch() != -1) {
                return RequestAction.forward();
            }
            return RequestAction.respond(acknowledge(commit));
        }
        return RequestAction.respond(acknowledge((TxnOffsetCommitRequest) request));
    }

    private static OffsetCommitResponse acknowledge(OffsetCommitRequest request) {
        List<OffsetCommitResponseTopic> topics = new ArrayList<>();
        for (OffsetCommitRequestTopic topic : request.data().topics()) {
            List<OffsetCommitResponsePartition> partitions = new ArrayList<>();
            for (OffsetCommitRequestPartition p : topic.partitions()) {
                partitions.add(new OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(Errors.NONE.code()));
            }
            topics.add(new OffsetCommitResponseTopic().setName(topic.name()).setTopicId(topic.topicId())
                    .setPartitions(partitions));
        }
        return new OffsetCommitResponse(new OffsetCommitResponseData().setTopics(topics));
    }

    private static TxnOffsetCommitResponse acknowledge(TxnOffsetCommitRequest request) {
        List<TxnOffsetCommitResponseTopic> topics = new ArrayList<>();
        for (TxnOffsetCommitRequestTopic topic : request.data().topics()) {
            List<TxnOffsetCommitResponsePartition> partitions = new ArrayList<>();
            for (TxnOffsetCommitRequestPartition p : topic.partitions()) {
                partitions.add(new TxnOffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(Errors.NONE.code()));
            }
            topics.add(new TxnOffsetCommitResponseTopic().setName(topic.name()).setTopicId(topic.topicId())
                    .setPartitions(partitions));
        }
        return new TxnOffsetCommitResponse(new TxnOffsetCommitResponseData().setTopics(topics));
    }
}
