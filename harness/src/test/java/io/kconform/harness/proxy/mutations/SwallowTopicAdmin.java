package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

/**
 * Answers one admin API with success for everything asked and never forwards it, as a target that
 * acknowledges topic administration it does not carry out: topics are "created" that never exist,
 * "deleted" that stay, partitions "added" that never come, configs "changed" that keep their value.
 * Requests the broker would refuse (a partition decrease, an unknown topic id) are acknowledged too.
 */
public final class SwallowTopicAdmin extends NamedMutation {

    /** The APIs this mutation can answer by itself. */
    public static final Set<ApiKeys> SUPPORTED = Set.of(ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS,
            ApiKeys.CREATE_PARTITIONS, ApiKeys.INCREMENTAL_ALTER_CONFIGS);

    private final ApiKeys api;

    /** Acknowledges every request of {@code api}, one of {@link #SUPPORTED}, without forwarding it. */
    public SwallowTopicAdmin(ApiKeys api) {
        super("SwallowTopicAdmin[" + api.name + "]", "acknowledges " + api.name + " requests without carrying them out");
        if (!SUPPORTED.contains(api)) {
            throw new IllegalArgumentException("swallow-topic-admin supports " + SUPPORTED + ", not " + api);
        }
        this.api = api;
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == api;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        return RequestAction.respond(acknowledge(request));
    }

    private static AbstractResponse acknowledge(AbstractRequest request) {
        if (request instanceof CreateTopicsRequest create) {
            CreateTopicsResponseData answer = new CreateTopicsResponseData();
            for (CreatableTopic topic : create.data().topics()) {
                answer.topics().add(new CreatableTopicResult().setName(topic.name()).setTopicId(Uuid.randomUuid())
                        .setErrorCode(Errors.NONE.code())
                        .setNumPartitions(topic.assignments().isEmpty() ? topic.numPartitions() : topic.assignments().size())
                        .setReplicationFactor(topic.replicationFactor()));
            }
            return new CreateTopicsResponse(answer);
        }
        if (request instanceof DeleteTopicsRequest delete) {
            DeleteTopicsResponseData answer = new DeleteTopicsResponseData();
            if (delete.version() >= 6) {
                for (DeleteTopicState topic : delete.data().topics()) {
                    answer.responses().add(new DeletableTopicResult().setName(topic.name()).setTopicId(topic.topicId())
                            .setErrorCode(Errors.NONE.code()));
                }
            } else {
                for (String name : delete.data().topicNames()) {
                    answer.responses().add(new DeletableTopicResult().setName(name).setErrorCode(Errors.NONE.code()));
                }
            }
            return new DeleteTopicsResponse(answer);
        }
        if (request instanceof CreatePartitionsRequest partitions) {
            CreatePartitionsResponseData answer = new CreatePartitionsResponseData();
            for (CreatePartitionsTopic topic : partitions.data().topics()) {
                answer.results().add(new CreatePartitionsTopicResult().setName(topic.name())
                        .setErrorCode(Errors.NONE.code()));
            }
            return new CreatePartitionsResponse(answer);
        }
        IncrementalAlterConfigsRequest alter = (IncrementalAlterConfigsRequest) request;
        IncrementalAlterConfigsResponseData answer = new IncrementalAlterConfigsResponseData();
        for (AlterConfigsResource resource : alter.data().resources()) {
            answer.responses().add(new AlterConfigsResourceResponse().setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName()).setErrorCode(Errors.NONE.code()));
        }
        return new IncrementalAlterConfigsResponse(answer);
    }
}
