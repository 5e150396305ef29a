package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kconform.harness.proxy.mutations.RewriteGroupConfig;
import io.kconform.harness.proxy.mutations.ShareAcknowledgementRewrite;
import io.kconform.harness.proxy.mutations.ShareDeliveryCountsFrozen;
import io.kconform.harness.proxy.mutations.ShareRecordsToTwoMembers;
import io.kconform.harness.proxy.mutations.SwallowShareOffsets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestPartition;
import org.apache.kafka.common.message.AlterShareGroupOffsetsRequestData.AlterShareGroupOffsetsRequestTopic;
import org.apache.kafka.common.message.AlterShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsRequestData.DeleteShareGroupOffsetsRequestTopic;
import org.apache.kafka.common.message.DeleteShareGroupOffsetsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.ShareAcknowledgeRequestData;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.message.ShareFetchRequestData.AcknowledgementBatch;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.message.ShareFetchResponseData.AcquiredRecords;
import org.apache.kafka.common.message.ShareFetchResponseData.PartitionData;
import org.apache.kafka.common.message.ShareFetchResponseData.ShareFetchableTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.AlterShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.DeleteShareGroupOffsetsRequest;
import org.apache.kafka.common.requests.DeleteShareGroupOffsetsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ShareAcknowledgeRequest;
import org.apache.kafka.common.requests.ShareFetchRequest;
import org.apache.kafka.common.requests.ShareFetchResponse;
import org.junit.jupiter.api.Test;

/** The share-group faults (KIP-932) on single messages, without a broker: each changes exactly what it names. */
class ShareGroupMutationsTest {

    private static final Uuid TOPIC = Uuid.randomUuid();
    private static final short FETCH_VERSION = ApiKeys.SHARE_FETCH.latestVersion();

    private static Exchange exchange(ApiKeys api, long connection) {
        return new Exchange(connection, new RequestHeader(api, api.latestVersion(), "client", 7), new TopicNames());
    }

    private static Exchange exchange(ApiKeys api) {
        return exchange(api, 1);
    }

