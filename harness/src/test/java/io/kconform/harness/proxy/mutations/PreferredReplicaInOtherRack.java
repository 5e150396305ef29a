package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * Sends consumers to a replica in the wrong rack, as a target with a broken replica selector would (KIP-392): a
 * preferred_read_replica named in a Fetch answer is replaced by another follower of the partition whose rack differs
 * from the named replica's. The consumer then reads every record, from a replica across racks. Replicas, leaders and
 * racks are learnt from the Metadata answers that pass through the proxy; a partition it has not seen there, or
 * without such a follower, is left alone, and so is every answer that names no preferred read replica.
 */
public final class PreferredReplicaInOtherRack extends NamedMutation {

    /** What Metadata said about one partition. */
    private record Placement(int leader, List<Integer> replicas) {
    }

    private final Map<Integer, Optional<String>> racks = new ConcurrentHashMap<>();
    private final Map<String, Placement> byName = new ConcurrentHashMap<>();
    private final Map<Uuid, String> names = new ConcurrentHashMap<>();

    public PreferredReplicaInOtherRack() {
        super("PreferredReplicaInOtherRack", "answers Fetch with a preferred read replica in another rack than the one"
                + " the broker chose");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.METADATA || apiKey == ApiKeys.FETCH;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        if (response instanceof MetadataResponse metadata) {
            learn(metadata);
        } else if (response instanceof FetchResponse fetch) {
            for (FetchableTopicResponse topic : fetch.data().responses()) {
                String name = topic.topic() != null && !topic.topic().isEmpty() ? topic.topic()
                        : names.get(topic.topicId());
                for (PartitionData partition : topic.partitions()) {
                    if (name != null && partition.preferredReadReplica() >= 0) {
                        Placement placement = byName.get(name + "-" + partition.partitionIndex());
                        otherRack(placement, partition.preferredReadReplica())
                                .ifPresent(partition::setPreferredReadReplica);
                    }
                }
            }
        }
        return response;
    }

    private void learn(MetadataResponse metadata) {
        for (MetadataResponseBroker broker : metadata.data().brokers()) {
            racks.put(broker.nodeId(), Optional.ofNullable(broker.rack()));
        }
        for (MetadataResponseTopic topic : metadata.data().topics()) {
            if (topic.name() == null) {
                continue;
            }
            if (topic.topicId() != null && !Uuid.ZERO_UUID.equals(topic.topicId())) {
                names.put(topic.topicId(), topic.name());
            }
            for (MetadataResponsePartition p : topic.partitions()) {
                byName.put(topic.name() + "-" + p.partitionIndex(),
                        new Placement(p.leaderId(), List.copyOf(p.replicaNodes())));
            }
        }
    }

    /** A follower of the partition, neither the named replica nor the leader, in another rack than the named one. */
    private Optional<Integer> otherRack(Placement placement, int named) {
        if (placement == null) {
            return Optional.empty();
        }
        Optional<String> namedRack = racks.getOrDefault(named, Optional.empty());
        return placement.replicas().stream()
                .filter(id -> id != named && id != placement.leader())
                .filter(id -> !Objects.equals(racks.getOrDefault(id, Optional.empty()), namedRack))
                .findFirst();
    }
}
