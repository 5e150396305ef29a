package io.kconform.api.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kconform.api.Outcome;
import io.kconform.api.target.ApiRange;
import io.kconform.api.target.TargetFacts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.junit.jupiter.api.Test;

/**
 * Who is at fault: a reply the Java client cannot use and a connection closed on a request are the
 * target's (FAIL, naming the API and the version the client sends), the harness's own exceptions stay
 * ERROR, and a clean refusal is UNSUPPORTED only before the check saw the feature accepted.
 */
class ReplyFaultClassificationTest {

    /** Advertises CreateTopics v2-7 and DescribeConfigs v1-4, as Apache Kafka 4.4 does. */
    private static final TargetFacts FACTS = facts();

    private static TargetFacts facts() {
        TreeMap<Integer, ApiRange> apis = new TreeMap<>();
        apis.put((int) ApiKeys.CREATE_TOPICS.id, new ApiRange((short) 2, (short) 7));
        apis.put((int) ApiKeys.DESCRIBE_CONFIGS.id, new ApiRange((short) 1, (short) 4));
        return new TargetFacts(apis, (short) 4, "", new TreeMap<>(), new TreeMap<>(), "c", 1, List.of());
    }

    private static StackTraceElement frame(String type, String method) {
        return new StackTraceElement(type, method, null, -1);
    }

    /** What the admin client's network thread throws on a CreateTopics reply whose configs array is null. */
    private static NullPointerException nullConfigsInCreateTopics() {
        NullPointerException npe = new NullPointerException("Cannot invoke \"java.util.List.iterator()\" because the"
                + " return value of \"org.apache.kafka.common.message.CreateTopicsResponseData$CreatableTopicResult"
                + ".configs()\" is null");
        npe.setStackTrace(new StackTraceElement[] {
            frame("org.apache.kafka.clients.admin.KafkaAdminClient$5", "handleResponse"),
            frame("org.apache.kafka.clients.admin.KafkaAdminClient$AdminClientRunnable", "handleResponses"),
            frame("org.apache.kafka.clients.admin.KafkaAdminClient$AdminClientRunnable", "processRequests"),
            frame("org.apache.kafka.clients.admin.KafkaAdminClient$AdminClientRunnable", "run"),
            frame("java.lang.Thread", "run")});
        return npe;
    }

