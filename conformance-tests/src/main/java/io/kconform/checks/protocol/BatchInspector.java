package io.kconform.checks.protocol;

import io.kconform.api.context.CheckContext;
import io.kconform.api.wire.WireClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Fetches a partition with raw Fetch requests, as a consumer would, and looks at the record batches
 * themselves: how many, which codec, whether each one's CRC holds and whether it decompresses. The
 * Java consumer hides all of this; a report reader wants to see that a zstd batch really was zstd.
 */
final class BatchInspector {

    private static final int MAX_ROUNDS = 200;

    /**
     * What the raw fetches returned.
     *
     * @param fetchVersion the Fetch version used
     * @param batches      how many batches
     * @param codecs       batches by compression codec name
     * @param bytes        the batches' size on the wire
     * @param records      the records decompressed from them
     * @param unreadable   batches whose CRC failed or that did not decompress, with the reason
     */
    record Summary(short fetchVersion, int batches, Map<String, Integer> codecs, long bytes, long records,
                   List<String> unreadable) {
    }

    private BatchInspector() {
    }

    /** Reads partition 0 of {@code topic} from offset 0 to its high watermark, batch by batch. */
    static Summary inspect(CheckContext ctx, String topic) {
        TopicDescription description = ctx.describeTopic(topic);
        Node leader = description.partitions().get(0).leader();
        Uuid topicId = description.topicId();
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.FETCH);
        TopicPartition tp = new TopicPartition(topic, 0);

        int batches = 0;
        long bytes = 0;
        long records = 0;
        Map<String, Integer> codecs = new TreeMap<>();
        List<String> unreadable = new ArrayList<>();
        long offset = 0;
        try (WireClient wire = Wire.toNode(ctx, leader)) {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                FetchRequest.Builder request = FetchRequest.Builder.forConsumer(version, 500, 1, Map.of(tp,
                        new FetchRequest.PartitionData(topicId, offset, -1, 1024 * 1024, Optional.empty())))
                        .setMaxBytes(4 * 1024 * 1024);
                FetchResponse response = (FetchResponse) wire.send(request, version);
                if (response.error() != Errors.NONE) {
                    throw response.error().exception("Fetch v" + version + " of " + tp);
                }
                FetchResponseData.PartitionData partition = response.responseData(Map.of(topicId, topic), version).get(tp);
                if (partition == null) {
                    throw new KafkaException("Fetch v" + version + " answer has no data for " + tp);
                }
                Errors error = Errors.forCode(partition.errorCode());
                if (error != Errors.NONE) {
                    throw error.exception("Fetch v" + version + " of " + tp + " at offset " + offset);
                }
                Records data = FetchResponse.recordsOrFail(partition);
                long before = offset;
                for (RecordBatch batch : data.batches()) {
                    batches++;
                    bytes += batch.sizeInBytes();
                    codecs.merge(batch.compressionType().name, 1, Integer::sum);
                    try {
                        batch.ensureValid();
                        long count = 0;
                        for (Record ignored : batch) {
                            count++;
                        }
                        records += count;
                    } catch (KafkaException e) {
                        unreadable.add("batch at offset " + batch.baseOffset() + " (" + batch.compressionType().name
                                + "): " + e.getMessage());
                    }
                    offset = batch.nextOffset();
                }
                if (offset >= partition.highWatermark() || offset == before) {
                    break;
                }
            }
        }
        return new Summary(version, batches, codecs, bytes, records, unreadable);
    }
}
