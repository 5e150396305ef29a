package io.kconform.harness.proxy.mutations;

import java.util.List;
import java.util.function.BiFunction;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ProduceResponse;

/** Builds Produce answers that the proxy gives without asking the broker. */
final class ProduceAnswers {

    private ProduceAnswers() {
    }

    /**
     * Answers every partition of a request, naming topics as the request did (by name before
     * version 13, by id from then on), so the client can match each answer to its batch.
     */
    static ProduceResponse answer(ProduceRequestData request,
                                  BiFunction<TopicProduceData, PartitionProduceData, PartitionProduceResponse> perPartition) {
        ProduceResponseData data = new ProduceResponseData();
        for (TopicProduceData topic : request.topicData()) {
            TopicProduceResponse answer = new TopicProduceResponse().setName(topic.name()).setTopicId(topic.topicId());
            for (PartitionProduceData partition : topic.partitionData()) {
                answer.partitionResponses().add(perPartition.apply(topic, partition));
            }
            data.responses().add(answer);
        }
        return new ProduceResponse(data);
    }

    /** A key for a topic partition, whichever way the request names the topic. */
    static String partitionKey(String topic, Uuid topicId, int partition) {
        return (topicId != null && !Uuid.ZERO_UUID.equals(topicId) ? topicId.toString() : topic) + "-" + partition;
    }

    static Iterable<? extends RecordBatch> batches(BaseRecords records) {
        return records instanceof MemoryRecords memory ? memory.batches() : List.of();
    }

    /** How many offsets the batches take, which the broker would assign. */
    static int offsetCount(BaseRecords records) {
        int count = 0;
        for (RecordBatch batch : batches(records)) {
            count += (int) (batch.lastOffset() - batch.baseOffset() + 1);
        }
        return count;
    }
}
