package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.Set;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;

/**
 * Ignores static group membership (KIP-345): every group request reaches the broker without its
 * group.instance.id, as on a target that accepts JoinGroup v5+ and treats every member as dynamic. A
 * static member that restarts then joins as a new member: it gets a new member id, and the group
 * rebalances around it, where a static member would have taken its old place and assignment back.
 * Dynamic members and everything else are unaffected.
 */
public final class IgnoreGroupInstanceId extends NamedMutation {

    private static final Set<ApiKeys> GROUP_APIS = Set.of(ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT,
            ApiKeys.LEAVE_GROUP, ApiKeys.OFFSET_COMMIT, ApiKeys.TXN_OFFSET_COMMIT, ApiKeys.CONSUMER_GROUP_HEARTBEAT);

    public IgnoreGroupInstanceId() {
        super("IgnoreGroupInstanceId", "treats every group member as dynamic: group.instance.id is ignored");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return GROUP_APIS.contains(apiKey);
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        // every request of every member, so that the broker never meets an instance id it did not see join
        if (request instanceof JoinGroupRequest join) {
            join.data().setGroupInstanceId(null);
        } else if (request instanceof SyncGroupRequest sync) {
            sync.data().setGroupInstanceId(null);
        } else if (request instanceof HeartbeatRequest heartbeat) {
            heartbeat.data().setGroupInstanceId(null);
        } else if (request instanceof LeaveGroupRequest leave) {
            leave.data().members().forEach(m -> m.setGroupInstanceId(null));
        } else if (request instanceof OffsetCommitRequest commit) {
            commit.data().setGroupInstanceId(null);
        } else if (request instanceof TxnOffsetCommitRequest commit) {
            commit.data().setGroupInstanceId(null);
        } else if (request instanceof ConsumerGroupHeartbeatRequest heartbeat) {
            heartbeat.data().setInstanceId(null);
            // a static member's temporary leave (KIP-848) is an ordinary leave for a dynamic one
            if (heartbeat.data().memberEpoch() == ConsumerGroupHeartbeatRequest.LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
                heartbeat.data().setMemberEpoch(ConsumerGroupHeartbeatRequest.LEAVE_GROUP_MEMBER_EPOCH);
            }
        }
        return RequestAction.forward(request);
    }
}
