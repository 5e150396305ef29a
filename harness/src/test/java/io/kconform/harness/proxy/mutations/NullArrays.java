package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.Set;
import org.apache.kafka.common.message.DescribeTopicPartitionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DescribeClientQuotasResponse;
import org.apache.kafka.common.requests.DescribeTopicPartitionsResponse;

/**
 * Answers with null where Apache Kafka sends an empty or filled array, in fields whose schema allows
 * null: what an independent implementation was seen to send, and what the Java client cannot handle
 * (it throws NullPointerException while reading the reply). The rest of the answer is the broker's.
 * <ul>
 *   <li>CreateTopics: {@code Configs} of every topic result (nullable from v5);</li>
 *   <li>DescribeClientQuotas: {@code Entries};</li>
 *   <li>DescribeTopicPartitions: {@code EligibleLeaderReplicas} and {@code LastKnownElr} of every partition.</li>
 * </ul>
 */
public final class NullArrays extends NamedMutation {

    /** The APIs this mutation knows how to answer with null arrays. */
    public static final Set<ApiKeys> APIS = Set.of(ApiKeys.CREATE_TOPICS, ApiKeys.DESCRIBE_CLIENT_QUOTAS,
            ApiKeys.DESCRIBE_TOPIC_PARTITIONS);

    private final ApiKeys api;

    public NullArrays(ApiKeys api) {
        super("NullArrays[" + api.name + "]", "answers " + api.name + " with null arrays where Apache Kafka sends"
                + " empty ones");
        if (!APIS.contains(api)) {
            throw new IllegalArgumentException("null-arrays knows " + APIS + ", not " + api);
        }
        this.api = api;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == api;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        if (response instanceof CreateTopicsResponse created) {
            created.data().topics().forEach(topic -> topic.setConfigs(null));
        } else if (response instanceof DescribeClientQuotasResponse quotas) {
            quotas.data().setEntries(null);
        } else if (response instanceof DescribeTopicPartitionsResponse partitions) {
            for (DescribeTopicPartitionsResponseData.DescribeTopicPartitionsResponseTopic topic
                    : partitions.data().topics()) {
                topic.partitions().forEach(p -> p.setEligibleLeaderReplicas(null).setLastKnownElr(null));
            }
        }
        return response;
    }
}
