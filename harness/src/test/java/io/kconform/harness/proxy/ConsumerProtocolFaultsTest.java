package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kconform.harness.proxy.mutations.ConsumerHeartbeatAssignBeforeRevoke;
import io.kconform.harness.proxy.mutations.ConsumerProtocolFaults;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.DescribedGroup;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData.Member;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData.Assignment;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData.TopicPartitions;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/** The KIP-848 coordinator faults on single messages, without a broker: each changes exactly what it names. */
class ConsumerProtocolFaultsTest {

    private static final Uuid TOPIC = Uuid.randomUuid();
    private static final Uuid LATER = Uuid.randomUuid();

    private static Exchange exchange(ApiKeys api) {
        return new Exchange(1, new RequestHeader(api, api.latestVersion(), "client", 7), new TopicNames());
    }

    private static ConsumerGroupHeartbeatRequest heartbeat(ConsumerGroupHeartbeatRequestData data) {
        return new ConsumerGroupHeartbeatRequest(data, ApiKeys.CONSUMER_GROUP_HEARTBEAT.latestVersion());
    }

    private static ConsumerGroupHeartbeatRequestData member(String id) {
        return new ConsumerGroupHeartbeatRequestData().setGroupId("g").setMemberId(id).setMemberEpoch(3);
    }

    /** The answer to {@code request} through {@code mutation}, with {@code partitions} of {@link #TOPIC} (null: none). */
    private static ConsumerGroupHeartbeatResponseData answer(Mutation mutation,
                                                             ConsumerGroupHeartbeatRequestData request,
                                                             List<Integer> partitions) {
        return answerTopics(mutation, request, partitions == null ? null : List.of(new TopicPartitions().setTopicId(TOPIC)
                .setPartitions(new ArrayList<>(partitions))));
    }

    /** The answer to {@code request} through {@code mutation}, assigning {@code topics} (null: no assignment). */
    private static ConsumerGroupHeartbeatResponseData answerTopics(Mutation mutation,
                                                                   ConsumerGroupHeartbeatRequestData request,
                                                                   List<TopicPartitions> topics) {
        ConsumerGroupHeartbeatResponseData data = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(request.memberId()).setMemberEpoch(3).setAssignment(topics == null ? null
                        : new Assignment().setTopicPartitions(new ArrayList<>(topics)));
        Exchange exchange = exchange(ApiKeys.CONSUMER_GROUP_HEARTBEAT);
        ConsumerGroupHeartbeatRequest sent = heartbeat(request);
        if (mutation.interceptsRequest(ApiKeys.CONSUMER_GROUP_HEARTBEAT)) {
            mutation.onRequest(exchange, sent);
        }
        exchange.request(sent);
        mutation.onResponse(exchange, new ConsumerGroupHeartbeatResponse(data));
        return data;
    }

    private static List<Integer> partitionsOf(ConsumerGroupHeartbeatResponseData data) {
        return data.assignment().topicPartitions().stream().filter(t -> t.topicId().equals(TOPIC))
                .flatMap(t -> t.partitions().stream()).sorted().toList();
    }

    @Test
    void theNamedServerAssignorReachesTheBrokerAsAnotherAndAnUnnamedOneStaysUnnamed() {
        var mutation = ConsumerProtocolFaults.serverAssignor("range");
        ConsumerGroupHeartbeatRequestData named = member("m").setServerAssignor("uniform").setRackId("r1");
        ConsumerGroupHeartbeatRequestData unnamed = member("m");

        mutation.onRequest(exchange(ApiKeys.CONSUMER_GROUP_HEARTBEAT), heartbeat(named));
        mutation.onRequest(exchange(ApiKeys.CONSUMER_GROUP_HEARTBEAT), heartbeat(unnamed));

        assertThat(mutation.interceptsRequest(ApiKeys.CONSUMER_GROUP_HEARTBEAT)).isTrue();
        assertThat(named.serverAssignor()).isEqualTo("range");
        assertThat(named.rackId()).isEqualTo("r1");
        assertThat(unnamed.serverAssignor()).isNull();
    }

    @Test
    void theServerAssignorIsDroppedWhateverItsName() {
        var mutation = ConsumerProtocolFaults.dropServerAssignor();
        ConsumerGroupHeartbeatRequestData unknown = member("m").setServerAssignor("no-such-assignor")
                .setSubscribedTopicNames(List.of("t"));

        mutation.onRequest(exchange(ApiKeys.CONSUMER_GROUP_HEARTBEAT), heartbeat(unknown));

        assertThat(unknown.serverAssignor()).isNull();
        assertThat(unknown.subscribedTopicNames()).containsExactly("t");
    }

