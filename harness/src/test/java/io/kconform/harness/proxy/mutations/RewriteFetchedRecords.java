package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;

/**
 * Changes the records consumers fetch while keeping every batch valid: each data batch is rebuilt
 * with the original's batch-level fields (so CRC checks and transaction handling still pass);
 * control batches are left as they are. The log on the broker is untouched.
 */
public final class RewriteFetchedRecords extends NamedMutation {

    private final UnaryOperator<List<RecordData>> rewrite;
    private final long timestampShiftMs;
    private final OffsetStride stride;
    private final Predicate<RecordBatch> rewritten;

    private RewriteFetchedRecords(String name, String description, UnaryOperator<List<RecordData>> rewrite,
                                  long timestampShiftMs, int stride) {
        this(name, description, rewrite, timestampShiftMs, stride, batch -> true);
    }

    private RewriteFetchedRecords(String name, String description, UnaryOperator<List<RecordData>> rewrite,
                                  long timestampShiftMs, int stride, Predicate<RecordBatch> rewritten) {
        super(name, description);
        this.rewrite = rewrite;
        this.timestampShiftMs = timestampShiftMs;
        this.stride = new OffsetStride(stride);
        this.rewritten = rewritten;
    }

    /** Consumers get every record without its headers. */
    public static RewriteFetchedRecords dropHeaders() {
        return new RewriteFetchedRecords("RewriteFetchedRecords[dropHeaders]", "fetched records lose their headers",
                records -> records.stream().map(r -> r.withHeaders(Record.EMPTY_HEADERS)).toList(), 0, 1);
    }

    /**
     * Consumers get every timestamp moved by {@code delta}; the timestamp type stays, and a
     * LOG_APPEND_TIME batch's append time moves too.
     */
    public static RewriteFetchedRecords shiftTimestamps(Duration delta) {
        long ms = delta.toMillis();
        return new RewriteFetchedRecords("RewriteFetchedRecords[shiftTimestamps " + delta + "]",
                "fetched record timestamps are off by " + delta,
                records -> records.stream().map(r -> r.withTimestamp(r.timestamp() + ms)).toList(), ms, 1);
    }

    /**
     * Consumers get each batch's records in reverse order under ascending offsets: keys, values and
     * headers are permuted, offsets and timestamps stay where they were.
     */
    public static RewriteFetchedRecords reverseWithinBatches() {
        return new RewriteFetchedRecords("RewriteFetchedRecords[reverseWithinBatches]",
                "records within a batch are delivered out of produce order", records -> {
                    List<RecordData> reversed = new ArrayList<>();
                    for (int i = 0; i < records.size(); i++) {
                        reversed.add(records.get(i).withContentOf(records.get(records.size() - 1 - i)));
                    }
                    return reversed;
                }, 0, 1);
    }

    /**
     * Consumers see broker offset {@code o} as {@code o * stride}, so consecutive records are
     * {@code stride} apart. Fetch offsets, ListOffsets and OffsetsForLeaderEpoch answers are
     * translated too, so that consumers keep moving forward through the gaps.
     */
    public static RewriteFetchedRecords renumberOffsets(int stride) {
        if (stride < 2) {
            throw new IllegalArgumentException("a stride of at least 2 makes gaps, not " + stride);
        }
        return new RewriteFetchedRecords("RewriteFetchedRecords[renumberOffsets x" + stride + "]",
                "fetched offsets have gaps (" + stride + " apart) although the log has none",
                records -> records.stream().map(r -> r.withOffset(r.offset() * stride)).toList(), 0, stride);
    }

    /**
     * Consumers get the records of batches compressed with {@code codec} with every value's second half
     * zeroed, as from a target whose codec loses the end of what it decompresses; batches of other codecs
     * are untouched. The batch is rebuilt with the same codec and a valid CRC, so only a comparison of
     * the data notices.
     */
    public static RewriteFetchedRecords garbleCodec(CompressionType codec) {
        return new RewriteFetchedRecords("RewriteFetchedRecords[garble " + codec.name + "]",
                "values of fetched records compressed with " + codec.name + " come back garbled",
                records -> records.stream().map(r -> r.withValue(secondHalfZeroed(r.value()))).toList(), 0, 1,
                batch -> batch.compressionType() == codec);
    }

