package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ShareFetchRequestData;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.message.ShareFetchResponseData.AcquiredRecords;
import org.apache.kafka.common.message.ShareFetchResponseData.PartitionData;
import org.apache.kafka.common.message.ShareFetchResponseData.ShareFetchableTopicResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ShareFetchRequest;
import org.apache.kafka.common.requests.ShareFetchResponse;

/**
 * A share-group broker (KIP-932) that hands the same records to two members: the records a ShareFetch answer gives
 * one member of a share group as acquired are given again, as acquired, in the next ShareFetch answer to another
 * member of that group for the same partition (added to what the broker gave that member, or as the partition's
 * only data). Both members then process the same records at once, as if acquisition were not exclusive. Each
 * acquisition is handed on once; the broker itself still believes only the first member holds them, and answers the
 * second member's acknowledgement of them with an error.
 */
public final class ShareRecordsToTwoMembers extends NamedMutation {

    /** What one member acquired, waiting to be handed to another member of its group. */
    private record Acquired(String member, MemoryRecords records, List<AcquiredRecords> ranges) {
    }

    /** By group, topic id and partition. */
    private final Map<String, Acquired> pending = new HashMap<>();

    public ShareRecordsToTwoMembers() {
        super("ShareRecordsToTwoMembers", "records one member of a share group acquired are handed, as acquired, to"
                + " another member too");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.SHARE_FETCH; // read only, for the group and member in the answer
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.SHARE_FETCH;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        return RequestAction.forward();
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        ShareFetchRequestData request = ((ShareFetchRequest) exchange.request().orElseThrow()).data();
        ShareFetchResponseData data = ((ShareFetchResponse) response).data();
        if (data.errorCode() != Errors.NONE.code() || request.groupId() == null || request.memberId() == null) {
            return response;
        }
        handOn(request.groupId(), request.memberId(), data);
        return response;
    }

    /** Synchronized: the members' fetches arrive on connections of their own. */
    private synchronized void handOn(String group, String member, ShareFetchResponseData data) {
        List<String> answered = new ArrayList<>();
        for (ShareFetchableTopicResponse topic : data.responses()) {
            for (PartitionData partition : topic.partitions()) {
                String key = key(group, topic.topicId(), partition.partitionIndex());
                answered.add(key);
                Acquired own = partition.acquiredRecords().isEmpty() ? null
                        : new Acquired(member, copy(records(partition)), copy(partition.acquiredRecords()));
                Acquired other = pending.get(key);
                if (other != null && !other.member().equals(member)) {
                    add(partition, other);
                    pending.remove(key);
                }
                if (own != null) {
                    pending.put(key, own);
                }
            }
        }
        // a partition of the group this member's answer left out (nothing new for it): given the other's records
        for (Map.Entry<String, Acquired> entry : new ArrayList<>(pending.entrySet())) {
            String[] parts = entry.getKey().split("\u0000");
            if (!parts[0].equals(group) || answered.contains(entry.getKey())
                    || entry.getValue().member().equals(member)) {
                continue;
            }
            Uuid topicId = Uuid.fromString(parts[1]);
            ShareFetchableTopicResponse topic = data.responses().find(topicId);
            if (topic == null) {
                topic = new ShareFetchableTopicResponse().setTopicId(topicId);
                data.responses().add(topic);
            }
            PartitionData partition = new PartitionData().setPartitionIndex(Integer.parseInt(parts[2]))
                    .setRecords(MemoryRecords.EMPTY).setAcquiredRecords(new ArrayList<>());
            partition.currentLeader().setLeaderId(-1).setLeaderEpoch(-1);
            add(partition, entry.getValue());
            topic.partitions().add(partition);
            pending.remove(entry.getKey());
        }
    }

    /** Adds another member's acquired records to a partition's answer, batches and ranges in offset order. */
    private static void add(PartitionData partition, Acquired other) {
        TreeMap<Long, MutableRecordBatch> batches = new TreeMap<>();
        records(partition).batches().forEach(b -> batches.put(b.baseOffset(), b));
        other.records().batches().forEach(b -> batches.putIfAbsent(b.baseOffset(), b));
        BatchWriter out = new BatchWriter();
        batches.values().forEach(out::copy);
        partition.setRecords(out.toRecords());
        List<AcquiredRecords> ranges = new ArrayList<>(partition.acquiredRecords());
        ranges.addAll(copy(other.ranges()));
        ranges.sort(Comparator.comparingLong(AcquiredRecords::firstOffset));
        partition.setAcquiredRecords(ranges);
    }

    private static MemoryRecords records(PartitionData partition) {
        return partition.records() instanceof MemoryRecords records ? records : MemoryRecords.EMPTY;
    }

    /** The batches in a buffer of their own: the answer's buffer is not kept beyond it. */
    private static MemoryRecords copy(MemoryRecords records) {
        BatchWriter out = new BatchWriter();
        records.batches().forEach(out::copy);
        return out.toRecords();
    }

    private static List<AcquiredRecords> copy(List<AcquiredRecords> ranges) {
        return ranges.stream().map(r -> new AcquiredRecords().setFirstOffset(r.firstOffset())
                .setLastOffset(r.lastOffset()).setDeliveryCount(r.deliveryCount())).toList();
    }

    private static String key(String group, Uuid topicId, int partition) {
        return group + "\u0000" + topicId + "\u0000" + partition;
    }
}
