package io.kconform.harness.proxy.mutations;

import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData.AbortedTransaction;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * Shows clients every broker offset {@code o} as {@code o * stride}, and translates back what they
 * send, so that a consumer of a renumbered log still moves forward: positions, high watermarks,
 * committed offsets and ListOffsets answers all live in the client's numbering.
 *
 * <p>"Next offset" values (high watermark, last stable offset, log end, end of an epoch) map to one
 * past the client offset of the record before them, so that a consumer that has read everything
 * has no lag.
 */
final class OffsetStride {

    private final long stride;

    OffsetStride(int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1, not " + stride);
        }
        this.stride = stride;
    }

    long toClient(long offset) {
        return offset < 0 ? offset : offset * stride;
    }

    long nextToClient(long nextOffset) {
        return nextOffset <= 0 ? nextOffset : (nextOffset - 1) * stride + 1;
    }

    /** The broker offset of the first record at or after a client offset. */
    long toBroker(long clientOffset) {
        return clientOffset < 0 ? clientOffset : (clientOffset + stride - 1) / stride;
    }

    void onFetchRequest(FetchRequest request) {
        for (FetchTopic topic : request.data().topics()) {
            for (FetchPartition partition : topic.partitions()) {
                partition.setFetchOffset(toBroker(partition.fetchOffset()));
            }
        }
    }

    void onFetchedPartition(PartitionData partition) {
        partition.setHighWatermark(nextToClient(partition.highWatermark()))
                .setLastStableOffset(nextToClient(partition.lastStableOffset()))
                .setLogStartOffset(toClient(partition.logStartOffset()));
        if (partition.abortedTransactions() != null) {
            for (AbortedTransaction aborted : partition.abortedTransactions()) {
                aborted.setFirstOffset(toClient(aborted.firstOffset()));
            }
        }
        if (partition.divergingEpoch().endOffset() >= 0) {
            partition.divergingEpoch().setEndOffset(nextToClient(partition.divergingEpoch().endOffset()));
        }
    }

    /** "Latest" asks for the next offset; earliest, by-timestamp and max-timestamp for a record's. */
    void onListOffsets(ListOffsetsRequest request, ListOffsetsResponseData response) {
        for (ListOffsetsTopicResponse topic : response.topics()) {
            for (ListOffsetsPartitionResponse partition : topic.partitions()) {
                long asked = askedTimestamp(request.data(), topic.name(), partition.partitionIndex());
                boolean next = asked == ListOffsetsRequest.LATEST_TIMESTAMP || asked == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP;
                partition.setOffset(next ? nextToClient(partition.offset()) : toClient(partition.offset()));
            }
        }
    }

    void onOffsetsForLeaderEpoch(OffsetForLeaderEpochResponseData response) {
        for (OffsetForLeaderTopicResult topic : response.topics()) {
            for (EpochEndOffset partition : topic.partitions()) {
                partition.setEndOffset(nextToClient(partition.endOffset()));
            }
        }
    }

    private static long askedTimestamp(ListOffsetsRequestData request, String topicName, int partitionIndex) {
        for (ListOffsetsTopic topic : request.topics()) {
            if (topic.name().equals(topicName)) {
                for (ListOffsetsPartition partition : topic.partitions()) {
                    if (partition.partitionIndex() == partitionIndex) {
                        return partition.timestamp();
                    }
                }
            }
        }
        return ListOffsetsRequest.EARLIEST_TIMESTAMP;
    }
}
