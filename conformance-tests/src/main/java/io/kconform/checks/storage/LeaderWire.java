package io.kconform.checks.storage;

import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.NotApplicableException;
import io.kconform.api.wire.WireClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

/**
 * Raw requests to the broker that leads some partitions of one topic, at versions the check chooses: how the
 * storage checks ask what the Java clients do not expose (ListOffsets at an old version or with a tiered-storage
 * sentinel, OffsetForLeaderEpoch, Fetch with a session of their own, Produce with an exact acks) and see each
 * error code as the target gave it. Not thread-safe: one caller at a time; every request is bounded.
 */
final class LeaderWire implements AutoCloseable {

    /** How long connecting and one request may take: above every fetch wait the checks ask for. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final WireClient wire;
    private final String topic;
    private final Uuid topicId;
    private final List<Integer> partitions;

    private LeaderWire(WireClient wire, String topic, Uuid topicId, List<Integer> partitions) {
        this.wire = wire;
        this.topic = topic;
        this.topicId = topicId;
        this.partitions = partitions;
    }

    /** Connects to the leader of partition 0 of {@code topic}. */
    static LeaderWire leaderOf(CheckContext ctx, String topic) {
        return leaderOfSome(ctx, topic, 1);
    }

    /**
     * Connects to a broker that leads at least {@code wanted} partitions of {@code topic}, so that one Fetch can
     * ask for several partitions (a request for a partition another broker leads is answered NOT_LEADER).
     *
     * @throws NotApplicableException when no broker leads that many (the topic needs more partitions)
     */
    static LeaderWire leaderOfSome(CheckContext ctx, String topic, int wanted) {
        TopicDescription description = ctx.describeTopic(topic);
        Map<Node, List<Integer>> byLeader = new LinkedHashMap<>();
        for (TopicPartitionInfo partition : description.partitions()) {
            if (partition.leader() != null && !partition.leader().isEmpty()) {
                byLeader.computeIfAbsent(partition.leader(), n -> new ArrayList<>()).add(partition.partition());
            }
        }
        for (Map.Entry<Node, List<Integer>> entry : byLeader.entrySet()) {
            if (entry.getValue().size() >= wanted) {
                Node leader = entry.getKey();
                WireClient wire = WireClient.connect(leader.host(), leader.port(), ctx.target().clientProperties(),
                        TIMEOUT, "kconform-storage-wire");
                return new LeaderWire(wire, topic, description.topicId(),
                        List.copyOf(entry.getValue().subList(0, wanted)));
            }
        }
        throw new NotApplicableException("no broker leads " + wanted + " partitions of " + topic + " (leaders: "
                + byLeader + ")");
    }

    String topic() {
        return topic;
    }

    Uuid topicId() {
        return topicId;
    }

    /** The partitions this broker leads that the check may use, as many as asked for. */
    List<Integer> partitions() {
        return partitions;
    }

    /** Sends one request at exactly {@code version} and returns the answer. */
    <T extends AbstractRequest> AbstractResponse send(AbstractRequest.Builder<T> builder, short version) {
        return wire.send(builder, version);
    }

    /** ListOffsets at exactly {@code version} for one partition and one timestamp (or sentinel). */
    ListOffsetsPartitionResponse listOffsets(int partition, long timestamp, short version) {
        ListOffsetsTopic asked = new ListOffsetsTopic().setName(topic).setPartitions(List.of(
                new ListOffsetsPartition().setPartitionIndex(partition).setTimestamp(timestamp)));
        // forConsumer chooses an oldest version by the sentinels; the wire sends exactly the version given.
        ListOffsetsRequest.Builder builder = ListOffsetsRequest.Builder
                .forConsumer(false, IsolationLevel.READ_UNCOMMITTED)
                .setTargetTimes(List.of(asked));
        ListOffsetsResponse response = (ListOffsetsResponse) wire.send(new AnyVersion<>(builder), version);
        for (ListOffsetsTopicResponse topicResponse : response.topics()) {
            for (ListOffsetsPartitionResponse answer : topicResponse.partitions()) {
                if (topicResponse.name().equals(topic) && answer.partitionIndex() == partition) {
                    return answer;
                }
            }
        }
        throw new KafkaException("ListOffsets v" + version + ": the response has no answer for partition " + partition
                + " of " + topic + ": " + response.data());
    }

    /** Metadata of one partition of the topic, at the newest version both sides know. */
    MetadataResponsePartition metadata(CheckContext ctx, int partition) {
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.METADATA);
        MetadataResponse response = (MetadataResponse) wire.send(new MetadataRequest.Builder(List.of(topic), false),
                version);
        for (MetadataResponseTopic t : response.data().topics()) {
            if (topic.equals(t.name())) {
                for (MetadataResponsePartition p : t.partitions()) {
                    if (p.partitionIndex() == partition) {
                        return p;
                    }
                }
            }
        }
        throw new KafkaException("Metadata v" + version + ": the response has no partition " + partition + " of "
                + topic + ": " + response.data());
    }

    /** Produce of {@code records} to one partition with exactly {@code acks}, at the newest common version. */
    ProduceResponseData.PartitionProduceResponse produce(CheckContext ctx, int partition, MemoryRecords records,
                                                         short acks) {
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE);
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setTopicId(topicId)
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData().setIndex(partition)
                        .setRecords(records))));
        ProduceRequestData request = new ProduceRequestData().setAcks(acks).setTimeoutMs(10_000)
                .setTransactionalId(null).setTopicData(topics);
        ProduceResponseData response = ((ProduceResponse) wire.send(ProduceRequest.builder(request), version)).data();
        for (ProduceResponseData.TopicProduceResponse topicResponse : response.responses()) {
            for (ProduceResponseData.PartitionProduceResponse answer : topicResponse.partitionResponses()) {
                if (answer.index() == partition) {
                    return answer;
                }
            }
        }
        throw new KafkaException("Produce v" + version + ": the response has no answer for partition " + partition
                + " of " + topic + ": " + response);
    }

    @Override
    public void close() {
        wire.close();
    }

    /** Lets a builder build any version: the check, not the builder, decides what is asked. */
    private static final class AnyVersion<T extends AbstractRequest> extends AbstractRequest.Builder<T> {
        private final AbstractRequest.Builder<T> delegate;

        AnyVersion(AbstractRequest.Builder<T> delegate) {
            super(delegate.apiKey(), delegate.apiKey().oldestVersion(), delegate.apiKey().latestVersion());
            this.delegate = delegate;
        }

        @Override
        public T build(short version) {
            return delegate.build(version);
        }
    }
}
