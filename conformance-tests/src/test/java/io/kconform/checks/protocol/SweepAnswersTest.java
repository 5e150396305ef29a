package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.FamilyMembers;
import io.kconform.api.wire.ErrorFields.ErrorField;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

class SweepAnswersTest {

    private static final SweepAnswers ANSWERS = SweepAnswers.standard();

    private static List<ErrorField> answer(Errors... errors) {
        return java.util.Arrays.stream(errors).map(e -> new ErrorField("error_code", e.code())).toList();
    }

    @Test
    void everyApiOfTheSweepHasARuleWithAReason() {
        Set<ApiKeys> swept = new ApiSweep().members("C", "m").stream()
                .map(m -> ((ApiSweep.Case) m.argument()).api()).collect(Collectors.toSet());
        assertThat(ANSWERS.apis()).containsAll(swept);
        for (ApiKeys api : swept) {
            assertThat(ANSWERS.rule(api).note()).as("reason for %s", api).isNotBlank();
        }
    }

    @Test
    void unknownServerErrorNeverPassesAndNoneAlwaysDoes() {
        for (FamilyMembers.Member member : new ApiSweep().members("C", "m")) {
            ApiKeys api = ((ApiSweep.Case) member.argument()).api();
            assertThat(ANSWERS.unexpected(api, answer(Errors.UNKNOWN_SERVER_ERROR))).as("%s", api).hasSize(1);
            assertThat(ANSWERS.unexpected(api, answer(Errors.NONE, Errors.NONE))).as("%s", api).isEmpty();
            // a refusal is the sweep's to report as UNSUPPORTED, not an unexpected code
            assertThat(ANSWERS.unexpected(api, answer(Errors.UNSUPPORTED_VERSION))).as("%s", api).isEmpty();
        }
    }

    @Test
    void whatApacheKafkaAnswersPassesAndAnotherCodeDoesNot() {
        // seen on the wire from Apache Kafka 4.4.0 and 3.9.1 (golden outcomes README)
        assertThat(ANSWERS.unexpected(ApiKeys.JOIN_GROUP, answer(Errors.INVALID_GROUP_ID))).isEmpty();
        assertThat(ANSWERS.unexpected(ApiKeys.SYNC_GROUP, answer(Errors.INCONSISTENT_GROUP_PROTOCOL))).isEmpty();
        assertThat(ANSWERS.unexpected(ApiKeys.OFFSET_FETCH, answer(Errors.NOT_COORDINATOR))).isEmpty();
        assertThat(ANSWERS.unexpected(ApiKeys.FIND_COORDINATOR, answer(Errors.COORDINATOR_NOT_AVAILABLE))).isEmpty();
        assertThat(ANSWERS.unexpected(ApiKeys.CREATE_DELEGATION_TOKEN,
                answer(Errors.DELEGATION_TOKEN_REQUEST_NOT_ALLOWED))).isEmpty();
        assertThat(ANSWERS.unexpected(ApiKeys.DESCRIBE_ACLS, answer(Errors.SECURITY_DISABLED))).isEmpty();
        assertThat(ANSWERS.unexpected(ApiKeys.ADD_RAFT_VOTER, answer(Errors.INCONSISTENT_CLUSTER_ID))).isEmpty();
        assertThat(ANSWERS.unexpected(ApiKeys.UNREGISTER_BROKER, answer(Errors.BROKER_ID_NOT_REGISTERED))).isEmpty();
        assertThat(ANSWERS.unexpected(ApiKeys.SASL_HANDSHAKE, answer(Errors.ILLEGAL_SASL_STATE))).isEmpty();
        assertThat(ANSWERS.unexpected(ApiKeys.INIT_PRODUCER_ID, answer(Errors.INVALID_REQUEST))).isEmpty();

        // one error for everything: right for some requests, wrong for the others
        assertThat(ANSWERS.unexpected(ApiKeys.API_VERSIONS, answer(Errors.INVALID_REQUEST))).hasSize(1);
        assertThat(ANSWERS.unexpected(ApiKeys.DESCRIBE_CLUSTER, answer(Errors.INVALID_GROUP_ID))).hasSize(1);
        assertThat(ANSWERS.unexpected(ApiKeys.JOIN_GROUP, answer(Errors.SECURITY_DISABLED))).hasSize(1);
        assertThat(ANSWERS.unexpected(ApiKeys.METADATA, answer(Errors.NONE, Errors.LEADER_NOT_AVAILABLE,
                Errors.GROUP_AUTHORIZATION_FAILED))).extracting(ErrorField::errorName)
                .containsExactly("GROUP_AUTHORIZATION_FAILED");
    }

    @Test
    void aCodeThisClientDoesNotKnowIsUnexpected() {
        assertThat(ANSWERS.unexpected(ApiKeys.JOIN_GROUP, List.of(new ErrorField("error_code", (short) 9999))))
                .extracting(ErrorField::errorName).containsExactly("error code 9999");
    }

    @Test
    void theRuleSaysWhatMayBeAnswered() {
        assertThat(ANSWERS.rule(ApiKeys.PRODUCE).describeAllowed()).isEqualTo("NONE");
        assertThat(ANSWERS.rule(ApiKeys.DESCRIBE_ACLS).describeAllowed())
                .isEqualTo("NONE, CLUSTER_AUTHORIZATION_FAILED, SECURITY_DISABLED");
    }

    @Test
    void badLinesAreNamed() {
        assertThatThrownBy(() -> SweepAnswers.parse(List.of("# x", "JOIN_GROUP\tNO_SUCH_ERROR\tnote")))
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> SweepAnswers.parse(List.of("NO_SUCH_API\t-\tnote"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> SweepAnswers.parse(List.of("PRODUCE\tUNKNOWN_SERVER_ERROR\tnote")))
                .hasMessageContaining("UNKNOWN_SERVER_ERROR never");
        assertThatThrownBy(() -> SweepAnswers.parse(List.of("PRODUCE\t-\tnote", "PRODUCE\t-\tagain")))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> SweepAnswers.parse(List.of("PRODUCE\t-"))).hasMessageContaining("3 tab-separated");
    }
}
