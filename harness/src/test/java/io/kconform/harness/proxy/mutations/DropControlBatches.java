package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Removes transaction markers (control batches) from fetched data. A read_committed consumer then
 * never learns that an aborted transaction ended, and keeps skipping that producer's later,
 * committed batches in the same fetch; every consumer's position stops short of a marker.
 */
public final class DropControlBatches extends NamedMutation {

    public DropControlBatches() {
        super("DropControlBatches", "drops transaction commit/abort markers from fetched data");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        for (FetchedPartition partition : FetchedPartition.of((FetchResponse) response)) {
            partition.records().ifPresent(records -> partition.data().setRecords(withoutMarkers(records)));
        }
        return response;
    }

    private static MemoryRecords withoutMarkers(MemoryRecords records) {
        BatchWriter out = new BatchWriter();
        for (MutableRecordBatch batch : records.batches()) {
            if (!batch.isControlBatch()) {
                out.copy(batch);
            }
        }
        return out.toRecords();
    }
}
