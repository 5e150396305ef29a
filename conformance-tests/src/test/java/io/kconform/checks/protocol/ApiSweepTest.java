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
}