    @Test
    void aNullArrayTheClientCannotHandleIsTheTargetsFailureNamedWithApiAndVersion() {
        Throwable thrown = new HarnessException("could not create topic t",
                new ExecutionException(nullConfigsInCreateTopics()));
        Classification withFacts = OutcomeClassifier.classify(thrown, Circumstances.of(FACTS));
        System.out.println(withFacts.message());
        assertThat(withFacts.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(withFacts.message()).startsWith("the Java client cannot use the target's CreateTopics v7 reply:"
                + " NullPointerException: Cannot invoke \"java.util.List.iterator()\" because the return value of"
                + " \"CreateTopicsResponseData$CreatableTopicResult.configs()\" is null")
                .endsWith("(thrown in KafkaAdminClient$5.handleResponse)");
        assertThat(OutcomeClassifier.classify(thrown).message())
                .startsWith("the Java client cannot use the target's CreateTopics reply: NullPointerException");
    }

    @Test
    void aNegativeIdTheClientRefusesIsTheTargetsFailure() {
        Throwable negativeSource = catchThrowable(() -> DescribeConfigsResponse.ConfigSource.forId((byte) -1));
        Classification classification = OutcomeClassifier.classify(new ExecutionException(negativeSource),
                Circumstances.of(FACTS));
        System.out.println(classification.message());
        assertThat(classification.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(classification.message()).startsWith("the Java client cannot use the target's DescribeConfigs v4"
                + " reply: IllegalArgumentException: ").contains("-1")
                .endsWith("(thrown in DescribeConfigsResponse$ConfigSource.forId)");
    }

    @Test
    void aReplyTheClientCannotParseIsTheTargetsFailure() {
        Throwable truncated = catchThrowable(() -> AbstractResponse.parseResponse(ApiKeys.CREATE_TOPICS,
                new ByteBufferAccessor(ByteBuffer.wrap(new byte[] {0, 0, 0})), (short) 7));
        assertThat(truncated).isNotNull();
        Classification classification = OutcomeClassifier.classify(new KafkaException("parse", truncated),
                Circumstances.of(FACTS));
        System.out.println(classification.message());
        assertThat(classification.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(classification.message()).startsWith("the Java client cannot use the target's CreateTopics v7 reply: ");
    }

    @Test
    void theHarnessesOwnMistakesStayErrors() {
        // thrown in our code
        assertThat(OutcomeClassifier.classify(new NullPointerException("x"), Circumstances.of(FACTS)).outcome())
                .isEqualTo(Outcome.ERROR);
        // thrown by the JDK for our code
        Throwable jdk = catchThrowable(() -> Objects.requireNonNull(null, "the harness passed null"));
        assertThat(OutcomeClassifier.classify(jdk).outcome()).isEqualTo(Outcome.ERROR);
        // thrown by kafka-clients on a request the harness built wrongly: no reply was involved
        Throwable request = catchThrowable(() -> new ProducerRecord<String, String>(null, "v"));
        assertThat(request).isInstanceOf(IllegalArgumentException.class);
        assertThat(OutcomeClassifier.classify(request).outcome()).isEqualTo(Outcome.ERROR);
        // thrown in our callback, which the client called while handling a reply
        NullPointerException callback = new NullPointerException("in a callback");
        callback.setStackTrace(new StackTraceElement[] {
            frame("io.kconform.checks.SomeCheck", "lambda$send$0"),
            frame("org.apache.kafka.clients.producer.internals.ProducerBatch", "completeFutureAndFireCallbacks"),
            frame("org.apache.kafka.clients.producer.internals.Sender", "handleProduceResponse")});
        assertThat(OutcomeClassifier.classify(callback).outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void anErrorCodeMadeWhileHandlingTheReplyIsStillAnAnswerNotAnUnusableReply() {
        TopicExistsException exists = new TopicExistsException("Topic 't' already exists.");
        exists.setStackTrace(new StackTraceElement[] {
            frame("org.apache.kafka.common.protocol.Errors", "exception"),
            frame("org.apache.kafka.clients.admin.KafkaAdminClient$5", "handleResponse")});
        assertThat(OutcomeClassifier.classify(new ExecutionException(exists)).message())
                .isEqualTo("the target answered with an error: TopicExistsException: Topic 't' already exists.");
    }

    @Test
    void aConnectionClosedOnARequestIsTheTargetsFailureEvenUnderASetUpStep() {
        Throwable admin = new HarnessException("could not create topic t", new TimeoutException(
                "Call(callName=createTopics, deadlineMs=1, tries=3, nextAllowedTryMs=2) timed out at 3 after 3 attempt(s)",
                new DisconnectException("Cancelled createTopics request with correlation id 7 due to node 1 being"
                        + " disconnected")));
        Classification classification = OutcomeClassifier.classify(admin, Circumstances.of(FACTS));
        assertThat(classification).isEqualTo(new Classification(Outcome.FAIL, "the target closed the connection on a"
                + " CreateTopics v7 request, which current clients send: DisconnectException: Cancelled createTopics"
                + " request with correlation id 7 due to node 1 being disconnected"));
        IOException read = new IOException("Connection to -1 was disconnected before the response was read");
        assertThat(OutcomeClassifier.classify(new KafkaException("send failed", read)).message())
                .isEqualTo("the target closed the connection on a request, which current clients send: Connection to"
                        + " -1 was disconnected before the response was read");
    }

    @Test
    void aCleanRefusalIsUnsupportedOnlyAtFirstContact() {
        UnsupportedVersionException refusal = new UnsupportedVersionException("The cluster does not support the new"
                + " CONSUMER group protocol");
        assertThat(OutcomeClassifier.classify(refusal, Circumstances.of(FACTS)).outcome()).isEqualTo(Outcome.UNSUPPORTED);
        Classification midFlow = OutcomeClassifier.classify(new KafkaException(refusal),
                Circumstances.of(FACTS).accepted("the KIP-848 consumer group protocol"));
        assertThat(midFlow).isEqualTo(new Classification(Outcome.FAIL, "refused after the target had accepted the"
                + " KIP-848 consumer group protocol in this check (a clean refusal means \"not offered\" only at first"
                + " contact): UnsupportedVersionException: The cluster does not support the new CONSUMER group"
                + " protocol"));
        // the check's own verdict stands
        assertThat(OutcomeClassifier.classify(new UnsupportedFeatureException("no zstd"),
                Circumstances.NONE.accepted("transactions")).outcome()).isEqualTo(Outcome.UNSUPPORTED);
    }

    @Test
    void anApiIsNamedByItsResponseHandlerOrCallNameTheLongestNameFirst() {
        assertThat(ClientView.apiNamed("org.apache.kafka.common.message.ShareFetchResponseData$PartitionData"))
                .contains(ApiKeys.SHARE_FETCH);
        assertThat(ClientView.apiNamed("FetchResponseData")).contains(ApiKeys.FETCH);
        assertThat(ClientView.apiNamed("TransactionManager$InitProducerIdHandler")).contains(ApiKeys.INIT_PRODUCER_ID);
        assertThat(ClientView.apiNamed("Call(callName=describeConfigs, deadlineMs=1)")).contains(ApiKeys.DESCRIBE_CONFIGS);
        assertThat(ClientView.apiNamed("Cancelled in-flight API_VERSIONS request with correlation id 1"))
                .contains(ApiKeys.API_VERSIONS);
        assertThat(ClientView.apiNamed("Call(callName=fetchMetadata)")).isEmpty();
    }

    @Test
    void anAdminCallIsNamedByTheMethodThatMadeIt() throws Exception {
        java.util.Map<String, ApiKeys> named = new java.util.TreeMap<>();
        for (int i = 1; i < 200; i++) {
            String type = "org.apache.kafka.clients.admin.KafkaAdminClient$" + i;
            try {
                Class.forName(type);
            } catch (ClassNotFoundException e) {
                continue;
            }
            ClientView.apiOfCall(type).ifPresent(api -> named.put(type, api));
        }
        System.out.println(named);
        // each API named is the one whose method made the call: never a word inside another name
        named.forEach((type, api) -> {
            try {
                assertThat(Class.forName(type).getEnclosingMethod().getName().toLowerCase(java.util.Locale.ROOT))
                        .as(type).contains(api.name.toLowerCase(java.util.Locale.ROOT));
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(named.values()).doesNotContain(ApiKeys.DESCRIBE_QUORUM);
        assertThat(named).containsValues(ApiKeys.CREATE_TOPICS, ApiKeys.DESCRIBE_CONFIGS, ApiKeys.DESCRIBE_CLIENT_QUOTAS,
                ApiKeys.DESCRIBE_TOPIC_PARTITIONS, ApiKeys.METADATA, ApiKeys.ELECT_LEADERS);
        assertThat(ClientView.apiOfCall("io.kconform.Something$1")).isEmpty();
        assertThat(ClientView.apiOfCall("org.apache.kafka.clients.admin.KafkaAdminClient$9999")).isEmpty();
    }

    @Test
    void aTimeoutOnATargetThatRefusesCurrentClientsHandshakeIsItsFailureEvenUnderASetUpStep() {
        TargetFacts refusing = new TargetFacts(FACTS.apiVersions(), (short) 3, "", new TreeMap<>(), new TreeMap<>(), "c",
                1, List.of(), new io.kconform.api.target.Handshake((short) 5, (short) 3,
                List.of("ApiVersions v5: no response (the target closed the connection)")));
        Throwable setUp = new HarnessException("could not create topic t", new ExecutionException(
                new TimeoutException("Timed out waiting for a node assignment. Call: createTopics")));
        assertThat(OutcomeClassifier.classify(setUp, Circumstances.of(FACTS)).outcome()).isEqualTo(Outcome.ERROR);
        assertThat(OutcomeClassifier.classify(setUp, Circumstances.of(refusing))).isEqualTo(new Classification(
                Outcome.FAIL, "timed out: TimeoutException: Timed out waiting for a node assignment. Call: createTopics"
                + " (current Java clients cannot connect: ApiVersions v5: no response (the target closed the"
                + " connection); ApiVersions v3 is answered)"));
    }
}
