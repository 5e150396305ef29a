package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Serves a Fetch from inside a batch with that batch cut at the offset asked for: the records
 * before it are dropped and the rest rebuilt into a valid batch starting there, as a target that
 * stores records rather than batches would. Consumers still read the right records; the batch is no
 * longer the one that was produced.
 */
public final class TrimFetchedBatches extends NamedMutation {

    /** Fetch offsets by partition key, kept with the exchange for its response. */
    private record Asked(Map<String, Long> offsets) {
    }

    public TrimFetchedBatches() {
        super("TrimFetchedBatches", "a fetch from inside a batch returns the batch cut at the offset asked for");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        Map<String, Long> offsets = new HashMap<>();
        for (FetchTopic topic : ((FetchRequest) request).data().topics()) {
            for (FetchPartition partition : topic.partitions()) {
                offsets.put(ProduceAnswers.partitionKey(topic.topic(), topic.topicId(), partition.partition()),
                        partition.fetchOffset());
            }
        }
        exchange.attach(this, new Asked(offsets));
        return RequestAction.forward();
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        Map<String, Long> offsets = exchange.attachment(this, Asked.class).map(Asked::offsets).orElse(Map.of());
        for (FetchedPartition partition : FetchedPartition.of((FetchResponse) response)) {
            Long asked = offsets.get(partition.key());
            if (asked != null) {
                partition.records().ifPresent(records -> partition.data().setRecords(trim(records, asked)));
            }
        }
        return response;
    }

    private static MemoryRecords trim(MemoryRecords records, long asked) {
        BatchWriter out = new BatchWriter();
        for (MutableRecordBatch batch : records.batches()) {
            if (batch.baseOffset() >= asked || batch.lastOffset() < asked || batch.isControlBatch()
                    || batch.magic() < RecordBatch.MAGIC_VALUE_V2) {
                out.copy(batch);
            } else {
                List<RecordData> kept = RecordData.of(batch).stream().filter(r -> r.offset() >= asked).toList();
                out.rebuild(batch, asked, kept, BatchWriter.logAppendTime(batch));
            }
        }
        return out.toRecords();
    }
}