    @Test
    void describedMemberEpochsAreOneBehindAndGroupEpochsUnchanged() {
        var mutation = ConsumerProtocolFaults.describeMemberEpochsBehind();
        ConsumerGroupDescribeResponseData data = new ConsumerGroupDescribeResponseData().setGroups(new ArrayList<>(
                List.of(new DescribedGroup().setGroupId("g").setGroupEpoch(5).setAssignmentEpoch(5)
                        .setMembers(new ArrayList<>(List.of(new Member().setMemberId("a").setMemberEpoch(5),
                                new Member().setMemberId("b").setMemberEpoch(4)))))));

        assertThat(mutation.interceptsResponse(ApiKeys.CONSUMER_GROUP_DESCRIBE)).isTrue();
        mutation.onResponse(exchange(ApiKeys.CONSUMER_GROUP_DESCRIBE), new ConsumerGroupDescribeResponse(data));

        DescribedGroup group = data.groups().get(0);
        assertThat(group.members()).extracting(Member::memberId, Member::memberEpoch)
                .containsExactly(tuple("a", 4), tuple("b", 3));
        assertThat(group.groupEpoch()).isEqualTo(5);
        assertThat(group.assignmentEpoch()).isEqualTo(5);
    }

    @Test
    void aPatternMemberKeepsOnlyTheTopicsOfItsFirstAssignmentAndANamesMemberEverything() {
        var mutation = ConsumerProtocolFaults.regexResolvedOnce();
        answer(mutation, member("rx").setSubscribedTopicRegex("in-.*"), List.of(0));
        answer(mutation, member("names").setSubscribedTopicNames(List.of("t")), List.of(1));

        ConsumerGroupHeartbeatResponseData byPattern = answerTopics(mutation, member("rx"), twoTopics());
        ConsumerGroupHeartbeatResponseData byNames = answerTopics(mutation, member("names"), twoTopics());

        assertThat(byPattern.assignment().topicPartitions()).extracting(TopicPartitions::topicId).containsExactly(TOPIC);
        assertThat(byNames.assignment().topicPartitions()).extracting(TopicPartitions::topicId)
                .containsExactly(TOPIC, LATER);
    }

    private static List<TopicPartitions> twoTopics() {
        return List.of(new TopicPartitions().setTopicId(TOPIC).setPartitions(new ArrayList<>(List.of(0))),
                new TopicPartitions().setTopicId(LATER).setPartitions(new ArrayList<>(List.of(0))));
    }

    @Test
    void aMovedPartitionReachesItsNewMemberBeforeItsOldOneIsToldToRevokeIt() {
        var mutation = new ConsumerHeartbeatAssignBeforeRevoke();
        assertThat(partitionsOf(answer(mutation, member("a"), List.of(0, 1)))).as("a alone").containsExactly(0, 1);
        assertThat(partitionsOf(answer(mutation, member("b"), List.of()))).as("b joins").isEmpty();

        ConsumerGroupHeartbeatResponseData revocation = answer(mutation, member("a"), List.of(0));
        assertThat(partitionsOf(revocation)).as("a asked to revoke 1: held back").containsExactly(0, 1);
        ConsumerGroupHeartbeatResponseData handover = answer(mutation, member("b"), null);
        assertThat(partitionsOf(handover)).as("b's next answer: partition 1 at once").containsExactly(1);
        ConsumerGroupHeartbeatResponseData stillHeld = answer(mutation, member("a"), null);
        assertThat(stillHeld.assignment()).as("a's answer before b acknowledged").isNull();

        // b lists partition 1 as owned: only now is a told to let it go
        answer(mutation, member("b").setTopicPartitions(List.of(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                .setTopicId(TOPIC).setPartitions(List.of(1)))), null);
        ConsumerGroupHeartbeatResponseData released = answer(mutation, member("a"), null);
        assertThat(partitionsOf(released)).as("a's answer after b acknowledged").containsExactly(0);
        ConsumerGroupHeartbeatResponseData agreed = answer(mutation, member("b"), List.of(1));
        assertThat(partitionsOf(agreed)).as("b once the broker gives it partition 1").containsExactly(1);
    }
}
