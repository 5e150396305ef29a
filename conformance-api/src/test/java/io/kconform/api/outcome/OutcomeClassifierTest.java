package io.kconform.api.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Outcome;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedCompressionTypeException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class OutcomeClassifierTest {

    @Test
    void anAssertionIsAFailureEvenWhenWrappedOrCausedByARefusal() {
        assertThat(OutcomeClassifier.classify(new AssertionFailedError("expected 10 records but was 9")))
                .isEqualTo(new Classification(Outcome.FAIL, "expected 10 records but was 9"));
        AssertionError wrapped = new AssertionError("lost records", new UnsupportedVersionException("x"));
        assertThat(OutcomeClassifier.classify(new ExecutionException(wrapped)).outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void aDescribedAssertionSaysItsSentenceFirstAndAssertJsTextAsEvidence() {
        AssertionError described = thrownBy(() -> assertThat(java.util.Optional.empty())
                .as("answer to a reassignment to broker %d, which does not exist: INVALID_REPLICA_ASSIGNMENT", 1001)
                .isPresent());
        assertThat(described.getMessage()).startsWith("[answer to a reassignment").contains("\nExpecting");
        Classification failed = OutcomeClassifier.classify(new ExecutionException(described));
        assertThat(failed.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(failed.message()).startsWith("answer to a reassignment to broker 1001, which does not exist:"
                + " INVALID_REPLICA_ASSIGNMENT: expected a value, came back none -- evidence: Expecting Optional to"
                + " contain a value but it was empty").doesNotContain("\n");
        assertThat(OutcomeClassifier.headline(failed.message())).isEqualTo("answer to a reassignment to broker 1001,"
                + " which does not exist: INVALID_REPLICA_ASSIGNMENT: expected a value, came back none");

        // brackets inside the description are the description's own
        AssertionError bracketed = thrownBy(() -> assertThat(2).as("leader of [p0, p1] after the election").isEqualTo(1));
        assertThat(OutcomeClassifier.headline(OutcomeClassifier.classify(bracketed).message()))
                .isEqualTo("leader of [p0, p1] after the election: expected 1, came back 2");
        assertThat(OutcomeClassifier.classify(bracketed).message()).contains("-- evidence: expected: 1 but was: 2");
    }

    @Test
    void anUndescribedAssertionOrAFailedSentenceIsKeptAsItIs() {
        AssertionError bare = thrownBy(() -> assertThat(java.util.Optional.empty()).isPresent());
        assertThat(OutcomeClassifier.classify(bare).message())
                .isEqualTo("Expecting Optional to contain a value but it was empty.");
        assertThat(OutcomeClassifier.classify(new AssertionError("DeleteTopics of t, which never existed, was answered"
                + " with success")).message()).isEqualTo("DeleteTopics of t, which never existed, was answered with success");
        assertThat(OutcomeClassifier.classify(new TargetFaultError("[FETCH v17] closed the connection", null)).message())
                .isEqualTo("[FETCH v17] closed the connection");
    }

    @Test
    void theCommonShapesOfAssertJTextAreSaidAsExpectedAndCameBack() {
        assertThat(words(() -> assertThat((Object) null).as("d").isNotNull())).isEqualTo("expected a value, came back null");
        assertThat(words(() -> assertThat(java.util.Optional.of("x")).as("d").isEmpty()))
                .isEqualTo("expected none, came back \"x\"");
        assertThat(words(() -> assertThat((Object) "closed").as("d").isInstanceOf(Integer.class)))
                .isEqualTo("expected Integer, came back \"closed\"");
        assertThat(words(() -> assertThat((Object) "silent").as("d").isNotInstanceOf(String.class)))
                .isEqualTo("expected anything but String, came back \"silent\"");
        assertThat(words(() -> assertThat(0.0).as("d").isGreaterThan(1.0))).isEqualTo("expected greater than 1.0,"
                + " came back 0.0");
        assertThat(words(() -> assertThat(0).as("d").isPositive())).isEqualTo("expected greater than 0, came back 0");
        assertThat(words(() -> assertThat(java.util.List.of(1)).as("d").isEmpty()))
                .isEqualTo("expected nothing, came back [1]");
        assertThat(words(() -> assertThat(java.util.List.of(1, 2)).as("d").containsExactly(2, 1)))
                .isEqualTo("expected exactly [2, 1], came back [1, 2]");
        assertThat(words(() -> assertThat(java.util.List.of(1, 2)).as("d").containsExactlyInAnyOrder(3)))
                .isEqualTo("expected exactly [3] in any order, came back [1, 2]");
        assertThat(words(() -> assertThat(java.util.List.of()).as("d").isNotEmpty()))
                .isEqualTo("expected something, came back nothing");
        assertThat(words(() -> assertThat(java.util.Map.of()).as("d").containsKey("k")))
                .isEqualTo("expected key \"k\", came back {}");
        assertThat(words(() -> assertThat(1).as("d").isIn(2, 3))).isEqualTo("expected one of [2, 3], came back 1");
        // a shape it does not know: the description alone, AssertJ's text as evidence
        assertThat(OutcomeClassifier.headline(OutcomeClassifier.classify(thrownBy(() -> assertThat(java.util.List.of(1))
                .as("d").allMatch(x -> x > 1))).message())).isEqualTo("d");
    }

    private static String words(Runnable assertion) {
        String headline = OutcomeClassifier.headline(OutcomeClassifier.classify(thrownBy(assertion)).message());
        assertThat(headline).startsWith("d: ");
        return headline.substring(3);
    }

    private static AssertionError thrownBy(Runnable assertion) {
        try {
            assertion.run();
        } catch (AssertionError e) {
            return e;
        }
        throw new IllegalStateException("the assertion did not fail");
    }

    @Test
    void cleanRefusalsAreUnsupportedWhereverTheyAreInTheChain() {
        assertThat(OutcomeClassifier.classify(new UnsupportedVersionException("The node does not support INIT_PRODUCER_ID")))
                .isEqualTo(new Classification(Outcome.UNSUPPORTED,
                        "UnsupportedVersionException: The node does not support INIT_PRODUCER_ID"));
        assertThat(OutcomeClassifier.classify(new KafkaException("send failed",
                new ExecutionException(new UnsupportedCompressionTypeException("zstd")))).outcome())
                .isEqualTo(Outcome.UNSUPPORTED);
        assertThat(OutcomeClassifier.classify(new PolicyViolationException("no compaction")).outcome())
                .isEqualTo(Outcome.UNSUPPORTED);
        assertThat(OutcomeClassifier.classify(new InvalidConfigurationException("Unknown topic config")).outcome())
                .isEqualTo(Outcome.UNSUPPORTED);
        assertThat(OutcomeClassifier.classify(new UnsupportedFeatureException("no transactions")))
                .isEqualTo(new Classification(Outcome.UNSUPPORTED, "no transactions"));
    }

    @Test
    void abortedAssumptionsAreSkipped() {
        assertThat(OutcomeClassifier.classify(new NotApplicableException("Fetch v18 is not advertised")))
                .isEqualTo(new Classification(Outcome.SKIPPED, "Fetch v18 is not advertised"));
        assertThat(OutcomeClassifier.classify(new NotAssessableHereException("needs broker control")))
                .isEqualTo(new Classification(Outcome.SKIPPED, "needs broker control", true));
        assertThat(OutcomeClassifier.classify(new TestAbortedException("assumption")).outcome()).isEqualTo(Outcome.SKIPPED);
    }

    @Test
    void aSetUpStepTheTargetDidNotCarryOutIsItsFailUnlessPermissionsOrACleanRefusalDecide() {
        Classification hung = OutcomeClassifier.classify(new SetUpRefusedByTargetException(
                "the target did not answer CreateTopics for t within 30 s",
                new java.util.concurrent.TimeoutException()));
        assertThat(hung).isEqualTo(new Classification(Outcome.FAIL,
                "set-up: the target did not answer CreateTopics for t within 30 s"));
        assertThat(OutcomeClassifier.classify(new SetUpRefusedByTargetException("the target did not create topic t",
                new org.apache.kafka.common.errors.UnknownServerException("boom"))).outcome()).isEqualTo(Outcome.FAIL);
        assertThat(OutcomeClassifier.classify(new SetUpRefusedByTargetException("the target did not create topic t",
                new TopicAuthorizationException("denied"))).outcome()).as("permissions: the set-up's fault")
                .isEqualTo(Outcome.ERROR);
        assertThat(OutcomeClassifier.classify(new SetUpRefusedByTargetException("the target did not create topic t",
                new UnsupportedVersionException("CreateTopics"))).outcome()).as("not offered")
                .isEqualTo(Outcome.UNSUPPORTED);
    }

    @Test
    void harnessTroubleAndRefusedCredentialsAreErrorsNotTheTargetsFault() {
        assertThat(OutcomeClassifier.classify(new HarnessException("fixture did not start")).outcome())
                .isEqualTo(Outcome.ERROR);
        assertThat(OutcomeClassifier.classify(new SaslAuthenticationException("bad password")).outcome())
                .isEqualTo(Outcome.ERROR);
        assertThat(OutcomeClassifier.classify(new TopicAuthorizationException("denied")).outcome())
                .isEqualTo(Outcome.ERROR);
        assertThat(OutcomeClassifier.classify(new NullPointerException()).message()).startsWith("harness error");
    }

    @Test
    void codeThatDoesNotLinkAgainstAnOlderClientReleaseIsNotAssessableThere() {
        NoSuchMethodError missing = new NoSuchMethodError("'org.apache.kafka.clients.admin.ListGroupsResult"
                + " org.apache.kafka.clients.admin.Admin.listGroups()'");
        assertThat(OutcomeClassifier.notLinked(OutcomeClassifier.causeChain(new RuntimeException("set-up", missing)),
                "3.8.1", "4.4.0")).contains(new Classification(Outcome.SKIPPED, "not assessable with Java clients 3.8.1:"
                        + " kconform's code for it needs kafka-clients 4.4.0 API that 3.8.1 lacks (NoSuchMethodError:"
                        + " 'org.apache.kafka.clients.admin.ListGroupsResult org.apache.kafka.clients.admin.Admin"
                        + ".listGroups()')", true));
        assertThat(OutcomeClassifier.notLinked(OutcomeClassifier.causeChain(new NoSuchFieldError("SHARE_FETCH")),
                "3.8.1", "4.4.0")).map(Classification::notAssessableHere).contains(true);
        // on the release kconform is built against, a linkage error is the build's fault
        assertThat(OutcomeClassifier.notLinked(OutcomeClassifier.causeChain(missing), "4.4.0", "4.4.0")).isEmpty();
        assertThat(OutcomeClassifier.classify(missing).outcome()).isEqualTo(Outcome.ERROR);
        assertThat(OutcomeClassifier.notLinked(OutcomeClassifier.causeChain(new NullPointerException()), "3.8.1",
                "4.4.0")).isEmpty();
    }

    @Test
    void timeoutsAndWrongErrorsFromTheTargetAreFailures() {
        assertThat(OutcomeClassifier.classify(new org.apache.kafka.common.errors.TimeoutException("no ack")).outcome())
                .isEqualTo(Outcome.FAIL);
        assertThat(OutcomeClassifier.classify(new java.util.concurrent.TimeoutException("method timed out")).outcome())
                .isEqualTo(Outcome.FAIL);
        assertThat(OutcomeClassifier.classify(new ConditionTimeoutException("compaction never happened")).message())
                .isEqualTo("timed out: compaction never happened");
        // a future's bare timeout says nothing: what wrapped it says what was waited for
        assertThat(OutcomeClassifier.classify(new KafkaException("the workload's clients did not finish within their"
                + " bound", new java.util.concurrent.TimeoutException())).message())
                .isEqualTo("timed out: the workload's clients did not finish within their bound");
        assertThat(OutcomeClassifier.classify(new java.util.concurrent.TimeoutException()).message())
                .isEqualTo("timed out: TimeoutException");
        assertThat(OutcomeClassifier.classify(new KafkaException(new GroupMaxSizeReachedException("group full"))))
                .isEqualTo(new Classification(Outcome.FAIL,
                        "the target answered with an error: GroupMaxSizeReachedException: group full"));
        assertThat(OutcomeClassifier.classify(new ProducerFencedException("fenced")).outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void anAnswerThatCannotBeOneIsTheTargetsFault() {
        assertThat(OutcomeClassifier.classify(io.kconform.api.wire.WireException.malformed(
                "the answer from 127.0.0.1:1 announces 2147483647 bytes")))
                .isEqualTo(new Classification(Outcome.FAIL, "the target answered with bytes that cannot be an answer:"
                        + " the answer from 127.0.0.1:1 announces 2147483647 bytes"));
    }

    @Test
    void anUnansweredRequestIsTheTargetsFaultAFailedConnectionIsNot() {
        assertThat(OutcomeClassifier.classify(io.kconform.api.wire.WireException.unanswered("Fetch v17: no response"))
                .outcome()).isEqualTo(Outcome.FAIL);
        assertThat(OutcomeClassifier.classify(new io.kconform.api.wire.WireException("no connection")).outcome())
                .isEqualTo(Outcome.ERROR);
    }

    @Test
    void aLoopingCauseChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(OutcomeClassifier.classify(a).outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void messagesAreOneLine() {
        assertThat(OutcomeClassifier.classify(new AssertionError("line one\n   line two")).message())
                .isEqualTo("line one line two");
    }
}
