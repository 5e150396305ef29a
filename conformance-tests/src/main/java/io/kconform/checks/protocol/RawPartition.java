package io.kconform.checks.protocol;

import io.kconform.api.context.CheckContext;
import io.kconform.api.wire.WireClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

/**
 * Raw Produce and Fetch requests to the leader of one topic, at versions the check chooses, with
 * record batches the check built byte for byte: how error checks send what the Java clients refuse to
 * send (a batch with a broken CRC, zstd on an old Produce version) and see the error code itself
 * rather than the exception a client would make of it.
 */
final class RawPartition implements AutoCloseable {

    private final WireClient wire;
    private final String topic;
    private final Uuid topicId;

    private RawPartition(WireClient wire, String topic, Uuid topicId) {
        this.wire = wire;
        this.topic = topic;
        this.topicId = topicId;
    }

    /** Connects to the leader of partition 0 of {@code topic}. */
    static RawPartition leaderOf(CheckContext ctx, String topic) {
        TopicDescription description = ctx.describeTopic(topic);
        Node leader = description.partitions().get(0).leader();
        return new RawPartition(Wire.toNode(ctx, leader), topic, description.topicId());
    }


    Uuid topicId() {
        return topicId;
    }

    /**
     * Sends {@code records} to {@code partition} with acks=all at exactly {@code version}, without the
     * checks kafka-clients' own builder makes (it refuses zstd before v7), and returns the partition's
     * answer as the target gave it.
     */
    ProduceResponseData.PartitionProduceResponse produce(int partition, MemoryRecords records, short version) {
        return produce(topic, topicId, partition, records, version);
    }

    /** As {@link #produce(int, MemoryRecords, short)}, to any topic name or id, known to the target or not. */
    ProduceResponseData.PartitionProduceResponse produce(String topicName, Uuid id, int partition,
                                                         MemoryRecords records, short version) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData()
                .setName(topicName)
                .setTopicId(id)
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                        .setIndex(partition)
                        .setRecords(records))));
        ProduceRequestData request = new ProduceRequestData()
                .setAcks((short) -1)
                .setTimeoutMs(15_000)
                .setTransactionalId(null)
                .setTopicData(topics);
        ProduceResponseData response = ((ProduceResponse) wire.send(new Unvalidated(request, version), version)).data();
        for (ProduceResponseData.TopicProduceResponse topicResponse : response.responses()) {
            for (ProduceResponseData.PartitionProduceResponse answer : topicResponse.partitionResponses()) {
                if (answer.index() == partition) {
                    return answer;
                }
            }
        }
        throw new KafkaException("Produce v" + version + ": the response has no answer for partition " + partition
                + " of " + topicName + ": " + response);
    }

    /** Fetches partition {@code partition} of this topic from {@code offset} at exactly {@code version}. */
    FetchResponseData.PartitionData fetch(int partition, long offset, short version) {
        return fetch(topic, topicId, partition, offset, version);
    }

    /** Fetches one partition of any topic, named by name (before v13) and id (v13 on). */
    FetchResponseData.PartitionData fetch(String topicName, Uuid id, int partition, long offset, short version) {
        TopicPartition tp = new TopicPartition(topicName, partition);
        FetchRequest.Builder request = FetchRequest.Builder.forConsumer(version, 100, 1, Map.of(tp,
                        new FetchRequest.PartitionData(id, offset, -1, 1024 * 1024, Optional.empty())))
                .setMaxBytes(4 * 1024 * 1024);
        FetchResponse response = (FetchResponse) wire.send(request, version);
        if (response.error() != Errors.NONE) {
            // a top-level error is an answer too; the check compares it like a partition's
            return new FetchResponseData.PartitionData().setPartitionIndex(partition)
                    .setErrorCode(response.error().code());
        }
        FetchResponseData.PartitionData data = response.responseData(Map.of(id, topicName), version).get(tp);
        if (data == null) {
            throw new KafkaException("Fetch v" + version + ": the response has no data for " + tp);
        }
        return data;
    }

    /** One line for evidence. */
    static String describe(ProduceResponseData.PartitionProduceResponse response) {
        return Errors.forCode(response.errorCode()) + ", base offset " + response.baseOffset()
                + (response.errorMessage() == null ? "" : " (" + response.errorMessage() + ")");
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        wire.close();
    }

    /** Builds the request as given: kafka-clients' builder would validate the records for the version. */
    private static final class Unvalidated extends AbstractRequest.Builder<ProduceRequest> {
        private final ProduceRequestData data;

        Unvalidated(ProduceRequestData data, short version) {
            super(ApiKeys.PRODUCE, version, version);
            this.data = data;
        }

        @Override
        public ProduceRequest build(short version) {
            return new ProduceRequest(data, version);
        }
    }
}
