package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;

/**
 * Gets one kind of ListOffsets lookup wrong, as a target with a faulty offset or time index would,
 * while the other lookups stay right. The log is untouched.
 */
public final class MisstateListOffsets extends NamedMutation {

    private enum Fault { TIME_STRICTLY_AFTER, MAX_TIMESTAMP_AS_LATEST, LATEST_OFF_BY_ONE }

    private final Fault fault;

    private MisstateListOffsets(Fault fault, String name, String description) {
        super(name, description);
        this.fault = fault;
    }

    /**
     * A lookup of timestamp T answers the first offset whose timestamp is after T (the broker is asked
     * for T + 1), as an index that compares with {@code >} where Kafka's compares with {@code >=}: a
     * record stamped exactly T is skipped.
     */
    public static MisstateListOffsets timeStrictlyAfter() {
        return new MisstateListOffsets(Fault.TIME_STRICTLY_AFTER, "TimeLookupStrictlyAfter",
                "answers ListOffsets by timestamp T with the first offset after T, not at or after it");
    }

    /**
     * MAX_TIMESTAMP (KIP-734) is answered as LATEST, as by a target that takes the newest record to
     * have the largest timestamp: the log end offset, with no timestamp.
     */
    public static MisstateListOffsets maxTimestampAsLatest() {
        return new MisstateListOffsets(Fault.MAX_TIMESTAMP_AS_LATEST, "MaxTimestampAsLatest",
                "answers ListOffsets MAX_TIMESTAMP as LATEST: the log end offset instead of the largest timestamp's");
    }

    /**
     * LATEST is answered one below the log end offset, as by a target that reports the offset of its
     * last record instead of the next offset to be written: an empty partition's latest is then below its
     * earliest, and latest - earliest is one short of the record count.
     */
    public static MisstateListOffsets latestOffByOne() {
        return new MisstateListOffsets(Fault.LATEST_OFF_BY_ONE, "LatestOffByOne",
                "answers ListOffsets LATEST with the last record's offset instead of the log end offset");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.LIST_OFFSETS;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return fault == Fault.LATEST_OFF_BY_ONE && apiKey == ApiKeys.LIST_OFFSETS;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        ListOffsetsRequest list = (ListOffsetsRequest) request;
        boolean changed = false;
        for (ListOffsetsTopic topic : list.data().topics()) {
            for (ListOffsetsPartition partition : topic.partitions()) {
                long asked = partition.timestamp();
                if (fault == Fault.MAX_TIMESTAMP_AS_LATEST && asked == ListOffsetsRequest.MAX_TIMESTAMP) {
                    partition.setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP);
                    changed = true;
                } else if (fault == Fault.TIME_STRICTLY_AFTER && asked >= 0) {
                    partition.setTimestamp(asked + 1);
                    changed = true;
                }
            }
        }
        return changed ? RequestAction.forward(list) : RequestAction.forward();
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        Set<String> askedLatest = new HashSet<>();
        ListOffsetsRequest request = (ListOffsetsRequest) exchange.request().orElseThrow();
        for (ListOffsetsTopic topic : request.data().topics()) {
            topic.partitions().stream().filter(p -> p.timestamp() == ListOffsetsRequest.LATEST_TIMESTAMP)
                    .forEach(p -> askedLatest.add(topic.name() + "-" + p.partitionIndex()));
        }
        for (ListOffsetsTopicResponse topic : ((ListOffsetsResponse) response).data().topics()) {
            for (ListOffsetsPartitionResponse partition : topic.partitions()) {
                if (askedLatest.contains(topic.name() + "-" + partition.partitionIndex()) && partition.offset() >= 0) {
                    partition.setOffset(partition.offset() - 1);
                }
            }
        }
        return response;
    }
}
