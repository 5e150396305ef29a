package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;
import org.apache.kafka.common.requests.ElectLeadersResponse;

/**
 * Answers a cluster admin API with a well-formed answer that is wrong about the cluster, as a gateway
 * that implements the API on its own instead of asking the brokers would: a cluster id of its own, no
 * paging cursor, or an error where there was nothing wrong.
 */
public final class MisstateClusterAnswers extends NamedMutation {

    private final ApiKeys api;
    private final Errors electionError;
    private final String foreignClusterId = Uuid.randomUuid().toString();

    private MisstateClusterAnswers(ApiKeys api, Errors electionError, String name, String description) {
        super(name, description);
        this.api = api;
        this.electionError = electionError;
    }

    /** DescribeCluster names a cluster id other than the one Metadata names. */
    public static MisstateClusterAnswers foreignClusterId() {
        return new MisstateClusterAnswers(ApiKeys.DESCRIBE_CLUSTER, Errors.NONE, "ForeignClusterId",
                "answers DescribeCluster with a cluster id of its own");
    }

    /** DescribeTopicPartitions never gives a next cursor, so a client cannot page past the limit. */
    public static MisstateClusterAnswers dropPartitionCursor() {
        return new MisstateClusterAnswers(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, Errors.NONE, "DropPartitionCursor",
                "answers DescribeTopicPartitions without its next cursor");
    }

    /** ElectLeaders answers every partition with {@code error}. */
    public static MisstateClusterAnswers electLeadersError(Errors error) {
        return new MisstateClusterAnswers(ApiKeys.ELECT_LEADERS, error, "ElectLeadersError[" + error + "]",
                "answers every partition of ElectLeaders with " + error);
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == api;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        if (response instanceof DescribeClusterResponse cluster) {
            cluster.data().setClusterId(foreignClusterId);
        } else if (response instanceof DescribeTopicPartitionsResponse partitions) {
            partitions.data().setNextCursor(null);
        } else if (response instanceof ElectLeadersResponse elect) {
            for (ElectLeadersResponseData.ReplicaElectionResult topic : elect.data().replicaElectionResults()) {
                topic.partitionResult().forEach(p -> p.setErrorCode(electionError.code())
                        .setErrorMessage(electionError.message()));
            }
        }
        return response;
    }
}
