package io.kconform.checks.protocol;

import java.util.ArrayList;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddRaftVoterRequestData;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.CreateDelegationTokenRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeTopicPartitionsRequestData;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.RemoveRaftVoterRequestData;
import org.apache.kafka.common.message.UnregisterBrokerRequestData;
import org.apache.kafka.common.message.UnregisterControllerRequestData;
import org.apache.kafka.common.message.UpdateFeaturesRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The minimal request the sweep sends for one API key and version: the message's default values,
 * made harmless where a default would act on the target. Pure: no network, unit-tested for every
 * member of the sweep.
 *
 * <p>Harmless means the request touches nothing on a shared cluster: lists of topics, partitions,
 * resources and entries are empty, never "all" (a null topic list means every topic to Metadata and
 * ElectLeaders); state-changing requests are validate-only where the API allows it, and name ids no
 * real node has (-1) where it does not; Produce asks for an answer (acks=1), since the default acks=0
 * gets none. What a client always sends is sent too (ApiVersions names its client software), so that
 * the answer is the API's, not a refusal of a malformed request.
 */
final class SweepRequests {

    /** Bounds the server side of requests that carry a timeout, well inside the sweep's own bound. */
    private static final int SERVER_TIMEOUT_MS = 1_000;

    /** How the sweep names itself in ApiVersions v3+ (KIP-511: letters, digits, dots and dashes). */
    static final String SOFTWARE_NAME = "kconform-sweep";
    static final String SOFTWARE_VERSION = "1.0";

    /** A resource name no run creates, for filters that must be valid and match nothing. */
    private static final String NO_SUCH_RESOURCE = "kconform-sweep-matches-nothing";

    private SweepRequests() {
    }

    /**
     * The request for {@code version} of {@code api}, built with kafka-clients' generated message
     * class and checked to encode at that version.
     *
     * @param name a name under the run's prefix, for the few requests that must name something (a
     *             transaction, group or topic nobody uses: the requests only read or verify)
     * @throws RuntimeException when kafka-clients cannot encode the API at that version
     */
    static AbstractRequest minimal(ApiKeys api, short version, String name) {
        ApiMessage data = harmless(api.messageType.newRequest(), version, name);
        // Encoding and decoding once proves the request is expressible at this version and gives
        // the AbstractRequest the network client sends.
        return AbstractRequest.parseRequest(api, version, MessageUtil.toByteBufferAccessor(data, version)).request;
    }

    /** A builder that sends {@code request} as it is. */
    static AbstractRequest.Builder<AbstractRequest> builder(AbstractRequest request) {
        return new AbstractRequest.Builder<>(request.apiKey(), request.version(), request.version()) {
            @Override
            public AbstractRequest build(short version) {
                return request;
            }
        };
    }

