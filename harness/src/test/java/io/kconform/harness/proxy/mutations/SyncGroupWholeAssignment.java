package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.utils.Utils;

/**
 * A classic group coordinator that does not split the leader's plan: the group leader's SyncGroup
 * reaches the coordinator with every member given every partition the leader assigned to any member,
 * so each member of a consumer group owns, and reads, every partition. A group of one is unaffected;
 * groups of other protocol types (Kafka Connect's) pass unchanged.
 */
public final class SyncGroupWholeAssignment extends NamedMutation {

    private static final Comparator<TopicPartition> ORDER = Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition);

    public SyncGroupWholeAssignment() {
        super("SyncGroupWholeAssignment", "every member of a classic consumer group is given the whole assignment:"
                + " each owns every partition");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.SYNC_GROUP;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        SyncGroupRequest sync = (SyncGroupRequest) request;
        List<SyncGroupRequestAssignment> assignments = sync.data().assignments();
        String protocolType = sync.data().protocolType();
        // only the leader's request carries assignments; before v5 the request names no protocol type
        if (assignments.size() < 2 || protocolType != null && !protocolType.equals(ConsumerProtocol.PROTOCOL_TYPE)) {
            return RequestAction.forward();
        }
        TreeSet<TopicPartition> whole = new TreeSet<>(ORDER);
        List<Assignment> decoded = new ArrayList<>();
        short version;
        try {
            version = ConsumerProtocol.deserializeVersion(ByteBuffer.wrap(assignments.get(0).assignment()));
            for (SyncGroupRequestAssignment member : assignments) {
                Assignment assignment = ConsumerProtocol.deserializeAssignment(ByteBuffer.wrap(member.assignment()));
                decoded.add(assignment);
                whole.addAll(assignment.partitions());
            }
        } catch (RuntimeException notAConsumerAssignment) {
            return RequestAction.forward();
        }
        for (int i = 0; i < assignments.size(); i++) {
            Assignment everything = new Assignment(new ArrayList<>(whole), decoded.get(i).userData());
            assignments.get(i).setAssignment(Utils.toArray(ConsumerProtocol.serializeAssignment(everything, version)));
        }
        return RequestAction.forward(sync);
    }
}
