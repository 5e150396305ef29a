package io.kconform.checks.eos;

import io.kconform.api.context.CheckContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * One Fetch at READ_COMMITTED from offset 0, large enough for a few transactions: what a read_committed
 * client gets in a single answer, the batches with the aborted transactions (producer id, first offset)
 * the client must filter them with. Evidence of what one fetch spanned; the client's own read decides.
 */
final class CommittedFetch {

    private static final int MAX_BYTES = 8 * 1024 * 1024;

    /**
     * What one answer held.
     *
     * @param batches          the batches, data and control, in offset order
     * @param aborted          the aborted transactions listed, as {@code pid@firstOffset}
     * @param lastStableOffset the last stable offset the answer states
     */
    record Answer(List<LogBatches.Batch> batches, List<String> aborted, long lastStableOffset) {

        /** The offset after the last batch the answer held, or 0 when it held none. */
        long nextOffset() {
            return batches.isEmpty() ? 0 : batches.get(batches.size() - 1).lastOffset() + 1;
        }
    }

    private CommittedFetch() {
    }

    /**
     * Sends one Fetch at READ_COMMITTED for {@code partition} from offset 0 with 8 MiB allowed, at the newest
     * version both sides know.
     *
     * @throws KafkaException the target's error when it answers one
     */
    static Answer fromStart(CheckContext ctx, TopicPartition partition) {
        FetchResponseData.PartitionData data = LogBatches.readCommittedFromStart(ctx, partition, 500, 1, MAX_BYTES);
        List<LogBatches.Batch> batches = new ArrayList<>();
        for (RecordBatch batch : FetchResponse.recordsOrFail(data).batches()) {
            batches.add(LogBatches.batchOf(batch));
        }
        List<String> aborted = new ArrayList<>();
        if (data.abortedTransactions() != null) {
            data.abortedTransactions().forEach(a -> aborted.add(a.producerId() + "@" + a.firstOffset()));
        }
        return new Answer(batches, aborted, data.lastStableOffset());
    }
}