    /**
     * Consumers get every value longer than {@code maxBytes} cut to its first {@code maxBytes} bytes, as
     * from a target that stores or serves records only up to a size without refusing larger ones.
     */
    public static RewriteFetchedRecords truncateValues(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("a value cannot be cut to " + maxBytes + " bytes");
        }
        return new RewriteFetchedRecords("RewriteFetchedRecords[truncateValues " + maxBytes + "]",
                "fetched values longer than " + maxBytes + " bytes are cut to " + maxBytes,
                records -> records.stream().map(r -> r.withValue(truncated(r.value(), maxBytes))).toList(), 0, 1);
    }

    /**
     * Consumers never see a tombstone (a record with a null value): it is left out of its batch, as from
     * a target that removes a deleted key at once instead of keeping the tombstone for
     * {@code delete.retention.ms}. The other records keep their offsets.
     */
    public static RewriteFetchedRecords dropTombstones() {
        return new RewriteFetchedRecords("RewriteFetchedRecords[dropTombstones]", "tombstones are never fetched",
                records -> records.stream().filter(r -> r.value() != null).toList(), 0, 1);
    }

    /**
     * Consumers see only the last record of each key within a batch: a record whose key comes again later in
     * the same batch is left out, as from a target that compacts on arrival, ignoring
     * {@code min.compaction.lag.ms}. Records without a key, and offsets, are untouched.
     */
    public static RewriteFetchedRecords compactOnRead() {
        return new RewriteFetchedRecords("RewriteFetchedRecords[compactOnRead]",
                "overwritten records are never fetched, however young", records -> {
                    List<RecordData> kept = new ArrayList<>();
                    for (int i = 0; i < records.size(); i++) {
                        ByteBuffer key = records.get(i).key();
                        boolean overwritten = key != null && records.subList(i + 1, records.size()).stream()
                                .anyMatch(later -> key.equals(later.key()));
                        if (!overwritten) {
                            kept.add(records.get(i));
                        }
                    }
                    return kept;
                }, 0, 1);
    }

    private static ByteBuffer secondHalfZeroed(ByteBuffer value) {
        if (value == null || value.remaining() < 2) {
            return value;
        }
        byte[] bytes = new byte[value.remaining()];
        value.duplicate().get(bytes);
        Arrays.fill(bytes, bytes.length / 2, bytes.length, (byte) 0);
        return ByteBuffer.wrap(bytes);
    }

    private static ByteBuffer truncated(ByteBuffer value, int maxBytes) {
        if (value == null || value.remaining() <= maxBytes) {
            return value;
        }
        ByteBuffer cut = value.duplicate();
        cut.limit(cut.position() + maxBytes);
        return cut.slice();
    }

    private boolean renumbers() {
        return stride.toClient(1) != 1;
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        // ListOffsets requests are only read, to know in the answer which offset was asked for.
        return renumbers() && (apiKey == ApiKeys.FETCH || apiKey == ApiKeys.LIST_OFFSETS);
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH
                || renumbers() && (apiKey == ApiKeys.LIST_OFFSETS || apiKey == ApiKeys.OFFSET_FOR_LEADER_EPOCH);
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        if (request instanceof FetchRequest fetch) {
            stride.onFetchRequest(fetch);
            return RequestAction.forward(fetch);
        }
        return RequestAction.forward();
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        if (response instanceof FetchResponse fetch) {
            for (FetchedPartition partition : FetchedPartition.of(fetch)) {
                partition.records().ifPresent(records -> partition.data().setRecords(rewrite(records)));
                if (renumbers()) {
                    stride.onFetchedPartition(partition.data());
                }
            }
        } else if (response instanceof ListOffsetsResponse list) {
            stride.onListOffsets((ListOffsetsRequest) exchange.request().orElseThrow(), list.data());
        } else if (response instanceof OffsetsForLeaderEpochResponse epochs) {
            stride.onOffsetsForLeaderEpoch(epochs.data());
        }
        return response;
    }

    private MemoryRecords rewrite(MemoryRecords records) {
        BatchWriter out = new BatchWriter();
        for (MutableRecordBatch batch : records.batches()) {
            if (batch.magic() < RecordBatch.MAGIC_VALUE_V2) {
                out.copy(batch); // Kafka 4 stores nothing older; rebuilding would change the format
            } else if (batch.isControlBatch() || !rewritten.test(batch)) {
                out.copyAt(batch, stride.toClient(batch.baseOffset()));
            } else {
                long appendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME
                        ? batch.maxTimestamp() + timestampShiftMs : RecordBatch.NO_TIMESTAMP;
                out.rebuild(batch, stride.toClient(batch.baseOffset()), rewrite.apply(RecordData.of(batch)), appendTime);
            }
        }
        return out.toRecords();
    }
}
