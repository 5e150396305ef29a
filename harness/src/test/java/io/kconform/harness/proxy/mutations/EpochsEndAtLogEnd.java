package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;

/**
 * Answers a consumer's OffsetForLeaderEpoch as a target without an epoch history would: whatever epoch is asked
 * about, its end offset is the log end offset. The broker is asked about the client's current leader epoch instead
 * of the one named, and the answer carries the epoch named again. The current epoch's answer is right; an older
 * epoch's end, where a consumer finds that the log it read was truncated, is never below the log end, so a consumer
 * whose log diverged reads on from its old position. Requests of brokers (replica id 0 or more) and of partitions
 * without a current leader epoch pass untouched.
 */
public final class EpochsEndAtLogEnd extends NamedMutation {

    private static final Object ASKED = new Object();

    public EpochsEndAtLogEnd() {
        super("EpochsEndAtLogEnd", "answers a consumer's OffsetForLeaderEpoch for any epoch with the log end offset");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.OFFSET_FOR_LEADER_EPOCH;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        OffsetsForLeaderEpochRequest epochs = (OffsetsForLeaderEpochRequest) request;
        if (epochs.data().replicaId() >= 0) {
            return RequestAction.forward();
        }
        Map<String, Integer> asked = new HashMap<>();
        for (OffsetForLeaderTopic topic : epochs.data().topics()) {
            for (OffsetForLeaderPartition partition : topic.partitions()) {
                if (partition.currentLeaderEpoch() >= 0 && partition.leaderEpoch() != partition.currentLeaderEpoch()) {
                    asked.put(topic.topic() + "-" + partition.partition(), partition.leaderEpoch());
                    partition.setLeaderEpoch(partition.currentLeaderEpoch());
                }
            }
        }
        if (asked.isEmpty()) {
            return RequestAction.forward();
        }
        exchange.attach(ASKED, asked);
        return RequestAction.forward(epochs);
    }

    @Override
    @SuppressWarnings("unchecked")
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        Map<String, Integer> asked = exchange.attachment(ASKED, Map.class).orElse(Map.of());
        for (OffsetForLeaderTopicResult topic : ((OffsetsForLeaderEpochResponse) response).data().topics()) {
            for (EpochEndOffset partition : topic.partitions()) {
                Integer epoch = asked.get(topic.topic() + "-" + partition.partition());
                if (epoch != null && partition.errorCode() == Errors.NONE.code()) {
                    partition.setLeaderEpoch(epoch);
                }
            }
        }
        return response;
    }
}
