package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.Comparator;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * Answers Metadata well-formed and wrong about the topics, as an endpoint that keeps its own topic
 * metadata would get it wrong: a topic of several partitions listed without its last one (clients
 * never send to it, and keyed records land on other partitions than on the real topic), or every
 * partition led by a broker the response does not list (clients cannot reach the leader). Broker
 * lists, errors and the topic set are left alone; the log is untouched.
 */
public final class MisstateTopicMetadata extends NamedMutation {

    /** How far above the highest broker id listed the unknown leaders are. */
    private static final int UNKNOWN_LEADER_DISTANCE = 1000;

    private final boolean dropLastPartition;

    private MisstateTopicMetadata(boolean dropLastPartition, String name, String description) {
        super(name, description);
        this.dropLastPartition = dropLastPartition;
    }

    /** Every topic of two or more partitions is listed without its highest-numbered partition. */
    public static MisstateTopicMetadata dropLastPartition() {
        return new MisstateTopicMetadata(true, "MetadataDropsLastPartition",
                "lists every topic of several partitions without its last partition");
    }

    /** Every partition's leader is a broker id that no broker of the response has. */
    public static MisstateTopicMetadata unknownLeaders() {
        return new MisstateTopicMetadata(false, "MetadataUnknownLeaders",
                "names, as every partition's leader, a broker the response does not list");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.METADATA;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        MetadataResponse metadata = (MetadataResponse) response;
        int unknownBroker = metadata.data().brokers().stream().mapToInt(MetadataResponseBroker::nodeId).max()
                .orElse(0) + UNKNOWN_LEADER_DISTANCE;
        for (MetadataResponseTopic topic : metadata.data().topics()) {
            if (dropLastPartition) {
                if (topic.partitions().size() > 1) {
                    topic.partitions().stream().max(Comparator.comparingInt(MetadataResponsePartition::partitionIndex))
                            .ifPresent(topic.partitions()::remove);
                }
            } else {
                topic.partitions().forEach(p -> p.setLeaderId(unknownBroker));
            }
        }
        return metadata;
    }
}
