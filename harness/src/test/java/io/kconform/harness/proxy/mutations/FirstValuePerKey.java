package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * A key written once is never updated: in topics whose name ends with a given suffix, every fetched
 * record whose key an earlier record of the partition already had comes back with that earliest
 * record's value (and headers), as from a store that inserts a key once and ignores later writes to
 * it. Updates and tombstones of a key never show; offsets, timestamps and the records' number stay
 * as in the log, so consumers move on as usual. Records without a key, control batches and other
 * topics are untouched. What the first value of a key is, is learnt from the Fetch answers that went
 * through the proxy, to any client.
 */
public final class FirstValuePerKey extends NamedMutation {

    private final String topicSuffix;
    /** Per partition, per key: the record of that key with the lowest offset seen. */
    private final Map<String, Map<ByteBuffer, RecordData>> firsts = new HashMap<>();

    public FirstValuePerKey(String topicSuffix) {
        super("FirstValuePerKey[" + topicSuffix + "]", "records of topics named *" + topicSuffix + " come back with"
                + " the first value of their key: updates and tombstones never show");
        if (topicSuffix.isEmpty()) {
            throw new IllegalArgumentException("a topic suffix is needed: first-value-per-key=<suffix>");
        }
        this.topicSuffix = topicSuffix;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        for (FetchedPartition partition : FetchedPartition.of((FetchResponse) response)) {
            if (partition.topicName(exchange).map(name -> name.endsWith(topicSuffix)).orElse(false)) {
                partition.records().ifPresent(records -> partition.data().setRecords(stale(partition.key(), records)));
            }
        }
        return response;
    }

    /** Synchronized: consumers of one partition on several connections share what the first values are. */
    private synchronized MemoryRecords stale(String partition, MemoryRecords records) {
        Map<ByteBuffer, RecordData> byKey = firsts.computeIfAbsent(partition, p -> new HashMap<>());
        BatchWriter out = new BatchWriter();
        for (MutableRecordBatch batch : records.batches()) {
            if (batch.magic() < RecordBatch.MAGIC_VALUE_V2 || batch.isControlBatch()) {
                out.copy(batch);
                continue;
            }
            List<RecordData> served = RecordData.of(batch).stream().map(r -> firstOf(byKey, r)).toList();
            out.rebuild(batch, batch.baseOffset(), served, BatchWriter.logAppendTime(batch));
        }
        return out.toRecords();
    }

    private static RecordData firstOf(Map<ByteBuffer, RecordData> byKey, RecordData record) {
        if (record.key() == null) {
            return record;
        }
        ByteBuffer key = copy(record.key());
        RecordData first = byKey.get(key);
        if (first == null || first.offset() >= record.offset()) {
            byKey.put(key, record.withValue(copy(record.value())).withHeaders(copy(record.headers())));
            return record;
        }
        return record.withValue(first.value() == null ? null : first.value().duplicate()).withHeaders(first.headers());
    }

    /** Headers detached from the answer they came in, which the proxy does not keep. */
    private static Header[] copy(Header[] headers) {
        return Arrays.stream(headers).map(h -> new RecordHeader(h.key(), h.value())).toArray(Header[]::new);
    }

    private static ByteBuffer copy(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return ByteBuffer.wrap(bytes);
    }
}