    @Test
    void rejectsReachTheBrokerAsReleasesInShareFetchAndShareAcknowledgeAndNothingElseChanges() {
        var mutation = new ShareAcknowledgementRewrite(AcknowledgeType.REJECT, AcknowledgeType.RELEASE);
        assertThat(mutation.interceptsRequest(ApiKeys.SHARE_FETCH)).isTrue();
        assertThat(mutation.interceptsRequest(ApiKeys.SHARE_ACKNOWLEDGE)).isTrue();
        ShareFetchRequestData fetch = new ShareFetchRequestData().setGroupId("g").setMemberId("m");
        ShareFetchRequestData.FetchTopic topic = new ShareFetchRequestData.FetchTopic().setTopicId(TOPIC);
        topic.partitions().add(new ShareFetchRequestData.FetchPartition().setPartitionIndex(0)
                .setAcknowledgementBatches(new ArrayList<>(List.of(
                        new AcknowledgementBatch().setFirstOffset(0).setLastOffset(0)
                                .setAcknowledgeTypes(new ArrayList<>(List.of((byte) 3))),
                        new AcknowledgementBatch().setFirstOffset(1).setLastOffset(3)
                                .setAcknowledgeTypes(new ArrayList<>(List.of((byte) 1, (byte) 3, (byte) 2)))))));
        fetch.topics().add(topic);

        RequestAction action = mutation.onRequest(exchange(ApiKeys.SHARE_FETCH), new ShareFetchRequest(fetch,
                FETCH_VERSION));

        assertThat(action.kind()).isEqualTo(RequestAction.Kind.FORWARD_CHANGED);
        assertThat(fetch.topics().iterator().next().partitions().iterator().next().acknowledgementBatches())
                .extracting(AcknowledgementBatch::acknowledgeTypes)
                .containsExactly(List.of((byte) 2), List.of((byte) 1, (byte) 2, (byte) 2));

        ShareAcknowledgeRequestData acknowledge = new ShareAcknowledgeRequestData().setGroupId("g").setMemberId("m");
        ShareAcknowledgeRequestData.AcknowledgeTopic ackTopic = new ShareAcknowledgeRequestData.AcknowledgeTopic()
                .setTopicId(TOPIC);
        ackTopic.partitions().add(new ShareAcknowledgeRequestData.AcknowledgePartition().setPartitionIndex(0)
                .setAcknowledgementBatches(new ArrayList<>(List.of(new ShareAcknowledgeRequestData.AcknowledgementBatch()
                        .setFirstOffset(5).setLastOffset(6).setAcknowledgeTypes(new ArrayList<>(List.of((byte) 3)))))));
        acknowledge.topics().add(ackTopic);
        mutation.onRequest(exchange(ApiKeys.SHARE_ACKNOWLEDGE), new ShareAcknowledgeRequest(acknowledge,
                ApiKeys.SHARE_ACKNOWLEDGE.latestVersion()));
        assertThat(acknowledge.topics().iterator().next().partitions().iterator().next().acknowledgementBatches()
                .get(0).acknowledgeTypes()).containsExactly((byte) 2);

        ShareAcknowledgeRequestData accepts = new ShareAcknowledgeRequestData().setGroupId("g").setMemberId("m");
        ShareAcknowledgeRequestData.AcknowledgeTopic acceptTopic = new ShareAcknowledgeRequestData.AcknowledgeTopic()
                .setTopicId(TOPIC);
        acceptTopic.partitions().add(new ShareAcknowledgeRequestData.AcknowledgePartition().setPartitionIndex(0)
                .setAcknowledgementBatches(new ArrayList<>(List.of(new ShareAcknowledgeRequestData.AcknowledgementBatch()
                        .setFirstOffset(7).setLastOffset(7).setAcknowledgeTypes(new ArrayList<>(List.of((byte) 1)))))));
        accepts.topics().add(acceptTopic);
        assertThat(mutation.onRequest(exchange(ApiKeys.SHARE_ACKNOWLEDGE), new ShareAcknowledgeRequest(accepts,
                ApiKeys.SHARE_ACKNOWLEDGE.latestVersion())).kind()).as("a request without a REJECT")
                .isEqualTo(RequestAction.Kind.FORWARD);
        assertThat(accepts.topics().iterator().next().partitions().iterator().next().acknowledgementBatches()
                .get(0).acknowledgeTypes()).containsExactly((byte) 1);
    }

    @Test
    void everyAcquiredRangeIsAnsweredAsAFirstDelivery() {
        ShareFetchResponse response = fetchAnswer(partition(0, records(0, "a", "b", "c"),
                acquired(0, 1, 3), acquired(2, 2, 1)));
        var mutation = new ShareDeliveryCountsFrozen();
        assertThat(mutation.interceptsResponse(ApiKeys.SHARE_FETCH)).isTrue();

        mutation.onResponse(exchange(ApiKeys.SHARE_FETCH), response);

        assertThat(partitionOf(response, 0).acquiredRecords())
                .extracting(AcquiredRecords::firstOffset, AcquiredRecords::lastOffset, AcquiredRecords::deliveryCount)
                .containsExactly(tuple(0L, 1L, (short) 1), tuple(2L, 2L, (short) 1));
        assertThat(values(partitionOf(response, 0))).containsExactly("a", "b", "c");
    }

