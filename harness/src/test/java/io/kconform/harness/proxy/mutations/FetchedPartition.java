package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchResponse;

/** One partition of a Fetch response, with what mutations ask of it. */
record FetchedPartition(FetchableTopicResponse topic, PartitionData data) {

    static List<FetchedPartition> of(FetchResponse response) {
        List<FetchedPartition> all = new ArrayList<>();
        for (FetchableTopicResponse topic : response.data().responses()) {
            for (PartitionData partition : topic.partitions()) {
                all.add(new FetchedPartition(topic, partition));
            }
        }
        return all;
    }

    /**
     * Names the partition by topic id where the response has one (v13 on), so that a topic deleted
     * and created again under the same name counts as a new one.
     */
    String key() {
        return ProduceAnswers.partitionKey(topic.topic(), topic.topicId(), data.partitionIndex());
    }

    Optional<String> topicName(Exchange exchange) {
        if (topic.topic() != null && !topic.topic().isEmpty()) {
            return Optional.of(topic.topic());
        }
        return Uuid.ZERO_UUID.equals(topic.topicId()) ? Optional.empty() : exchange.topicName(topic.topicId());
    }

    /** The fetched records, if there are any. */
    Optional<MemoryRecords> records() {
        return data.records() instanceof MemoryRecords records && records.sizeInBytes() > 0
                ? Optional.of(records) : Optional.empty();
    }
}
