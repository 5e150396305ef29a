package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterClientQuotasRequest;
import org.apache.kafka.common.requests.AlterClientQuotasResponse;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsRequest;
import org.apache.kafka.common.requests.AlterPartitionReassignmentsResponse;
import org.apache.kafka.common.requests.AlterUserScramCredentialsRequest;
import org.apache.kafka.common.requests.AlterUserScramCredentialsResponse;
import org.apache.kafka.common.requests.CreateAclsRequest;
import org.apache.kafka.common.requests.CreateAclsResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.ElectLeadersRequest;
import org.apache.kafka.common.requests.ElectLeadersResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

/**
 * Acknowledges one admin API with success for everything asked and never forwards it, as a target that
 * acknowledges administration it does not carry out: topics "created" that never exist, "deleted" that
 * stay, partitions "added" that never come, configs "changed" that keep their value, quotas, SCRAM
 * credentials, ACLs, reassignments and leader elections the target never heard of, records "deleted" (with the
 * low watermark asked for) that stay readable. Requests the broker would refuse (a partition decrease, an unknown
 * topic id) are acknowledged too; describes still reach the broker and tell the truth.
 */
public final class SwallowAdmin extends NamedMutation {

    /** The APIs this mutation can answer by itself. */
    public static final Set<ApiKeys> SUPPORTED = Set.of(ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS,
            ApiKeys.CREATE_PARTITIONS, ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiKeys.ALTER_CLIENT_QUOTAS,
            ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, ApiKeys.CREATE_ACLS, ApiKeys.ALTER_PARTITION_REASSIGNMENTS,
            ApiKeys.ELECT_LEADERS, ApiKeys.DELETE_RECORDS);

    private final ApiKeys api;

    /** Acknowledges every request of {@code api}, one of {@link #SUPPORTED}, without forwarding it. */
    public SwallowAdmin(ApiKeys api) {
        super("SwallowAdmin[" + api.name + "]", "acknowledges " + api.name + " requests without carrying them out");
        if (!SUPPORTED.contains(api)) {
            throw new IllegalArgumentException("swallow-admin supports " + SUPPORTED + ", not " + api);
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
        if (request instanceof DeleteRecordsRequest delete) {
            // the low watermark asked for, as if the log start offset had moved there
            DeleteRecordsResponseData answer = new DeleteRecordsResponseData();
            delete.data().topics().forEach(t -> answer.topics().add(new DeleteRecordsResponseData.DeleteRecordsTopicResult()
                    .setName(t.name()).setPartitions(new DeleteRecordsResponseData.DeleteRecordsPartitionResultCollection(
                            t.partitions().stream().map(p -> new DeleteRecordsResponseData.DeleteRecordsPartitionResult()
                                    .setPartitionIndex(p.partitionIndex()).setLowWatermark(p.offset())
                                    .setErrorCode(Errors.NONE.code())).iterator()))));
            return new DeleteRecordsResponse(answer);
        }
        if (request instanceof ElectLeadersRequest elect) {
            ElectLeadersResponseData answer = new ElectLeadersResponseData().setErrorCode(Errors.NONE.code());
            elect.data().topicPartitions().forEach(t -> answer.replicaElectionResults().add(
                    new ElectLeadersResponseData.ReplicaElectionResult().setTopic(t.topic()).setPartitionResult(
                            t.partitions().stream().map(p -> new ElectLeadersResponseData.PartitionResult()
                                    .setPartitionId(p).setErrorCode(Errors.NONE.code())).toList())));
            return new ElectLeadersResponse(answer);
        }
        if (request instanceof IncrementalAlterConfigsRequest alter) {
            IncrementalAlterConfigsResponseData answer = new IncrementalAlterConfigsResponseData();
            for (AlterConfigsResource resource : alter.data().resources()) {
                answer.responses().add(new AlterConfigsResourceResponse().setResourceType(resource.resourceType())
                        .setResourceName(resource.resourceName()).setErrorCode(Errors.NONE.code()));
            }
            return new IncrementalAlterConfigsResponse(answer);
        }
        if (request instanceof AlterClientQuotasRequest quotas) {
            List<AlterClientQuotasResponseData.EntryData> entries = new ArrayList<>();
            quotas.data().entries().forEach(e -> entries.add(new AlterClientQuotasResponseData.EntryData()
                    .setErrorCode(Errors.NONE.code())
                    .setEntity(e.entity().stream().map(c -> new AlterClientQuotasResponseData.EntityData()
                            .setEntityType(c.entityType()).setEntityName(c.entityName())).toList())));
            return new AlterClientQuotasResponse(new AlterClientQuotasResponseData().setEntries(entries));
        }
        if (request instanceof AlterUserScramCredentialsRequest scram) {
            List<AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult> results = new ArrayList<>();
            scram.data().upsertions().forEach(u -> results.add(ok(u.name())));
            scram.data().deletions().forEach(d -> results.add(ok(d.name())));
            return new AlterUserScramCredentialsResponse(new AlterUserScramCredentialsResponseData()
                    .setResults(results));
        }
        if (request instanceof AlterPartitionReassignmentsRequest reassign) {
            List<AlterPartitionReassignmentsResponseData.ReassignableTopicResponse> topics = new ArrayList<>();
            reassign.data().topics().forEach(t -> topics.add(
                    new AlterPartitionReassignmentsResponseData.ReassignableTopicResponse().setName(t.name())
                            .setPartitions(t.partitions().stream().map(p ->
                                    new AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse()
                                            .setPartitionIndex(p.partitionIndex()).setErrorCode(Errors.NONE.code()))
                                    .toList())));
            return new AlterPartitionReassignmentsResponse(new AlterPartitionReassignmentsResponseData()
                    .setErrorCode(Errors.NONE.code()).setResponses(topics));
        }
        CreateAclsRequest acls = (CreateAclsRequest) request;
        List<CreateAclsResponseData.AclCreationResult> results = new ArrayList<>();
        acls.data().creations().forEach(c -> results.add(new CreateAclsResponseData.AclCreationResult()
                .setErrorCode(Errors.NONE.code())));
        return new CreateAclsResponse(new CreateAclsResponseData().setResults(results));
    }

    private static AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult ok(String user) {
        return new AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult().setUser(user)
                .setErrorCode(Errors.NONE.code());
    }

}
