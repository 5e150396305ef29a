package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.utils.internals.Crc32C;

/**
 * Lets a transactional write of a stale epoch in: a target whose partition leaders do not fence a producer's
 * old epoch (no KIP-890 defence), so that a late write of a finished transaction is taken into the producer's
 * next one. The broker behind does fence, and a proxy cannot make it append a batch of an epoch it left
 * behind; so the proxy re-stamps the batch to what such a target would do with it: it remembers, per producer
 * id, the newest epoch the coordinator gave (InitProducerId answers, and EndTxn v5 answers, which carry the
 * epoch bumped at the end of a transaction) and the next sequence it saw forwarded at that epoch per
 * partition, and a transactional batch of an older epoch goes on with that epoch and that sequence. The
 * broker then appends it, in a new transaction of the producer.
 *
 * <p>Works on the batch bytes: epoch and base sequence sit at fixed offsets of the v2 batch header and are
 * covered by the CRC, which is computed again.
 */
public final class RestampStaleTransactionalEpochs extends NamedMutation {

    // Offsets in the v2 record batch header (see DefaultRecordBatch); only CRC_OFFSET is public there.
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int PRODUCER_EPOCH_OFFSET = 51;
    private static final int BASE_SEQUENCE_OFFSET = 53;

    /** Per producer id, the newest epoch the coordinator answered. */
    private final Map<Long, Short> epochs = new ConcurrentHashMap<>();
    /** Per producer id, epoch and partition, the sequence after the last batch forwarded. */
    private final Map<String, Integer> nextSequences = new ConcurrentHashMap<>();

    public RestampStaleTransactionalEpochs() {
        super("RestampStaleTransactionalEpochs", "a transactional batch of an epoch older than the coordinator's"
                + " newest for its producer is forwarded re-stamped with that epoch: stale writes are not fenced");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.PRODUCE;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.INIT_PRODUCER_ID || apiKey == ApiKeys.END_TXN;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        if (response instanceof InitProducerIdResponse init && init.data().errorCode() == Errors.NONE.code()) {
            newest(init.data().producerId(), init.data().producerEpoch());
        } else if (response instanceof EndTxnResponse end && end.data().errorCode() == Errors.NONE.code()) {
            newest(end.data().producerId(), end.data().producerEpoch()); // -1 before v5: ignored
        }
        return response;
    }

    private void newest(long producerId, short epoch) {
        if (producerId >= 0 && epoch >= 0) {
            epochs.merge(producerId, epoch, (a, b) -> (short) Math.max(a, b));
        }
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        ProduceRequest produce = (ProduceRequest) request;
        boolean changed = false;
        for (TopicProduceData topic : produce.data().topicData()) {
            for (PartitionProduceData partition : topic.partitionData()) {
                if (partition.records() instanceof MemoryRecords records) {
                    String key = topic.name() + "/" + topic.topicId() + "/" + partition.index();
                    MemoryRecords restamped = restamped(records, key);
                    if (restamped != records) {
                        partition.setRecords(restamped);
                        changed = true;
                    }
                }
            }
        }
        return changed ? RequestAction.forward(produce) : RequestAction.forward();
    }

    /** The records with each stale transactional batch re-stamped, or the same records when none is stale. */
    private MemoryRecords restamped(MemoryRecords records, String partitionKey) {
        // a copy: the original bytes belong to the frame the client sent
        ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
        copy.put(records.buffer().duplicate()).flip();
        MemoryRecords result = MemoryRecords.readableRecords(copy);
        boolean changed = false;
        int start = 0;
        for (MutableRecordBatch batch : result.batches()) {
            if (batch.magic() >= RecordBatch.MAGIC_VALUE_V2 && batch.isTransactional() && batch.hasProducerId()) {
                Short newest = epochs.get(batch.producerId());
                short epoch = batch.producerEpoch();
                if (newest != null && epoch < newest) {
                    String key = batch.producerId() + "/" + newest + "/" + partitionKey;
                    int sequence = nextSequences.getOrDefault(key, 0);
                    copy.putShort(start + PRODUCER_EPOCH_OFFSET, newest);
                    copy.putInt(start + BASE_SEQUENCE_OFFSET, sequence);
                    long crc = Crc32C.compute(copy, start + ATTRIBUTES_OFFSET, batch.sizeInBytes() - ATTRIBUTES_OFFSET);
                    copy.putInt(start + DefaultRecordBatch.CRC_OFFSET, (int) crc);
                    nextSequences.put(key, sequence + batch.countOrNull());
                    changed = true;
                } else {
                    nextSequences.put(batch.producerId() + "/" + epoch + "/" + partitionKey, batch.lastSequence() + 1);
                }
            }
            start += batch.sizeInBytes();
        }
        return changed ? result : records;
    }
}
