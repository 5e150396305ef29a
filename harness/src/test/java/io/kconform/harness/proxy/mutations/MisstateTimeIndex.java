package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * Gets lookups by time wrong, as a target with a faulty time index would, while earliest and latest
 * offsets stay right: the broker is asked another question than the client's, and its true answer to
 * that question goes back. The log is untouched.
 */
public final class MisstateTimeIndex extends NamedMutation {

    private final boolean maxTimestampAsLatest;

    private MisstateTimeIndex(boolean maxTimestampAsLatest, String name, String description) {
        super(name, description);
        this.maxTimestampAsLatest = maxTimestampAsLatest;
    }

    /**
     * A lookup of timestamp T answers the first offset whose timestamp is after T (the broker is asked
     * for T + 1), as an index that compares with {@code >} where Kafka's compares with {@code >=}: a
     * record stamped exactly T is skipped.
     */
    public static MisstateTimeIndex strictlyAfter() {
        return new MisstateTimeIndex(false, "TimeLookupStrictlyAfter",
                "answers ListOffsets by timestamp T with the first offset after T, not at or after it");
    }

    /**
     * MAX_TIMESTAMP (KIP-734) is answered as LATEST, as by a target that takes the newest record to
     * have the largest timestamp: the log end offset, with no timestamp.
     */
    public static MisstateTimeIndex maxTimestampAsLatest() {
        return new MisstateTimeIndex(true, "MaxTimestampAsLatest",
                "answers ListOffsets MAX_TIMESTAMP as LATEST: the log end offset instead of the largest timestamp's");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.LIST_OFFSETS;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        ListOffsetsRequest list = (ListOffsetsRequest) request;
        boolean changed = false;
        for (ListOffsetsTopic topic : list.data().topics()) {
            for (ListOffsetsPartition partition : topic.partitions()) {
                long asked = partition.timestamp();
                if (maxTimestampAsLatest && asked == ListOffsetsRequest.MAX_TIMESTAMP) {
                    partition.setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP);
                    changed = true;
                } else if (!maxTimestampAsLatest && asked >= 0) {
                    partition.setTimestamp(asked + 1);
                    changed = true;
                }
            }
        }
        return changed ? RequestAction.forward(list) : RequestAction.forward();
    }
}
