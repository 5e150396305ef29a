package io.kconform.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.Test;

/** Error codes found wherever the schema puts them, and only where the answered version has them. */
class ErrorFieldsTest {

    private static MetadataResponseData metadata() {
        MetadataResponseData data = new MetadataResponseData().setErrorCode(Errors.REBOOTSTRAP_REQUIRED.code());
        MetadataResponseData.MetadataResponseTopic topic = new MetadataResponseData.MetadataResponseTopic()
                .setName("orders").setErrorCode(Errors.NONE.code());
        topic.partitions().add(new MetadataResponseData.MetadataResponsePartition().setPartitionIndex(0)
                .setErrorCode(Errors.LEADER_NOT_AVAILABLE.code()));
        topic.partitions().add(new MetadataResponseData.MetadataResponsePartition().setPartitionIndex(1)
                .setErrorCode(Errors.NONE.code()));
        data.topics().add(topic);
        return data;
    }

    @Test
    void findsTopLevelPerTopicAndPerPartitionCodes() {
        List<String> found = ErrorFields.of(new MetadataResponse(metadata(), (short) 13), (short) 13).stream()
                .map(ErrorFields.ErrorField::toString).toList();
        assertThat(found).containsExactly("NONE at topics[0].error_code",
                "LEADER_NOT_AVAILABLE at topics[0].partitions[0].error_code",
                "NONE at topics[0].partitions[1].error_code",
                "REBOOTSTRAP_REQUIRED at error_code");
    }

    @Test
    void seesOnlyTheFieldsOfTheVersionAnswered() {
        // the top-level code is new in v13; errorCounts() would not show it at any version
        assertThat(ErrorFields.of(new MetadataResponse(metadata(), (short) 12), (short) 12))
                .extracting(ErrorFields.ErrorField::path).doesNotContain("error_code").hasSize(3);
        assertThat(new MetadataResponse(metadata(), (short) 13).errorCounts()).doesNotContainKey(Errors.REBOOTSTRAP_REQUIRED);
    }

    @Test
    void findsErrorCodesInTaggedFields() {
        CreateTopicsResponseData data = new CreateTopicsResponseData();
        data.topics().add(new CreateTopicsResponseData.CreatableTopicResult().setName("t")
                .setErrorCode(Errors.NONE.code()).setTopicConfigErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
        assertThat(ErrorFields.of(new CreateTopicsResponse(data), (short) 7)).extracting(ErrorFields.ErrorField::toString)
                .containsExactly("NONE at topics[0].error_code",
                        "TOPIC_AUTHORIZATION_FAILED at topics[0].topic_config_error_code");
    }

    @Test
    void anAnswerThatNamesNothingHasNoErrorField() {
        assertThat(ErrorFields.of(new ProduceResponse(new ProduceResponseData()), (short) 13)).isEmpty();
    }

    @Test
    void aCodeThisClientDoesNotKnowIsNamedByNumber() {
        MetadataResponseData data = new MetadataResponseData().setErrorCode((short) 9999);
        ErrorFields.ErrorField field = ErrorFields.of(new MetadataResponse(data, (short) 13), (short) 13).get(0);
        assertThat(field.error()).isEmpty();
        assertThat(field.errorName()).isEqualTo("error code 9999");
    }

    @Test
    void everyFieldCanBeSetToOneErrorAndTheRestIsKept() {
        AbstractResponse rewritten = ErrorFields.withEvery(new MetadataResponse(metadata(), (short) 13), (short) 13,
                Errors.UNKNOWN_SERVER_ERROR);
        assertThat(ErrorFields.of(rewritten, (short) 13)).hasSize(4)
                .allSatisfy(f -> assertThat(f.error()).contains(Errors.UNKNOWN_SERVER_ERROR));
        MetadataResponseData data = ((MetadataResponse) rewritten).data();
        assertThat(data.topics().find("orders")).isNotNull();
        assertThat(data.topics().find("orders").partitions()).extracting(p -> p.partitionIndex()).containsExactly(0, 1);

        CreateTopicsResponseData created = new CreateTopicsResponseData();
        // a tagged field is on the wire only when it differs from its default (NONE)
        created.topics().add(new CreateTopicsResponseData.CreatableTopicResult().setName("t")
                .setTopicConfigErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code()));
        assertThat(ErrorFields.of(ErrorFields.withEvery(new CreateTopicsResponse(created), (short) 7, Errors.INVALID_REQUEST),
                (short) 7)).extracting(ErrorFields.ErrorField::errorName).containsExactly("INVALID_REQUEST", "INVALID_REQUEST");
    }
}
