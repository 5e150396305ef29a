package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.utils.internals.Crc32C;

/**
 * Turns idempotent produced batches into plain ones (producer id, epoch and base sequence -1), so
 * the broker can no longer recognise a retried batch and stores it again. Transactional batches are
 * left alone, because the broker refuses a transactional batch without a producer id; {@link
 * #alsoTransactions()} makes them plain too, as a target that accepts a transactional producer and
 * takes its writes as ordinary ones would: they are visible at once, never part of a transaction, and
 * get no markers.
 *
 * <p>Works on the batch bytes: the producer fields sit at fixed offsets of the v2 batch header and
 * are covered by the CRC, which is computed again.
 */
public final class StripIdempotence extends NamedMutation {

    // Offsets in the v2 record batch header (see DefaultRecordBatch); only CRC_OFFSET is public there.
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int PRODUCER_ID_OFFSET = 43;
    private static final int PRODUCER_EPOCH_OFFSET = 51;
    private static final int BASE_SEQUENCE_OFFSET = 53;

    private static final byte TRANSACTIONAL_FLAG = 0x10;

    private final boolean transactionsToo;

    public StripIdempotence() {
        this("StripIdempotence", "drops producer ids and sequence numbers from produced batches: retries are stored"
                + " twice", false);
    }

    private StripIdempotence(String name, String description, boolean transactionsToo) {
        super(name, description);
        this.transactionsToo = transactionsToo;
    }

    /** Makes transactional batches plain as well: transactional writes are taken as ordinary ones. */
    public static StripIdempotence alsoTransactions() {
        return new StripIdempotence("StripTransactions", "produced batches lose producer ids, sequences and the"
                + " transactional flag: transactions are ignored", true);
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.PRODUCE;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        ProduceRequest produce = (ProduceRequest) request;
        boolean changed = false;
        for (TopicProduceData topic : produce.data().topicData()) {
            for (PartitionProduceData partition : topic.partitionData()) {
                if (partition.records() instanceof MemoryRecords records && needsStripping(records)) {
                    partition.setRecords(strip(records));
                    changed = true;
                }
            }
        }
        return changed ? RequestAction.forward(produce) : RequestAction.forward();
    }

    private boolean needsStripping(MemoryRecords records) {
        for (RecordBatch batch : records.batches()) {
            if (strippable(batch)) {
                return true;
            }
        }
        return false;
    }

    private boolean strippable(RecordBatch batch) {
        return batch.magic() >= RecordBatch.MAGIC_VALUE_V2 && batch.hasProducerId()
                && (transactionsToo || !batch.isTransactional());
    }

    private MemoryRecords strip(MemoryRecords records) {
        // a copy: the original bytes belong to the frame the client sent
        ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
        copy.put(records.buffer().duplicate()).flip();
        MemoryRecords stripped = MemoryRecords.readableRecords(copy);
        int start = 0;
        for (MutableRecordBatch batch : stripped.batches()) {
            if (strippable(batch)) {
                // the transactional flag is in the low byte of the two-byte attributes
                int flags = start + ATTRIBUTES_OFFSET + 1;
                copy.put(flags, (byte) (copy.get(flags) & ~TRANSACTIONAL_FLAG));
                copy.putLong(start + PRODUCER_ID_OFFSET, RecordBatch.NO_PRODUCER_ID);
                copy.putShort(start + PRODUCER_EPOCH_OFFSET, RecordBatch.NO_PRODUCER_EPOCH);
                copy.putInt(start + BASE_SEQUENCE_OFFSET, RecordBatch.NO_SEQUENCE);
                long crc = Crc32C.compute(copy, start + ATTRIBUTES_OFFSET, batch.sizeInBytes() - ATTRIBUTES_OFFSET);
                copy.putInt(start + DefaultRecordBatch.CRC_OFFSET, (int) crc);
            }
            start += batch.sizeInBytes();
        }
        return stripped;
    }
}
