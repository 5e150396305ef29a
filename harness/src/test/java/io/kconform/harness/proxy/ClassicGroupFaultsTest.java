package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.proxy.mutations.ClassicGroupFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/** The classic-group faults on single messages, without a broker: each changes exactly what it names. */
class ClassicGroupFaultsTest {

    private static Exchange exchange(ApiKeys api) {
        return new Exchange(1, new RequestHeader(api, api.latestVersion(), "client", 7), new TopicNames());
    }

    private static JoinGroupResponse joinAnswer(int generation, byte[] metadataOfB) {
        return joinAnswer("consumer", generation, metadataOfB);
    }

    private static JoinGroupResponse joinAnswer(String protocolType, int generation, byte[] metadataOfB) {
        return new JoinGroupResponse(new JoinGroupResponseData().setGenerationId(generation).setProtocolType(protocolType)
                .setMembers(new ArrayList<>(List.of(new JoinGroupResponseMember().setMemberId("b")
                        .setMetadata(metadataOfB)))), ApiKeys.JOIN_GROUP.latestVersion());
    }

    @Test
    void theLeaderOfAConnectGroupKeepsSeeingAWorkersFirstMetadataWhenNamedAndConsumerGroupsPass() {
        var mutation = ClassicGroupFaults.firstMemberMetadata("connect");
        mutation.onResponse(exchange(ApiKeys.JOIN_GROUP), joinAnswer("connect", 1, new byte[]{1}));
        mutation.onResponse(exchange(ApiKeys.JOIN_GROUP), joinAnswer("consumer", 1, new byte[]{5}));
        JoinGroupResponse connect = joinAnswer("connect", 2, new byte[]{2});
        JoinGroupResponse consumer = joinAnswer("consumer", 2, new byte[]{6});

        mutation.onResponse(exchange(ApiKeys.JOIN_GROUP), connect);
        mutation.onResponse(exchange(ApiKeys.JOIN_GROUP), consumer);

        assertThat(connect.data().members().get(0).metadata()).containsExactly(1);
        assertThat(consumer.data().members().get(0).metadata()).containsExactly(6);
    }

    @Test
    void theLeaderKeepsSeeingAMembersFirstMetadata() {
        var mutation = ClassicGroupFaults.firstMemberMetadata();
        assertThat(mutation.interceptsResponse(ApiKeys.JOIN_GROUP)).isTrue();
        mutation.onResponse(exchange(ApiKeys.JOIN_GROUP), joinAnswer(1, new byte[]{1}));
        JoinGroupResponse later = joinAnswer(2, new byte[]{2});

        mutation.onResponse(exchange(ApiKeys.JOIN_GROUP), later);

        assertThat(later.data().members().get(0).metadata()).containsExactly(1);
    }

    @Test
    void consumerJoinsAskForTheFixedSessionAndConnectJoinsPass() {
        var mutation = ClassicGroupFaults.sessionTimeout(Duration.ofSeconds(45));
        JoinGroupRequestData consumer = new JoinGroupRequestData().setGroupId("g").setProtocolType("consumer")
                .setSessionTimeoutMs(6000).setRebalanceTimeoutMs(3000);
        JoinGroupRequestData connect = new JoinGroupRequestData().setGroupId("w").setProtocolType("connect")
                .setSessionTimeoutMs(6000).setRebalanceTimeoutMs(3000);

        mutation.onRequest(exchange(ApiKeys.JOIN_GROUP), new JoinGroupRequest(consumer, (short) 9));
        mutation.onRequest(exchange(ApiKeys.JOIN_GROUP), new JoinGroupRequest(connect, (short) 9));

        assertThat(consumer.sessionTimeoutMs()).isEqualTo(45_000);
        assertThat(consumer.rebalanceTimeoutMs()).isEqualTo(45_000);
        assertThat(connect.sessionTimeoutMs()).isEqualTo(6000);
    }

    @Test
    void connectJoinsAskForTheFixedSessionWhenNamedAndConsumerJoinsPass() {
        var mutation = ClassicGroupFaults.sessionTimeout(Duration.ofSeconds(120), "connect");
        JoinGroupRequestData consumer = new JoinGroupRequestData().setGroupId("g").setProtocolType("consumer")
                .setSessionTimeoutMs(6000).setRebalanceTimeoutMs(3000);
        JoinGroupRequestData connect = new JoinGroupRequestData().setGroupId("w").setProtocolType("connect")
                .setSessionTimeoutMs(6000).setRebalanceTimeoutMs(60_000);

        mutation.onRequest(exchange(ApiKeys.JOIN_GROUP), new JoinGroupRequest(consumer, (short) 9));
        mutation.onRequest(exchange(ApiKeys.JOIN_GROUP), new JoinGroupRequest(connect, (short) 9));

        assertThat(connect.sessionTimeoutMs()).isEqualTo(120_000);
        assertThat(connect.rebalanceTimeoutMs()).isEqualTo(120_000);
        assertThat(consumer.sessionTimeoutMs()).isEqualTo(6000);
    }

    @Test
    void leaveGroupIsAnsweredForEveryMemberWithoutReachingTheBroker() {
        var mutation = ClassicGroupFaults.swallowLeaveGroup();
        LeaveGroupRequest leave = new LeaveGroupRequest.Builder("g", List.of(
                new LeaveGroupRequestData.MemberIdentity().setMemberId("m1"))).build((short) 5);

        RequestAction action = mutation.onRequest(exchange(ApiKeys.LEAVE_GROUP), leave);

        assertThat(action.kind()).isEqualTo(RequestAction.Kind.RESPOND);
        LeaveGroupResponseData answer = ((LeaveGroupResponse) action.response()).data();
        assertThat(answer.errorCode()).isZero();
        assertThat(answer.members()).singleElement().satisfies(m -> assertThat(m.memberId()).isEqualTo("m1"));
    }

    @Test
    void aCommitOfAPastGenerationReachesTheBrokerWithTheLatest() {
        var mutation = ClassicGroupFaults.commitWithCurrentGeneration();
        Exchange join = exchange(ApiKeys.JOIN_GROUP);
        join.request(new JoinGroupRequest(new JoinGroupRequestData().setGroupId("g"), (short) 9));
        mutation.onResponse(join, joinAnswer(4, new byte[0]));
        OffsetCommitRequestData stale = new OffsetCommitRequestData().setGroupId("g").setGenerationIdOrMemberEpoch(3)
                .setMemberId("m1");
        OffsetCommitRequestData simple = new OffsetCommitRequestData().setGroupId("g").setGenerationIdOrMemberEpoch(-1);

        mutation.onRequest(exchange(ApiKeys.OFFSET_COMMIT), new OffsetCommitRequest(stale, (short) 8));
        mutation.onRequest(exchange(ApiKeys.OFFSET_COMMIT), new OffsetCommitRequest(simple, (short) 8));

        assertThat(stale.generationIdOrMemberEpoch()).isEqualTo(4);
        assertThat(simple.generationIdOrMemberEpoch()).as("a commit outside group management stays one").isEqualTo(-1);
    }
}
