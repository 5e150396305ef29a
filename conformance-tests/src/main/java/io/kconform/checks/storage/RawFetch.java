package io.kconform.checks.storage;

import io.kconform.api.context.CheckContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Raw Fetch requests to one leader, shaped as the checks need them (a session's metadata, partitions to forget,
 * exact byte limits and waits), and what came back, partition by partition. The Java consumer hides all of these.
 */
final class RawFetch {

    private RawFetch() {
    }

    /** One Fetch answer: the top-level error, the session id, the partitions returned (in order), and its time. */
    record Answer(Errors error, int sessionId, Map<Integer, FetchResponseData.PartitionData> partitions, long millis) {

        /** Bytes of records returned for one partition (0 where it was not returned). */
        int bytes(int partition) {
            FetchResponseData.PartitionData data = partitions.get(partition);
            return data == null ? 0 : FetchResponse.recordsSize(data);
        }

        /** Whole batches returned for one partition. */
        List<RecordBatch> batches(int partition) {
            List<RecordBatch> batches = new ArrayList<>();
            FetchResponseData.PartitionData data = partitions.get(partition);
            if (data != null && data.records() != null) {
                FetchResponse.recordsOrFail(data).batches().forEach(batches::add);
            }
            return batches;
        }

        /** Offsets of the records of whole batches returned for one partition. */
        List<Long> offsets(int partition) {
            List<Long> offsets = new ArrayList<>();
            for (RecordBatch batch : batches(partition)) {
                for (Record record : batch) {
                    offsets.add(record.offset());
                }
            }
            return offsets;
        }

        /** One line for evidence. */
        String summary() {
            StringBuilder text = new StringBuilder(error + ", session " + sessionId + ", " + millis + " ms, partitions ");
            if (partitions.isEmpty()) {
                text.append("none");
            }
            partitions.forEach((p, data) -> text.append(p).append('=').append(Errors.forCode(data.errorCode()))
                    .append('/').append(bytes(p)).append(" B/offsets ").append(offsets(p)).append(' '));
            return text.toString().strip();
        }
    }

    /** A request: partition -> fetch offset, to add or update; the rest as named. */
    static Answer fetch(CheckContext ctx, LeaderWire wire, FetchMetadata session, Map<Integer, Long> offsets,
                        List<Integer> forget, int maxWaitMs, int minBytes, int maxBytes, int partitionMaxBytes) {
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.FETCH);
        Map<TopicPartition, FetchRequest.PartitionData> data = new LinkedHashMap<>();
        offsets.forEach((partition, offset) -> data.put(new TopicPartition(wire.topic(), partition),
                new FetchRequest.PartitionData(wire.topicId(), offset, -1, partitionMaxBytes, Optional.empty())));
        List<TopicIdPartition> removed = new ArrayList<>();
        forget.forEach(p -> removed.add(new TopicIdPartition(wire.topicId(), p, wire.topic())));
        FetchRequest.Builder request = FetchRequest.Builder.forConsumer(version, maxWaitMs, minBytes, data)
                .setMaxBytes(maxBytes).metadata(session).removed(removed).replaced(List.of());
        long start = System.nanoTime();
        FetchResponse response = (FetchResponse) wire.send(request, version);
        long millis = (System.nanoTime() - start) / 1_000_000;
        Map<Integer, FetchResponseData.PartitionData> partitions = new LinkedHashMap<>();
        if (response.error() == Errors.NONE) {
            response.responseData(Map.of(wire.topicId(), wire.topic()), version).forEach((tp, p) -> {
                if (tp.topic().equals(wire.topic())) {
                    partitions.put(tp.partition(), p);
                }
            });
        }
        return new Answer(response.error(), response.sessionId(), partitions, millis);
    }

    /** One batch of {@code count} records with values of {@code valueBytes} bytes each, uncompressed. */
    static MemoryRecords batch(String prefix, int count, int valueBytes) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            byte[] value = new byte[valueBytes];
            java.util.Arrays.fill(value, (byte) ('a' + i % 26));
            records[i] = new SimpleRecord(System.currentTimeMillis(),
                    (prefix + "-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), value);
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    /** The value size of each record of whole batches returned for one partition. */
    static List<Integer> valueSizes(Answer answer, int partition) {
        List<Integer> sizes = new ArrayList<>();
        for (RecordBatch batch : answer.batches(partition)) {
            for (Record record : batch) {
                ByteBuffer value = record.value();
                sizes.add(value == null ? -1 : value.remaining());
            }
        }
        return sizes;
    }
}
