package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.proxy.mutations.EpochsEndAtLogEnd;
import io.kconform.harness.proxy.mutations.PreferredReplicaInOtherRack;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResultCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/**
 * The faults of the three-broker controls on single messages, without a broker (a preferred read replica needs a
 * cluster with racks, an old epoch's end offset a leader change): each changes exactly what it names.
 */
class ReplicaMutationsTest {

    private static final Uuid TOPIC_ID = Uuid.randomUuid();

    private static Exchange exchange(ApiKeys api) {
        return new Exchange(1, new RequestHeader(api, api.latestVersion(), "client", 7), new TopicNames());
    }

    /** Brokers 1-3 in racks rack-1..3; partition 0 led by 1 with replicas 1, 2, 3; partition 1 on broker 1 alone. */
    private static MetadataResponse metadata() {
        MetadataResponseData data = new MetadataResponseData();
        for (int id = 1; id <= 3; id++) {
            data.brokers().add(new MetadataResponseBroker().setNodeId(id).setHost("127.0.0.1").setPort(9000 + id)
                    .setRack("rack-" + id));
        }
        MetadataResponseTopic topic = new MetadataResponseTopic().setName("t").setTopicId(TOPIC_ID);
        topic.partitions().add(new MetadataResponsePartition().setPartitionIndex(0).setLeaderId(1)
                .setReplicaNodes(List.of(1, 2, 3)).setIsrNodes(List.of(1, 2, 3)));
        topic.partitions().add(new MetadataResponsePartition().setPartitionIndex(1).setLeaderId(1)
                .setReplicaNodes(List.of(1)).setIsrNodes(List.of(1)));
        data.topics().add(topic);
        return new MetadataResponse(data, ApiKeys.METADATA.latestVersion());
    }

    /** A Fetch answer by topic id: partition 0 names {@code preferred0}, partition 1 names {@code preferred1}. */
    private static FetchResponse fetch(int preferred0, int preferred1) {
        List<PartitionData> partitions = new ArrayList<>(List.of(
                new PartitionData().setPartitionIndex(0).setHighWatermark(40).setPreferredReadReplica(preferred0),
                new PartitionData().setPartitionIndex(1).setHighWatermark(7).setPreferredReadReplica(preferred1)));
        return FetchResponse.of(new FetchResponseData().setResponses(new ArrayList<>(List.of(
                new FetchableTopicResponse().setTopicId(TOPIC_ID).setPartitions(partitions)))));
    }

    private static List<Integer> preferred(FetchResponse response) {
        return response.data().responses().get(0).partitions().stream().map(PartitionData::preferredReadReplica)
                .toList();
    }

    @Test
    void theNamedReplicaIsReplacedByTheFollowerInAnotherRack() {
        var mutation = new PreferredReplicaInOtherRack();
        assertThat(mutation.interceptsResponse(ApiKeys.METADATA)).isTrue();
        assertThat(mutation.interceptsResponse(ApiKeys.FETCH)).isTrue();
        MetadataResponse metadata = metadata();
        mutation.onResponse(exchange(ApiKeys.METADATA), metadata);

        FetchResponse toTwo = fetch(2, -1);
        mutation.onResponse(exchange(ApiKeys.FETCH), toTwo);
        FetchResponse toThree = fetch(3, -1);
        mutation.onResponse(exchange(ApiKeys.FETCH), toThree);

        // Neither the named replica nor the leader (1): the other follower, in another rack.
        assertThat(preferred(toTwo)).containsExactly(3, -1);
        assertThat(preferred(toThree)).containsExactly(2, -1);
        assertThat(toTwo.data().responses().get(0).partitions().get(0).highWatermark()).isEqualTo(40);
        assertThat(metadata.data().brokers()).extracting(MetadataResponseBroker::rack)
                .containsExactly("rack-1", "rack-2", "rack-3");
    }

    @Test
    void answersWithoutAPreferredReplicaOrAFollowerInAnotherRackAreLeftAlone() {
        var mutation = new PreferredReplicaInOtherRack();
        FetchResponse unseen = fetch(2, -1);
        mutation.onResponse(exchange(ApiKeys.FETCH), unseen);
        assertThat(preferred(unseen)).as("a partition no Metadata answer described").containsExactly(2, -1);

        mutation.onResponse(exchange(ApiKeys.METADATA), metadata());
        FetchResponse alone = fetch(-1, 1);
        mutation.onResponse(exchange(ApiKeys.FETCH), alone);
        assertThat(preferred(alone)).as("no preferred replica; a partition without another follower")
                .containsExactly(-1, 1);
    }

