package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Gets the time or size limits of Fetch wrong, as a target with a simplistic fetch path would: it answers at once
 * whatever min_bytes asks (no long polling), ignores max_bytes and partition_max_bytes (answers as much as it has),
 * or obeys them strictly, returning nothing for a partition whose first batch is larger than its limit (no KIP-74
 * exception: a consumer is stuck at that offset). Only consumer fetches are touched; the log is not.
 */
public final class MisstateFetchLimits extends NamedMutation {

    private enum Fault { AT_ONCE, IGNORE_MAX_BYTES, STRICT_MAX_BYTES }

    private final Fault fault;
    /**
     * Each partition's limit as last asked: an incremental fetch (KIP-227) names only partitions that changed, and
     * the session keeps the others' limits, so this does too (across connections; keys carry the topic id).
     */
    private final Map<String, Integer> partitionLimits = new ConcurrentHashMap<>();

    private MisstateFetchLimits(Fault fault, String name, String description) {
        super(name, description);
        this.fault = fault;
    }

    /** Every Fetch reaches the broker with max_wait_ms 0: answered at once, data or not. */
    public static MisstateFetchLimits answerAtOnce() {
        return new MisstateFetchLimits(Fault.AT_ONCE, "FetchAnswersAtOnce",
                "answers every Fetch at once, ignoring min_bytes and max_wait_ms");
    }

    /** Every Fetch reaches the broker with max_bytes and partition_max_bytes raised to 64 MiB. */
    public static MisstateFetchLimits ignoreMaxBytes() {
        return new MisstateFetchLimits(Fault.IGNORE_MAX_BYTES, "FetchIgnoresMaxBytes",
                "ignores max_bytes and partition_max_bytes: answers as many bytes as there are");
    }

    /** A partition whose records exceed its partition_max_bytes, or the rest of max_bytes, gets no records. */
    public static MisstateFetchLimits strictMaxBytes() {
        return new MisstateFetchLimits(Fault.STRICT_MAX_BYTES, "FetchStrictMaxBytes",
                "never exceeds max_bytes or partition_max_bytes, not even for a first batch larger than them");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        // STRICT_MAX_BYTES reads the limits off the request when the response comes, so it needs it decoded too.
        return apiKey == ApiKeys.FETCH;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH && fault == Fault.STRICT_MAX_BYTES;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        FetchRequest fetch = (FetchRequest) request;
        if (fault == Fault.STRICT_MAX_BYTES || fetch.replicaId() >= 0) {
            return RequestAction.forward();
        }
        if (fault == Fault.AT_ONCE) {
            fetch.data().setMaxWaitMs(0);
        } else {
            fetch.data().setMaxBytes(64 * 1024 * 1024);
            for (FetchTopic topic : fetch.data().topics()) {
                topic.partitions().forEach(p -> p.setPartitionMaxBytes(64 * 1024 * 1024));
            }
        }
        return RequestAction.forward(fetch);
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        FetchRequest request = (FetchRequest) exchange.request().orElse(null);
        if (request == null || request.replicaId() >= 0) {
            return response;
        }
        for (FetchTopic topic : request.data().topics()) {
            for (FetchPartition p : topic.partitions()) {
                partitionLimits.put(key(topic.topic(), topic.topicId().toString(), p.partition()), p.partitionMaxBytes());
            }
        }
        long left = request.data().maxBytes();
        for (FetchableTopicResponse topic : ((FetchResponse) response).data().responses()) {
            for (PartitionData p : topic.partitions()) {
                int size = FetchResponse.recordsSize(p);
                Integer limit = partitionLimits.get(key(topic.topic(), topic.topicId().toString(), p.partitionIndex()));
                if (size > 0 && (size > left || (limit != null && size > limit))) {
                    p.setRecords(MemoryRecords.EMPTY);
                } else {
                    left -= size;
                }
            }
        }
        return response;
    }

    private static String key(String topic, String topicId, int partition) {
        return (topic == null || topic.isEmpty() ? topicId : topic) + "-" + partition;
    }
}
