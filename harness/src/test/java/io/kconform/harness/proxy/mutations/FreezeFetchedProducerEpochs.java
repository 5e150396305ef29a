package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.utils.internals.Crc32C;

/**
 * Serves every fetched batch that carries a producer id, data and transaction markers alike, with
 * producer epoch 0: the log as a target that finalizes {@code transaction.version} 2 but never bumps the
 * epoch per transaction (KIP-890 part 2) would hold it, each transaction of a new transactional id at the
 * epoch InitProducerId gave. The broker behind still bumps; what a client fetches says it did not.
 *
 * <p>Works on the batch bytes: the epoch sits at a fixed offset of the v2 batch header and is covered by
 * the CRC, which is computed again, so the batches stay valid.
 */
public final class FreezeFetchedProducerEpochs extends NamedMutation {

    // Offsets in the v2 record batch header (see DefaultRecordBatch); only CRC_OFFSET is public there.
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int PRODUCER_EPOCH_OFFSET = 51;

    public FreezeFetchedProducerEpochs() {
        super("FreezeFetchedProducerEpochs", "fetched batches and markers all carry producer epoch 0: no bump per"
                + " transaction in the log");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        for (FetchedPartition partition : FetchedPartition.of((FetchResponse) response)) {
            partition.records().ifPresent(records -> partition.data().setRecords(frozen(records)));
        }
        return response;
    }

    private static MemoryRecords frozen(MemoryRecords records) {
        // a copy: the original bytes belong to the frame the broker sent
        ByteBuffer copy = ByteBuffer.allocate(records.sizeInBytes());
        copy.put(records.buffer().duplicate()).flip();
        MemoryRecords frozen = MemoryRecords.readableRecords(copy);
        int start = 0;
        for (MutableRecordBatch batch : frozen.batches()) {
            if (batch.magic() >= RecordBatch.MAGIC_VALUE_V2 && batch.hasProducerId()) {
                copy.putShort(start + PRODUCER_EPOCH_OFFSET, (short) 0);
                long crc = Crc32C.compute(copy, start + ATTRIBUTES_OFFSET, batch.sizeInBytes() - ATTRIBUTES_OFFSET);
                copy.putInt(start + DefaultRecordBatch.CRC_OFFSET, (int) crc);
            }
            start += batch.sizeInBytes();
        }
        return frozen;
    }
}
