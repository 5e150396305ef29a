package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.FamilyMembers;
import io.kconform.api.baseline.SweepIds;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.junit.jupiter.api.Test;

class ApiSweepTest {

    private static final List<FamilyMembers.Member> MEMBERS = new ApiSweep().members("C", "m");

    @Test
    void sweepsTheBaselineWithinWhatTheClientsCanEncode() {
        List<String> ids = MEMBERS.stream().map(m -> m.check().id()).toList();
        assertThat(ids).contains("protocol.sweep.fetch.v4", "protocol.sweep.fetch.v18", "protocol.sweep.produce.v3",
                "protocol.sweep.produce.v13", "protocol.sweep.api-versions.v0", "protocol.sweep.metadata.v0");
        // advertised by Kafka 4.4 for old clients, no longer encodable by 4.x clients
        assertThat(ids).doesNotContain("protocol.sweep.produce.v2", "protocol.sweep.fetch.v3");
        // not in the baseline at all (the telemetry APIs need a metrics plugin on the broker)
        assertThat(ids).noneMatch(id -> id.startsWith("protocol.sweep.push-telemetry."));
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> CheckDescriptor.ID_PATTERN.matcher(id).matches());
    }

    @Test
    void everyMemberIsNamedAfterItsCaseAndWellDeclared() {
        for (FamilyMembers.Member member : MEMBERS) {
            ApiSweep.Case sweep = (ApiSweep.Case) member.argument();
            assertThat(member.check().id()).isEqualTo(SweepIds.id(sweep.api(), sweep.version()));
            assertThat(member.check().declarationProblems()).isEmpty();
        }
    }

    @Test
    void everyMemberHasAMinimalRequestThatEncodesAtItsVersion() {
        for (FamilyMembers.Member member : MEMBERS) {
            ApiSweep.Case sweep = (ApiSweep.Case) member.argument();
            AbstractRequest request = SweepRequests.minimal(sweep.api(), sweep.version(), "kconform-test-txn");
            assertThat(request.apiKey()).isEqualTo(sweep.api());
            assertThat(request.version()).as("version of %s", sweep).isEqualTo(sweep.version());
        }
    }

    @Test
    void minimalRequestsAskForAnAnswerAndTouchNothing() {
        ProduceRequest produce = (ProduceRequest) SweepRequests.minimal(ApiKeys.PRODUCE, (short) 13, "kconform-test-txn");
        assertThat(produce.acks()).as("acks=0 would get no answer").isEqualTo((short) 1);
        assertThat(produce.data().topicData()).isEmpty();
        var metadata = (org.apache.kafka.common.requests.MetadataRequest) SweepRequests.minimal(ApiKeys.METADATA,
                (short) 13, "kconform-test-txn");
        assertThat(metadata.data().topics()).as("null would mean every topic").isNotNull().isEmpty();
        var elect = (org.apache.kafka.common.requests.ElectLeadersRequest) SweepRequests.minimal(ApiKeys.ELECT_LEADERS,
                (short) 2, "kconform-test-txn");
        assertThat(elect.data().topicPartitions()).as("null would mean every partition").isNotNull().isEmpty();
        var unregister = (org.apache.kafka.common.requests.UnregisterBrokerRequest) SweepRequests.minimal(
                ApiKeys.UNREGISTER_BROKER, (short) 0, "kconform-test-txn");
        assertThat(unregister.data().brokerId()).isEqualTo(-1);
        var txn = (org.apache.kafka.common.requests.AddPartitionsToTxnRequest) SweepRequests.minimal(
                ApiKeys.ADD_PARTITIONS_TO_TXN, (short) 5, "kconform-test-txn");
        assertThat(txn.data().transactions()).as("Kafka 4.4 never answers an empty v4+ request").hasSize(1);
        assertThat(txn.data().transactions().iterator().next().verifyOnly()).isTrue();
        for (short version = 3; version <= ApiKeys.API_VERSIONS.latestVersion(); version++) {
            var versions = (org.apache.kafka.common.requests.ApiVersionsRequest) SweepRequests.minimal(
                    ApiKeys.API_VERSIONS, version, "kconform-test-txn");
            assertThat(versions.isValid()).as("ApiVersions v%d names valid client software (KIP-511)", version).isTrue();
        }
    }

    /**
     * The sweep requests of the APIs that change cluster-wide state change nothing: every member of them is
     * validate-only, names nothing, or names an id nobody has, at every version swept. CreateDelegationToken,
     * which cannot be sent harmlessly, is the one member declared as changing the cluster.
     */
    @Test
    void sweepRequestsOfClusterWideApisChangeNothingButTheDeclaredOnes() {
        java.util.Set<ApiKeys> seen = java.util.EnumSet.noneOf(ApiKeys.class);
        for (FamilyMembers.Member member : MEMBERS) {
            ApiSweep.Case sweep = (ApiSweep.Case) member.argument();
            org.apache.kafka.common.protocol.ApiMessage data = SweepRequests.minimal(sweep.api(), sweep.version(),
                    "kconform-test-txn").data();
            String what = sweep.toString();
            boolean checked = true;
            if (data instanceof org.apache.kafka.common.message.AlterClientQuotasRequestData d) {
                assertThat(d.validateOnly()).as("%s validate-only", what).isTrue();
                assertThat(d.entries()).as("%s entries", what).isEmpty();
            } else if (data instanceof org.apache.kafka.common.message.AlterUserScramCredentialsRequestData d) {
                assertThat(d.deletions()).as("%s deletions", what).isEmpty();
                assertThat(d.upsertions()).as("%s upsertions", what).isEmpty();
            } else if (data instanceof org.apache.kafka.common.message.ElectLeadersRequestData d) {
                assertThat(d.topicPartitions()).as("%s partitions (null: all)", what).isNotNull().isEmpty();
            } else if (data instanceof org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData d) {
                assertThat(d.topics()).as("%s topics", what).isEmpty();
            } else if (data instanceof org.apache.kafka.common.message.CreateAclsRequestData d) {
                assertThat(d.creations()).as("%s creations", what).isEmpty();
            } else if (data instanceof org.apache.kafka.common.message.DeleteAclsRequestData d) {
                assertThat(d.filters()).as("%s filters", what).isEmpty();
            } else if (data instanceof org.apache.kafka.common.message.IncrementalAlterConfigsRequestData d) {
                assertThat(d.validateOnly()).as("%s validate-only", what).isTrue();
                assertThat(d.resources()).as("%s resources", what).isEmpty();
            } else if (data instanceof org.apache.kafka.common.message.AlterConfigsRequestData d) {
                assertThat(d.validateOnly()).as("%s validate-only", what).isTrue();
                assertThat(d.resources()).as("%s resources", what).isEmpty();
            } else if (data instanceof org.apache.kafka.common.message.UpdateFeaturesRequestData d) {
                assertThat(d.featureUpdates()).as("%s feature updates", what).isEmpty();
            } else if (data instanceof org.apache.kafka.common.message.AlterReplicaLogDirsRequestData d) {
                assertThat(d.dirs()).as("%s log dirs", what).isEmpty();
            } else if (data instanceof org.apache.kafka.common.message.UnregisterBrokerRequestData d) {
                assertThat(d.brokerId()).as("%s broker id", what).isEqualTo(-1);
            } else if (data instanceof org.apache.kafka.common.message.UnregisterControllerRequestData d) {
                assertThat(d.controllerId()).as("%s controller id", what).isEqualTo(-1);
            } else if (data instanceof org.apache.kafka.common.message.AddRaftVoterRequestData d) {
                assertThat(d.voterId()).as("%s voter id", what).isEqualTo(-1);
            } else if (data instanceof org.apache.kafka.common.message.RemoveRaftVoterRequestData d) {
                assertThat(d.voterId()).as("%s voter id", what).isEqualTo(-1);
            } else if (data instanceof org.apache.kafka.common.message.ExpireDelegationTokenRequestData d) {
                assertThat(d.hmac()).as("%s token hmac", what).isEmpty();
            } else if (data instanceof org.apache.kafka.common.message.RenewDelegationTokenRequestData d) {
                assertThat(d.hmac()).as("%s token hmac", what).isEmpty();
            } else {
                checked = false;
            }
            if (checked) {
                seen.add(sweep.api());
            }
            boolean declared = member.check().clusterChange().isPresent();
            assertThat(declared).as("%s declared as changing cluster-wide state", what)
                    .isEqualTo(sweep.api() == ApiKeys.CREATE_DELEGATION_TOKEN);
        }
        assertThat(seen).as("cluster-wide APIs the sweep covers and this test looked at").contains(
                ApiKeys.ALTER_CLIENT_QUOTAS, ApiKeys.ALTER_USER_SCRAM_CREDENTIALS, ApiKeys.ELECT_LEADERS,
                ApiKeys.ALTER_PARTITION_REASSIGNMENTS, ApiKeys.CREATE_ACLS, ApiKeys.DELETE_ACLS,
                ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiKeys.ALTER_CONFIGS, ApiKeys.UPDATE_FEATURES);
    }
}
