package io.kconform.checks.eos;

import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.wire.WireClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * The record batches of a partition as its leader serves them to a {@code read_uncommitted} Fetch, with
 * what the Java consumer hides: each batch's producer id and epoch, and the control batches (transaction
 * markers) between the data. This is the wire's own account of who wrote what with which epoch, which a
 * check can judge without trusting an admin API's summary of it.
 */
final class LogBatches {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_ROUNDS = 200;

    /**
     * One record batch.
     *
     * @param baseOffset    the offset of its first record
     * @param lastOffset    the offset of its last record
     * @param producerId    the producer id it carries (-1 for none)
     * @param producerEpoch the producer epoch it carries (-1 for none)
     * @param transactional whether it is part of a transaction
     * @param marker        for a control batch, the type of its control record (COMMIT, ABORT, ...)
     */
    record Batch(long baseOffset, long lastOffset, long producerId, short producerEpoch, boolean transactional,
                 Optional<ControlRecordType> marker) {

        /** One line for evidence: {@code 3..4 data pid 1000 epoch 2}, {@code 5 COMMIT pid 1000 epoch 3}. */
        @Override
        public String toString() {
            String offsets = baseOffset == lastOffset ? String.valueOf(baseOffset) : baseOffset + ".." + lastOffset;
            return offsets + " " + marker.map(Enum::name).orElse(transactional ? "txn-data" : "data") + " pid "
                    + producerId + " epoch " + producerEpoch;
        }
    }

    private LogBatches() {
    }

    /**
     * Fetches {@code partition} from offset 0 to its high watermark, at the newest Fetch version both the
     * target and kafka-clients know.
     *
     * @throws KafkaException the target's error when it answers one
     */
    static List<Batch> read(CheckContext ctx, TopicPartition partition) {
        TopicDescription description = ctx.describeTopic(partition.topic());
        Node leader = description.partitions().get(partition.partition()).leader();
        Uuid topicId = description.topicId();
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.FETCH);
        List<Batch> batches = new ArrayList<>();
        long offset = 0;
        try (WireClient wire = WireClient.connect(leader.host(), leader.port(), ctx.target().clientProperties(),
                TIMEOUT)) {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                FetchRequest.Builder request = FetchRequest.Builder.forConsumer(version, 500, 1, Map.of(partition,
                                new FetchRequest.PartitionData(topicId, offset, -1, 1024 * 1024, Optional.empty())))
                        .isolationLevel(IsolationLevel.READ_UNCOMMITTED)
                        .setMaxBytes(4 * 1024 * 1024);
                FetchResponse response = (FetchResponse) wire.send(request, version);
                if (response.error() != Errors.NONE) {
                    throw response.error().exception("Fetch v" + version + " of " + partition);
                }
                FetchResponseData.PartitionData data = response.responseData(Map.of(topicId, partition.topic()), version)
                        .get(partition);
                if (data == null) {
                    throw new KafkaException("Fetch v" + version + " answer has no data for " + partition);
                }
                Errors error = Errors.forCode(data.errorCode());
                if (error != Errors.NONE) {
                    throw error.exception("Fetch v" + version + " of " + partition + " at offset " + offset);
                }
                long before = offset;
                for (RecordBatch batch : FetchResponse.recordsOrFail(data).batches()) {
                    if (batch.lastOffset() < offset) {
                        continue; // a batch the fetch began inside of, already read
                    }
                    batches.add(batchOf(batch));
                    offset = batch.nextOffset();
                }
                if (offset >= data.highWatermark() || offset == before) {
                    break;
                }
            }
        }
        return batches;
    }

    /**
     * Where a partition's log ends, as a Fetch answer states it: the high watermark, up to which a
     * read_uncommitted consumer reads, and the last stable offset (KIP-98), up to which a read_committed one
     * does.
     */
    record Ends(long highWatermark, long lastStableOffset) {

        /** The end a consumer of that isolation level reads to. */
        long of(IsolationLevel isolation) {
            return isolation == IsolationLevel.READ_COMMITTED ? lastStableOffset : highWatermark;
        }
    }

    /**
     * The ends of {@code partition} from one Fetch at READ_COMMITTED from offset 0 (the start of the check's
     * own topic), answered at once: what a client learns without ListOffsets.
     *
     * @throws KafkaException the target's error when it answers one
     */
    static Ends ends(TargetContext ctx, TopicPartition partition) {
        FetchResponseData.PartitionData data = readCommittedFromStart(ctx, partition, 0, 0, 1);
        return new Ends(data.highWatermark(), data.lastStableOffset());
    }

    /**
     * One raw read_committed Fetch of a partition from offset 0 at the newest Fetch version both sides speak,
     * from the partition's leader.
     *
     * @throws KafkaException the target's error when it answers one, or an answer without the partition
     */
    static FetchResponseData.PartitionData readCommittedFromStart(TargetContext ctx, TopicPartition partition,
                                                                  int maxWaitMs, int minBytes, int maxBytes) {
        TopicDescription description = ctx.describeTopic(partition.topic());
        Node leader = description.partitions().get(partition.partition()).leader();
        Uuid topicId = description.topicId();
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.FETCH);
        try (WireClient wire = WireClient.connect(leader.host(), leader.port(), ctx.target().clientProperties(),
                TIMEOUT)) {
            FetchRequest.Builder request = FetchRequest.Builder.forConsumer(version, maxWaitMs, minBytes, Map.of(
                            partition, new FetchRequest.PartitionData(topicId, 0, -1, maxBytes, Optional.empty())))
                    .isolationLevel(IsolationLevel.READ_COMMITTED)
                    .setMaxBytes(maxBytes);
            FetchResponse response = (FetchResponse) wire.send(request, version);
            if (response.error() != Errors.NONE) {
                throw response.error().exception("Fetch v" + version + " of " + partition);
            }
            FetchResponseData.PartitionData data = response.responseData(Map.of(topicId, partition.topic()), version)
                    .get(partition);
            if (data == null) {
                throw new KafkaException("Fetch v" + version + " answer has no data for " + partition);
            }
            Errors error = Errors.forCode(data.errorCode());
            if (error != Errors.NONE) {
                throw error.exception("Fetch v" + version + " of " + partition + " at offset 0");
            }
            return data;
        }
    }

    /** One fetched batch as this class describes it. */
    static Batch batchOf(RecordBatch batch) {
        return new Batch(batch.baseOffset(), batch.lastOffset(), batch.producerId(), batch.producerEpoch(),
                batch.isTransactional(), markerOf(batch));
    }

    private static Optional<ControlRecordType> markerOf(RecordBatch batch) {
        if (!batch.isControlBatch()) {
            return Optional.empty();
        }
        Iterator<Record> records = batch.iterator();
        if (!records.hasNext()) {
            return Optional.of(ControlRecordType.UNKNOWN);
        }
        Record record = records.next();
        return Optional.of(record.hasKey() ? ControlRecordType.parse(record.key()) : ControlRecordType.UNKNOWN);
    }
}
