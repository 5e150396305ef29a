package io.kconform.harness.proxy.mutations;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;

/**
 * Collects record batches into new fetched records: batches copied as they are, or rebuilt with
 * other records but the original's batch-level fields, so that the consumer's CRC check passes and
 * transaction handling still works.
 */
final class BatchWriter {

    private static final int BASE_OFFSET_POSITION = 0; // the v2 batch header starts with it, outside the CRC

    private final ByteBufferOutputStream out = new ByteBufferOutputStream(1024);

    void copy(MutableRecordBatch batch) {
        batch.writeTo(out);
    }

    /** Copies a batch under another base offset; the base offset is not covered by the CRC. */
    void copyAt(MutableRecordBatch batch, long baseOffset) {
        int start = out.position();
        batch.writeTo(out);
        out.buffer().putLong(start + BASE_OFFSET_POSITION, baseOffset);
    }

    /**
     * Writes a batch of {@code records} that keeps the original's magic, codec, timestamp type,
     * producer id, epoch and base sequence, transactional and control flags and partition leader
     * epoch. Writes nothing when there are no records.
     *
     * @param baseOffset    the new batch's base offset, at most the first record's offset
     * @param logAppendTime the batch timestamp for LOG_APPEND_TIME batches; ignored for CREATE_TIME
     */
    void rebuild(RecordBatch original, long baseOffset, List<RecordData> records, long logAppendTime) {
        if (records.isEmpty()) {
            return;
        }
        boolean appendTime = original.timestampType() == TimestampType.LOG_APPEND_TIME;
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(original.sizeInBytes() + 64),
                original.magic(), Compression.of(original.compressionType()).build(), original.timestampType(),
                baseOffset, appendTime ? logAppendTime : RecordBatch.NO_TIMESTAMP,
                original.producerId(), original.producerEpoch(), original.baseSequence(),
                original.isTransactional(), original.isControlBatch(), original.partitionLeaderEpoch());
        for (RecordData r : records) {
            builder.appendWithOffset(r.offset(), r.timestamp(), r.key(), r.value(), r.headers());
        }
        out.write(builder.build().buffer());
    }

    static long logAppendTime(RecordBatch batch) {
        return batch.timestampType() == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp() : RecordBatch.NO_TIMESTAMP;
    }

    MemoryRecords toRecords() {
        ByteBuffer written = out.buffer().duplicate();
        written.flip();
        return MemoryRecords.readableRecords(written.slice());
    }
}