    /** OffsetForLeaderEpoch of partition 0 of t: asking about {@code epoch}, with {@code current} as the client's. */
    private static OffsetsForLeaderEpochRequest epochRequest(int replicaId, int current, int epoch) {
        OffsetForLeaderTopicCollection topics = new OffsetForLeaderTopicCollection();
        topics.add(new OffsetForLeaderTopic().setTopic("t").setPartitions(new ArrayList<>(List.of(
                new OffsetForLeaderPartition().setPartition(0).setCurrentLeaderEpoch(current).setLeaderEpoch(epoch)))));
        return new OffsetsForLeaderEpochRequest(new OffsetForLeaderEpochRequestData().setReplicaId(replicaId)
                .setTopics(topics), ApiKeys.OFFSET_FOR_LEADER_EPOCH.latestVersion());
    }

    private static OffsetForLeaderPartition asked(OffsetsForLeaderEpochRequest request) {
        return request.data().topics().iterator().next().partitions().get(0);
    }

    /** The broker's answer: epoch {@code epoch} ends at {@code end}. */
    private static OffsetsForLeaderEpochResponse epochAnswer(int epoch, long end) {
        OffsetForLeaderTopicResultCollection topics = new OffsetForLeaderTopicResultCollection();
        topics.add(new OffsetForLeaderTopicResult().setTopic("t").setPartitions(new ArrayList<>(List.of(
                new EpochEndOffset().setPartition(0).setLeaderEpoch(epoch).setEndOffset(end)))));
        return new OffsetsForLeaderEpochResponse(new OffsetForLeaderEpochResponseData().setTopics(topics));
    }

    private static EpochEndOffset answered(OffsetsForLeaderEpochResponse response) {
        return response.data().topics().iterator().next().partitions().get(0);
    }

    @Test
    void aConsumerAskingAboutAnOldEpochGetsTheLogEndUnderThatEpoch() {
        var mutation = new EpochsEndAtLogEnd();
        assertThat(mutation.interceptsRequest(ApiKeys.OFFSET_FOR_LEADER_EPOCH)).isTrue();
        assertThat(mutation.interceptsResponse(ApiKeys.OFFSET_FOR_LEADER_EPOCH)).isTrue();
        Exchange exchange = exchange(ApiKeys.OFFSET_FOR_LEADER_EPOCH);
        OffsetsForLeaderEpochRequest request = epochRequest(OffsetsForLeaderEpochRequest.CONSUMER_REPLICA_ID, 7, 3);

        RequestAction action = mutation.onRequest(exchange, request);

        assertThat(action.kind()).isEqualTo(RequestAction.Kind.FORWARD_CHANGED);
        assertThat(asked(request).leaderEpoch()).as("epoch the broker is asked about").isEqualTo(7);
        assertThat(asked(request).currentLeaderEpoch()).isEqualTo(7);
        // The broker answers the current epoch (7) with its log end offset, 12; the consumer sees epoch 3 end there.
        OffsetsForLeaderEpochResponse answer = epochAnswer(7, 12);
        mutation.onResponse(exchange, answer);
        assertThat(answered(answer).leaderEpoch()).isEqualTo(3);
        assertThat(answered(answer).endOffset()).isEqualTo(12);
    }

    @Test
    void brokersTheCurrentEpochAndUnknownCurrentEpochsPassUntouched() {
        var mutation = new EpochsEndAtLogEnd();
        OffsetsForLeaderEpochRequest follower = epochRequest(2, 7, 3);
        OffsetsForLeaderEpochRequest current = epochRequest(OffsetsForLeaderEpochRequest.CONSUMER_REPLICA_ID, 7, 7);
        OffsetsForLeaderEpochRequest unknown = epochRequest(OffsetsForLeaderEpochRequest.CONSUMER_REPLICA_ID, -1, 3);
        for (OffsetsForLeaderEpochRequest request : List.of(follower, current, unknown)) {
            Exchange exchange = exchange(ApiKeys.OFFSET_FOR_LEADER_EPOCH);
            int epoch = asked(request).leaderEpoch();
            mutation.onRequest(exchange, request);
            assertThat(asked(request).leaderEpoch()).isEqualTo(epoch);
            OffsetsForLeaderEpochResponse answer = epochAnswer(epoch, 5);
            mutation.onResponse(exchange, answer);
            assertThat(answered(answer).leaderEpoch()).isEqualTo(epoch);
            assertThat(answered(answer).endOffset()).isEqualTo(5);
        }
    }
}
