package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Queue semantics instead of a log, like a broker that deletes on read: once records up to offset X
 * of a partition were delivered in any Fetch response, to any client, later Fetch responses leave
 * out every record at or below X. Another consumer group, or a consumer that seeks back, finds
 * nothing to replay. Internal topics (names starting with {@code __}) are left alone.
 */
public final class ForgetDeliveredRecords extends NamedMutation {

    private final Map<String, Long> deliveredUpTo = new HashMap<>();

    public ForgetDeliveredRecords() {
        super("ForgetDeliveredRecords", "records are gone once delivered: no replay, no second consumer group");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        for (FetchedPartition partition : FetchedPartition.of((FetchResponse) response)) {
            if (partition.topicName(exchange).map(name -> name.startsWith("__")).orElse(false)) {
                continue;
            }
            partition.records().ifPresent(records -> partition.data().setRecords(forget(partition.key(), records)));
        }
        return response;
    }

    /** Synchronized so that two consumers fetching at once cannot both get the same records. */
    private synchronized MemoryRecords forget(String partition, MemoryRecords records) {
        long upTo = deliveredUpTo.getOrDefault(partition, -1L);
        long delivered = upTo;
        BatchWriter out = new BatchWriter();
        for (MutableRecordBatch batch : records.batches()) {
            if (batch.lastOffset() <= upTo) {
                continue;
            }
            if (batch.baseOffset() > upTo || batch.isControlBatch()) {
                out.copy(batch);
            } else {
                out.rebuild(batch, batch.baseOffset(),
                        RecordData.of(batch).stream().filter(r -> r.offset() > upTo).toList(),
                        BatchWriter.logAppendTime(batch));
            }
            delivered = Math.max(delivered, batch.lastOffset());
        }
        deliveredUpTo.put(partition, delivered);
        return out.toRecords();
    }
}
