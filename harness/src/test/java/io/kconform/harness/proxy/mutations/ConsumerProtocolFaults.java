package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.Mutation;
import io.kconform.harness.proxy.RequestAction;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.Member;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;

/**
 * KIP-848 group coordinators (ConsumerGroupHeartbeat, ConsumerGroupDescribe) that get one rule wrong each: the
 * server-side assignor a member names replaced or ignored, member epochs described one behind, a subscription
 * pattern resolved once and never again. State is kept across connections, thread-safe.
 */
public final class ConsumerProtocolFaults {

    private ConsumerProtocolFaults() {
    }

    /**
     * Every ConsumerGroupHeartbeat that names a server-side assignor reaches the broker naming {@code assignor}
     * instead: the group is assigned by another assignor than its members chose.
     */
    public static Mutation serverAssignor(String assignor) {
        return new ServerAssignor(assignor);
    }

    /**
     * Every ConsumerGroupHeartbeat reaches the broker without its server-side assignor: the broker's default
     * assigns every group, and a name the broker does not know is never refused.
     */
    public static Mutation dropServerAssignor() {
        return new ServerAssignor(null);
    }

    /**
     * ConsumerGroupDescribe answers every member's epoch one below what the coordinator holds, as a coordinator
     * that describes the epoch before the member's last bump. Group and target assignment epochs, assignments
     * and everything else pass unchanged.
     */
    public static Mutation describeMemberEpochsBehind() {
        return new DescribeMemberEpochsBehind();
    }

    /**
     * A subscription pattern resolved once: ConsumerGroupHeartbeat answers to a member that subscribed with a
     * regular expression keep only the topics of the first non-empty assignment it was given, so a topic created
     * later that matches never reaches it. Members subscribed by topic names are unaffected.
     */
    public static Mutation regexResolvedOnce() {
        return new RegexResolvedOnce();
    }

    private static String member(String groupId, String memberId) {
        return groupId + "/" + memberId;
    }

    private static final class ServerAssignor extends NamedMutation {
        private final String assignor;

        ServerAssignor(String assignor) {
            super(assignor == null ? "DropServerAssignor" : "ServerAssignor[" + assignor + "]",
                    assignor == null ? "ConsumerGroupHeartbeat reaches the broker without its server-side assignor:"
                            + " the broker's default assigns every group, unknown names included"
                            : "ConsumerGroupHeartbeat reaches the broker naming the server-side assignor " + assignor
                            + ", whatever the member named");
            this.assignor = assignor;
        }

        @Override
        public boolean interceptsRequest(ApiKeys apiKey) {
            return apiKey == ApiKeys.CONSUMER_GROUP_HEARTBEAT;
        }

        @Override
        public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
            ConsumerGroupHeartbeatRequestData data = ((ConsumerGroupHeartbeatRequest) request).data();
            // the field is sent only when it changes (on joining): null means "as before" and stays null
            if (data.serverAssignor() == null) {
                return RequestAction.forward();
            }
            data.setServerAssignor(assignor);
            return RequestAction.forward(request);
        }
    }

    private static final class DescribeMemberEpochsBehind extends NamedMutation {
        DescribeMemberEpochsBehind() {
            super("DescribeMemberEpochsBehind", "ConsumerGroupDescribe answers each member's epoch one below the"
                    + " coordinator's");
        }

        @Override
        public boolean interceptsResponse(ApiKeys apiKey) {
            return apiKey == ApiKeys.CONSUMER_GROUP_DESCRIBE;
        }

        @Override
        public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
            for (DescribedGroup group : ((ConsumerGroupDescribeResponse) response).data().groups()) {
                for (Member member : group.members()) {
                    if (member.memberEpoch() > 0) {
                        member.setMemberEpoch(member.memberEpoch() - 1);
                    }
                }
            }
            return response;
        }
    }

    private static final class RegexResolvedOnce extends NamedMutation {
        /** Members that subscribed with a pattern, by group/member id. */
        private final Set<String> byPattern = ConcurrentHashMap.newKeySet();
        /** The topics of each such member's first non-empty assignment. */
        private final Map<String, Set<Uuid>> firstTopics = new ConcurrentHashMap<>();

        RegexResolvedOnce() {
            super("RegexResolvedOnce", "a member's subscription pattern is resolved once: topics created later"
                    + " never reach its assignment");
        }

        @Override
        public boolean interceptsRequest(ApiKeys apiKey) {
            return apiKey == ApiKeys.CONSUMER_GROUP_HEARTBEAT;
        }

        @Override
        public boolean interceptsResponse(ApiKeys apiKey) {
            return apiKey == ApiKeys.CONSUMER_GROUP_HEARTBEAT;
        }

        @Override
        public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
            ConsumerGroupHeartbeatRequestData data = ((ConsumerGroupHeartbeatRequest) request).data();
            if (data.subscribedTopicRegex() != null && !data.subscribedTopicRegex().isEmpty()
                    && data.memberId() != null) {
                byPattern.add(member(data.groupId(), data.memberId()));
            }
            return RequestAction.forward();
        }

        @Override
        public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
            ConsumerGroupHeartbeatResponseData data = ((ConsumerGroupHeartbeatResponse) response).data();
            ConsumerGroupHeartbeatRequestData request = ((ConsumerGroupHeartbeatRequest) exchange.request()
                    .orElseThrow()).data();
            String member = member(request.groupId(), data.memberId() == null ? request.memberId() : data.memberId());
            if (data.assignment() == null || !byPattern.contains(member)) {
                return response;
            }
            if (!firstTopics.containsKey(member)) {
                if (!data.assignment().topicPartitions().isEmpty()) {
                    firstTopics.put(member, Set.copyOf(data.assignment().topicPartitions().stream()
                            .map(ConsumerGroupHeartbeatResponseData.TopicPartitions::topicId).toList()));
                }
                return response;
            }
            Set<Uuid> kept = firstTopics.get(member);
            data.assignment().topicPartitions().removeIf(t -> !kept.contains(t.topicId()));
            return response;
        }
    }
}