    @Test
    void recordsOneMemberAcquiredAreHandedOnceToAnotherMemberOfItsGroupOnly() {
        var mutation = new ShareRecordsToTwoMembers();
        assertThat(mutation.interceptsResponse(ApiKeys.SHARE_FETCH)).isTrue();
        ShareFetchResponse toA = fetchAnswer(partition(0, records(0, "a", "b"), acquired(0, 1, 1)));
        mutation.onResponse(fetchOf("g", "A"), toA);
        assertThat(values(partitionOf(toA, 0))).as("the first member's own answer").containsExactly("a", "b");

        ShareFetchResponse toOtherGroup = fetchAnswer();
        mutation.onResponse(fetchOf("h", "C"), toOtherGroup);
        assertThat(toOtherGroup.data().responses()).as("a member of another group's answer").isEmpty();

        ShareFetchResponse toB = fetchAnswer(partition(0, records(2, "c"), acquired(2, 2, 1)));
        mutation.onResponse(fetchOf("g", "B"), toB);
        assertThat(values(partitionOf(toB, 0))).as("the second member's answer").containsExactly("a", "b", "c");
        assertThat(partitionOf(toB, 0).acquiredRecords())
                .extracting(AcquiredRecords::firstOffset, AcquiredRecords::lastOffset, AcquiredRecords::deliveryCount)
                .containsExactly(tuple(0L, 1L, (short) 1), tuple(2L, 2L, (short) 1));

        ShareFetchResponse emptyToA = fetchAnswer();
        mutation.onResponse(fetchOf("g", "A"), emptyToA);
        assertThat(emptyToA.data().responses()).as("the first member's next, empty answer: what B acquired, c, is"
                + " handed to A").singleElement().satisfies(t -> assertThat(values(t.partitions().get(0)))
                .containsExactly("c"));

        ShareFetchResponse emptyToB = fetchAnswer();
        mutation.onResponse(fetchOf("g", "B"), emptyToB);
        assertThat(emptyToB.data().responses()).as("the second member's next answer: a and b were handed once")
                .isEmpty();
    }

    @Test
    void aGroupConfigReachesTheBrokerWithTheOtherValueAndTopicsAndOtherConfigsAreUntouched() {
        var mutation = new RewriteGroupConfig("share.delivery.count.limit", "10");
        IncrementalAlterConfigsRequestData data = new IncrementalAlterConfigsRequestData();
        AlterConfigsResource group = new AlterConfigsResource().setResourceType(ConfigResource.Type.GROUP.id())
                .setResourceName("g");
        group.configs().add(new AlterableConfig().setName("share.delivery.count.limit").setValue("2"));
        group.configs().add(new AlterableConfig().setName("share.auto.offset.reset").setValue("earliest"));
        AlterConfigsResource topic = new AlterConfigsResource().setResourceType(ConfigResource.Type.TOPIC.id())
                .setResourceName("t");
        topic.configs().add(new AlterableConfig().setName("share.delivery.count.limit").setValue("2"));
        data.resources().add(group);
        data.resources().add(topic);

        RequestAction action = mutation.onRequest(exchange(ApiKeys.INCREMENTAL_ALTER_CONFIGS),
                new IncrementalAlterConfigsRequest(data, ApiKeys.INCREMENTAL_ALTER_CONFIGS.latestVersion()));

        assertThat(action.kind()).isEqualTo(RequestAction.Kind.FORWARD_CHANGED);
        assertThat(group.configs()).extracting(AlterableConfig::name, AlterableConfig::value).containsExactly(
                tuple("share.delivery.count.limit", "10"), tuple("share.auto.offset.reset", "earliest"));
        assertThat(topic.configs()).extracting(AlterableConfig::value).containsExactly("2");
    }

