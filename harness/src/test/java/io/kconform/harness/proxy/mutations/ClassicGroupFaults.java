package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.Mutation;
import io.kconform.harness.proxy.RequestAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;

/**
 * Classic consumer group coordinators (JoinGroup/SyncGroup/Heartbeat/LeaveGroup) that get one rule wrong each:
 * stale member metadata relayed to the leader, sessions that outlive the timeout the member asked for, LeaveGroup
 * acknowledged and ignored, commits taken whatever their generation. Only groups of the consumer protocol type
 * are touched (Kafka Connect's pass unchanged). State is kept across connections, thread-safe.
 */
public final class ClassicGroupFaults {

    private ClassicGroupFaults() {
    }

    /**
     * The leader is handed each member's first JoinGroup metadata for ever after: the owned partitions and
     * generation a member reports when it rejoins never reach the assignor, so a cooperative-sticky leader plans
     * from nothing and moves partitions between members that stay (KIP-429 broken).
     */
    public static Mutation firstMemberMetadata() {
        return new FirstMemberMetadata(ConsumerProtocol.PROTOCOL_TYPE);
    }

    /**
     * As {@link #firstMemberMetadata()} for the groups of {@code protocolType}: for {@code connect}, the leader of a
     * Kafka Connect group never learns which connectors and tasks each worker runs now (the allocation of
     * incremental cooperative rebalancing), only what each ran when it first joined.
     */
    public static Mutation firstMemberMetadata(String protocolType) {
        return new FirstMemberMetadata(protocolType);
    }

    /** Whether a group of {@code actual} protocol type is one of {@code wanted} (consumer: also none named). */
    private static boolean ofType(String wanted, String actual) {
        return wanted.equals(ConsumerProtocol.PROTOCOL_TYPE) ? consumerGroup(actual) : wanted.equals(actual);
    }

    /** Every consumer JoinGroup reaches the broker with {@code session} as its session timeout, whatever it asked. */
    public static Mutation sessionTimeout(Duration session) {
        return new SessionTimeout(session, ConsumerProtocol.PROTOCOL_TYPE);
    }

    /**
     * Every JoinGroup of a group of {@code protocolType} ({@code connect} for Kafka Connect's workers) reaches the
     * broker with {@code session} as its session timeout, whatever it asked.
     */
    public static Mutation sessionTimeout(Duration session, String protocolType) {
        return new SessionTimeout(session, protocolType);
    }

    /** LeaveGroup acknowledged for every member and never forwarded: a member that leaves stays until it expires. */
    public static Mutation swallowLeaveGroup() {
        return new SwallowLeaveGroup();
    }

    /**
     * Every OffsetCommit of a group member reaches the broker with the group's latest generation (as the proxy saw
     * it in JoinGroup answers): a member of a past generation commits as if it were current, as on a coordinator
     * that does not check generations.
     */
    public static Mutation commitWithCurrentGeneration() {
        return new CommitWithCurrentGeneration();
    }

    private static boolean consumerGroup(String protocolType) {
        return protocolType == null || protocolType.equals(ConsumerProtocol.PROTOCOL_TYPE);
    }

    private static final class FirstMemberMetadata extends NamedMutation {
        private final Map<String, byte[]> first = new ConcurrentHashMap<>();
        private final String protocolType;

        FirstMemberMetadata(String protocolType) {
            super("FirstMemberMetadata[" + protocolType + "]", "the leader of a " + protocolType + " group is given"
                    + " each member's first JoinGroup metadata, never its latest: what members own is not relayed");
            this.protocolType = protocolType;
        }

        @Override
        public boolean interceptsResponse(ApiKeys apiKey) {
            return apiKey == ApiKeys.JOIN_GROUP;
        }

        @Override
        public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
            JoinGroupResponse join = (JoinGroupResponse) response;
            if (!ofType(protocolType, join.data().protocolType())) {
                return response;
            }
            for (JoinGroupResponseMember member : join.data().members()) {
                member.setMetadata(first.computeIfAbsent(member.memberId(), id -> member.metadata()));
            }
            return response;
        }
    }

    private static final class SessionTimeout extends NamedMutation {
        private final int sessionMs;
        private final String protocolType;

        SessionTimeout(Duration session, String protocolType) {
            super("SessionTimeout[" + session.toMillis() + " ms, " + protocolType + "]", protocolType + " group members"
                    + " are kept for " + session.toMillis() + " ms after their last heartbeat, whatever session timeout"
                    + " they asked for");
            this.sessionMs = (int) session.toMillis();
            this.protocolType = protocolType;
        }

        @Override
        public boolean interceptsRequest(ApiKeys apiKey) {
            return apiKey == ApiKeys.JOIN_GROUP;
        }

        @Override
        public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
            JoinGroupRequest join = (JoinGroupRequest) request;
            if (!ofType(protocolType, join.data().protocolType())) {
                return RequestAction.forward();
            }
            join.data().setSessionTimeoutMs(sessionMs);
            // the rebalance timeout must not be shorter than the session (the broker refuses a join otherwise)
            join.data().setRebalanceTimeoutMs(Math.max(join.data().rebalanceTimeoutMs(), sessionMs));
            return RequestAction.forward(join);
        }
    }

    private static final class SwallowLeaveGroup extends NamedMutation {
        SwallowLeaveGroup() {
            super("SwallowLeaveGroup", "acknowledges LeaveGroup without forwarding it: members that leave stay");
        }

        @Override
        public boolean interceptsRequest(ApiKeys apiKey) {
            return apiKey == ApiKeys.LEAVE_GROUP;
        }

        @Override
        public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
            LeaveGroupRequest leave = (LeaveGroupRequest) request;
            List<MemberResponse> members = leave.data().members().stream().map(m -> new MemberResponse()
                    .setMemberId(m.memberId()).setGroupInstanceId(m.groupInstanceId())
                    .setErrorCode(Errors.NONE.code())).toList();
            return RequestAction.respond(new LeaveGroupResponse(new LeaveGroupResponseData()
                    .setErrorCode(Errors.NONE.code()).setMembers(members)));
        }
    }

    private static final class CommitWithCurrentGeneration extends NamedMutation {
        private final Map<String, Integer> generations = new ConcurrentHashMap<>();

        CommitWithCurrentGeneration() {
            super("CommitWithCurrentGeneration", "offset commits of group members are taken whatever their"
                    + " generation: a member of a past generation overwrites the new owner's offsets");
        }

        @Override
        public boolean interceptsRequest(ApiKeys apiKey) {
            return apiKey == ApiKeys.OFFSET_COMMIT || apiKey == ApiKeys.JOIN_GROUP;
        }

        @Override
        public boolean interceptsResponse(ApiKeys apiKey) {
            return apiKey == ApiKeys.JOIN_GROUP;
        }

        @Override
        public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
            if (request instanceof OffsetCommitRequest commit) {
                Integer current = generations.get(commit.data().groupId());
                if (current != null && commit.data().generationIdOrMemberEpoch() >= 0) {
                    commit.data().setGenerationIdOrMemberEpoch(current);
                    return RequestAction.forward(commit);
                }
            }
            return RequestAction.forward();
        }

        @Override
        public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
            JoinGroupResponse join = (JoinGroupResponse) response;
            exchange.request().ifPresent(request -> {
                String group = ((JoinGroupRequest) request).data().groupId();
                if (join.data().errorCode() == Errors.NONE.code() && join.data().generationId() >= 0) {
                    generations.merge(group, join.data().generationId(), Math::max);
                }
            });
            return response;
        }
    }
}
