package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.CreateAclsResponseData;
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

/**
 * Acknowledges an admin change (client quotas, SCRAM credentials, ACLs or partition reassignments) with
 * success for every item and never forwards it: the operator believes a tenant is throttled, a user can
 * log in, an ACL holds or a partition is moving, and the target never heard of it (nor checked it).
 * Describes still reach the broker and tell the truth.
 */
public final class SwallowAdminAlter extends NamedMutation {

    private final ApiKeys api;

    /**
     * @param api ALTER_CLIENT_QUOTAS, ALTER_USER_SCRAM_CREDENTIALS, CREATE_ACLS or ALTER_PARTITION_REASSIGNMENTS
     */
    public SwallowAdminAlter(ApiKeys api) {
        super("SwallowAdminAlter[" + api.name + "]", "acknowledges " + api.name + " without applying it");
        if (api != ApiKeys.ALTER_CLIENT_QUOTAS && api != ApiKeys.ALTER_USER_SCRAM_CREDENTIALS
                && api != ApiKeys.CREATE_ACLS && api != ApiKeys.ALTER_PARTITION_REASSIGNMENTS) {
            throw new IllegalArgumentException("swallow-admin-alter takes ALTER_CLIENT_QUOTAS,"
                    + " ALTER_USER_SCRAM_CREDENTIALS, CREATE_ACLS or ALTER_PARTITION_REASSIGNMENTS, not " + api);
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