    @Test
    void alterAndDeleteOfShareOffsetsAreAnsweredAsDoneWithoutReachingTheBroker() {
        var alter = new SwallowShareOffsets(ApiKeys.ALTER_SHARE_GROUP_OFFSETS, 2);
        AlterShareGroupOffsetsRequestData request = new AlterShareGroupOffsetsRequestData().setGroupId("g");
        request.topics().add(new AlterShareGroupOffsetsRequestTopic().setTopicName("t").setPartitions(List.of(
                new AlterShareGroupOffsetsRequestPartition().setPartitionIndex(0).setStartOffset(0),
                new AlterShareGroupOffsetsRequestPartition().setPartitionIndex(1).setStartOffset(0))));
        AlterShareGroupOffsetsRequest asked = new AlterShareGroupOffsetsRequest.Builder(request).build((short) 0);

        assertThat(alter.onRequest(exchange(ApiKeys.ALTER_SHARE_GROUP_OFFSETS, 1), asked).kind())
                .as("the first request on a connection").isEqualTo(RequestAction.Kind.FORWARD);
        assertThat(alter.onRequest(exchange(ApiKeys.ALTER_SHARE_GROUP_OFFSETS, 2), asked).kind())
                .as("the first request on another connection").isEqualTo(RequestAction.Kind.FORWARD);
        RequestAction second = alter.onRequest(exchange(ApiKeys.ALTER_SHARE_GROUP_OFFSETS, 1), asked);
        assertThat(second.kind()).isEqualTo(RequestAction.Kind.RESPOND);
        AlterShareGroupOffsetsResponseData altered = ((AlterShareGroupOffsetsResponse) second.response()).data();
        assertThat(altered.errorCode()).isZero();
        assertThat(altered.responses()).singleElement().satisfies(t -> {
            assertThat(t.topicName()).isEqualTo("t");
            assertThat(t.partitions()).extracting(p -> p.partitionIndex(), p -> p.errorCode())
                    .containsExactly(tuple(0, (short) 0), tuple(1, (short) 0));
        });

        var delete = new SwallowShareOffsets(ApiKeys.DELETE_SHARE_GROUP_OFFSETS);
        DeleteShareGroupOffsetsRequestData deleteData = new DeleteShareGroupOffsetsRequestData().setGroupId("g")
                .setTopics(List.of(new DeleteShareGroupOffsetsRequestTopic().setTopicName("t")));
        RequestAction deleted = delete.onRequest(exchange(ApiKeys.DELETE_SHARE_GROUP_OFFSETS),
                new DeleteShareGroupOffsetsRequest(deleteData, (short) 0));
        assertThat(deleted.kind()).isEqualTo(RequestAction.Kind.RESPOND);
        DeleteShareGroupOffsetsResponseData answer = ((DeleteShareGroupOffsetsResponse) deleted.response()).data();
        assertThat(answer.errorCode()).isZero();
        assertThat(answer.responses()).extracting(t -> t.topicName(), t -> t.errorCode())
                .containsExactly(tuple("t", (short) 0));
        assertThat(delete.interceptsRequest(ApiKeys.ALTER_SHARE_GROUP_OFFSETS)).isFalse();
        assertThatThrownBy(() -> new SwallowShareOffsets(ApiKeys.DESCRIBE_SHARE_GROUP_OFFSETS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Exchange fetchOf(String group, String member) {
        Exchange exchange = exchange(ApiKeys.SHARE_FETCH);
        exchange.request(new ShareFetchRequest(new ShareFetchRequestData().setGroupId(group).setMemberId(member),
                FETCH_VERSION));
        return exchange;
    }

    private static MemoryRecords records(long baseOffset, String... values) {
        // one batch per record, as the checks write them
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(1024 * values.length);
        for (int i = 0; i < values.length; i++) {
            out.put(MemoryRecords.withRecords(baseOffset + i, Compression.NONE,
                    new SimpleRecord(values[i].getBytes(StandardCharsets.UTF_8))).buffer());
        }
        out.flip();
        return MemoryRecords.readableRecords(out);
    }

    private static AcquiredRecords acquired(long first, long last, int deliveryCount) {
        return new AcquiredRecords().setFirstOffset(first).setLastOffset(last).setDeliveryCount((short) deliveryCount);
    }

    private static PartitionData partition(int index, MemoryRecords records, AcquiredRecords... acquired) {
        return new PartitionData().setPartitionIndex(index).setRecords(records)
                .setAcquiredRecords(new ArrayList<>(List.of(acquired)));
    }

    /** A ShareFetch answer as the proxy decodes it: serialized and parsed again. */
    private static ShareFetchResponse fetchAnswer(PartitionData... partitions) {
        ShareFetchResponseData data = new ShareFetchResponseData();
        if (partitions.length > 0) {
            data.responses().add(new ShareFetchableTopicResponse().setTopicId(TOPIC)
                    .setPartitions(new ArrayList<>(List.of(partitions))));
        }
        return ShareFetchResponse.parse(MessageUtil.toByteBufferAccessor(data, FETCH_VERSION), FETCH_VERSION);
    }

    private static PartitionData partitionOf(ShareFetchResponse response, int index) {
        return response.data().responses().find(TOPIC).partitions().stream().filter(p -> p.partitionIndex() == index)
                .findFirst().orElseThrow();
    }

    private static List<String> values(PartitionData partition) {
        List<String> values = new ArrayList<>();
        ((MemoryRecords) partition.records()).batches().forEach(batch -> {
            for (Record record : batch) {
                values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
            }
        });
        return values;
    }
}
