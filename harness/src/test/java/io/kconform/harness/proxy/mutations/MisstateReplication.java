package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.ArrayList;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponsePartition;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * Misstates replication, as a target that keeps one copy of everything and reports what it likes would: CreateTopics
 * with a replication factor above 1 reaches the broker asking for 1 (the topic is created, whatever the cluster can
 * meet), and Metadata and DescribeTopicPartitions report every partition with no in-sync replica. Records are stored
 * as usual.
 */
public final class MisstateReplication extends NamedMutation {

    public MisstateReplication() {
        super("MisstateReplication", "creates every topic with one replica whatever is asked, and reports no"
                + " in-sync replicas");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.CREATE_TOPICS;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.METADATA || apiKey == ApiKeys.DESCRIBE_TOPIC_PARTITIONS;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        CreateTopicsRequest create = (CreateTopicsRequest) request;
        boolean changed = false;
        for (CreatableTopic topic : create.data().topics()) {
            if (topic.replicationFactor() > 1 && topic.assignments().isEmpty()) {
                topic.setReplicationFactor((short) 1);
                changed = true;
            }
        }
        return changed ? RequestAction.forward(create) : RequestAction.forward();
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        if (response instanceof MetadataResponse metadata) {
            for (MetadataResponseTopic topic : metadata.data().topics()) {
                for (MetadataResponsePartition partition : topic.partitions()) {
                    partition.setIsrNodes(new ArrayList<>());
                }
            }
        } else if (response instanceof DescribeTopicPartitionsResponse describe) {
            for (DescribeTopicPartitionsResponseTopic topic : describe.data().topics()) {
                for (DescribeTopicPartitionsResponsePartition partition : topic.partitions()) {
                    partition.setIsrNodes(new ArrayList<>());
                }
            }
        }
        return response;
    }
}
