package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData.TopicPartitions;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;

/**
 * A KIP-848 group coordinator whose assignments never take a partition away: every
 * ConsumerGroupHeartbeat answer that carries an assignment gives the member every partition it was
 * ever assigned in that group. The first member of a group gets every partition and keeps them when
 * a second member joins: the revocation the coordinator asks for never reaches it, so it never
 * releases the partition the second member waits for. A member alone in its group is unaffected.
 */
public final class ConsumerHeartbeatNeverRevokes extends NamedMutation {

    private final Map<String, Map<Uuid, TreeSet<Integer>>> everAssigned = new ConcurrentHashMap<>();

    public ConsumerHeartbeatNeverRevokes() {
        super("ConsumerHeartbeatNeverRevokes", "ConsumerGroupHeartbeat assignments never revoke a partition: a member"
                + " keeps every partition it was ever assigned");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.CONSUMER_GROUP_HEARTBEAT; // read only, for the group id in the answer
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.CONSUMER_GROUP_HEARTBEAT;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        ConsumerGroupHeartbeatRequestData data = ((ConsumerGroupHeartbeatRequest) request).data();
        if (data.memberEpoch() < 0) {
            everAssigned.remove(member(data.groupId(), data.memberId())); // the member leaves
        }
        return RequestAction.forward();
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        ConsumerGroupHeartbeatResponseData data = ((ConsumerGroupHeartbeatResponse) response).data();
        ConsumerGroupHeartbeatRequestData request = ((ConsumerGroupHeartbeatRequest) exchange.request().orElseThrow())
                .data();
        if (data.assignment() == null || data.memberId() == null) {
            return response;
        }
        Map<Uuid, TreeSet<Integer>> kept = everAssigned.computeIfAbsent(member(request.groupId(), data.memberId()),
                m -> new TreeMap<>());
        synchronized (kept) {
            for (TopicPartitions topic : data.assignment().topicPartitions()) {
                kept.computeIfAbsent(topic.topicId(), t -> new TreeSet<>()).addAll(topic.partitions());
            }
            data.assignment().topicPartitions().clear();
            kept.forEach((topicId, partitions) -> data.assignment().topicPartitions().add(new TopicPartitions()
                    .setTopicId(topicId).setPartitions(new ArrayList<>(partitions))));
        }
        return response;
    }

    private static String member(String groupId, String memberId) {
        return groupId + "/" + memberId;
    }
}