    private static ApiMessage harmless(ApiMessage data, short version, String name) {
        if (data instanceof ProduceRequestData produce) {
            produce.setAcks((short) 1).setTimeoutMs(SERVER_TIMEOUT_MS);
        } else if (data instanceof FetchRequestData fetch) {
            fetch.setMaxWaitMs(0).setMinBytes(0);
        } else if (data instanceof MetadataRequestData metadata) {
            // v0 reads an empty list as "every topic" (a read, harmless); v1-v3 cannot say "do not create",
            // which matters only for topics named, and none is.
            metadata.setTopics(new ArrayList<>());
            if (version >= 4) {
                metadata.setAllowAutoTopicCreation(false);
            }
        } else if (data instanceof ElectLeadersRequestData elect) {
            elect.setTopicPartitions(new ElectLeadersRequestData.TopicPartitionsCollection()).setTimeoutMs(SERVER_TIMEOUT_MS);
        } else if (data instanceof DescribeLogDirsRequestData logDirs) {
            logDirs.setTopics(new DescribeLogDirsRequestData.DescribableLogDirTopicCollection());
        } else if (data instanceof DescribeTopicPartitionsRequestData partitions) {
            // An empty list would describe every topic, an answer that depends on the cluster; a topic
            // nobody creates gets one definite answer, whose error code says it does not exist.
            partitions.setTopics(new ArrayList<>(java.util.List.of(
                    new DescribeTopicPartitionsRequestData.TopicRequest().setName(name))))
                    .setResponsePartitionLimit(1);
        } else if (data instanceof CreateTopicsRequestData create) {
            create.setTimeoutMs(SERVER_TIMEOUT_MS).setValidateOnly(true);
        } else if (data instanceof DeleteTopicsRequestData delete) {
            delete.setTimeoutMs(SERVER_TIMEOUT_MS);
        } else if (data instanceof CreatePartitionsRequestData partitions) {
            partitions.setTimeoutMs(SERVER_TIMEOUT_MS).setValidateOnly(true);
        } else if (data instanceof DeleteRecordsRequestData records) {
            records.setTimeoutMs(SERVER_TIMEOUT_MS);
        } else if (data instanceof AlterPartitionReassignmentsRequestData reassignments) {
            reassignments.setTimeoutMs(SERVER_TIMEOUT_MS);
        } else if (data instanceof AlterConfigsRequestData alter) {
            alter.setValidateOnly(true);
        } else if (data instanceof IncrementalAlterConfigsRequestData alter) {
            alter.setValidateOnly(true);
        } else if (data instanceof AlterClientQuotasRequestData quotas) {
            quotas.setValidateOnly(true);
        } else if (data instanceof UpdateFeaturesRequestData features) {
            // v0 cannot say validate-only; it updates nothing either, with no feature named.
            features.setTimeoutMs(SERVER_TIMEOUT_MS);
            if (version >= 1) {
                features.setValidateOnly(true);
            }
        } else if (data instanceof UnregisterBrokerRequestData unregister) {
            unregister.setBrokerId(-1);
        } else if (data instanceof UnregisterControllerRequestData unregister) {
            unregister.setControllerId(-1);
        } else if (data instanceof AddRaftVoterRequestData add) {
            add.setVoterId(-1).setTimeoutMs(SERVER_TIMEOUT_MS);
        } else if (data instanceof RemoveRaftVoterRequestData remove) {
            remove.setVoterId(-1);
        } else if (data instanceof DescribeAclsRequestData acls) {
            // the ACLs of one topic no run creates: a valid filter that matches nothing
            acls.setResourceTypeFilter(ResourceType.TOPIC.code()).setResourceNameFilter(NO_SUCH_RESOURCE)
                    .setPatternTypeFilter(PatternType.LITERAL.code()).setPrincipalFilter(null).setHostFilter(null)
                    .setOperation(AclOperation.ANY.code()).setPermissionType(AclPermissionType.ANY.code());
        } else if (data instanceof AddPartitionsToTxnRequestData txn && version >= 4) {
            // Apache Kafka 4.4 never answers a v4+ request (the brokers' batched form) that lists no
            // transaction; one that only verifies a transaction nobody began changes nothing.
            AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection transactions =
                    new AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection();
            transactions.add(new AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction()
                    .setTransactionalId(name).setProducerId(-1).setProducerEpoch((short) -1).setVerifyOnly(true));
            txn.setTransactions(transactions);
        } else if (data instanceof OffsetFetchRequestData offsets && version >= 8) {
            // Apache Kafka 3.9 never answers a v8+ request (the batched form) that names no group; the
            // offsets of one group nobody uses are a read of nothing.
            offsets.setGroups(new ArrayList<>(java.util.List.of(
                    new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId(name).setTopics(null))));
        } else if (data instanceof ApiVersionsRequestData versions && version >= 3) {
            // what every client sends (KIP-511): without a valid name the request is answered INVALID_REQUEST,
            // which a target answering that to everything would then pass
            versions.setClientSoftwareName(SOFTWARE_NAME).setClientSoftwareVersion(SOFTWARE_VERSION);
        } else if (data instanceof CreateDelegationTokenRequestData token) {
            // Where tokens are enabled this creates one for the caller; it lapses within a second.
            token.setMaxLifetimeMs(SERVER_TIMEOUT_MS);
        }
        return data;
    }
}
