package io.kconform.checks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Outcome;
import io.kconform.api.outcome.OutcomeClassifier;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** A worker's start failure keeps its cause, so that the outcome follows from what the target did. */
class WorkerStartFailureTest {

    private static Outcome outcomeOf(Throwable herderError) {
        return OutcomeClassifier.classify(ConnectWorker.startFailure("g", herderError)).outcome();
    }

    @Test
    void refusedInternalTopicsAreUnsupported() {
        // What Connect's TopicAdmin throws when CreateTopics answers POLICY_VIOLATION.
        Throwable refused = new ConnectException("Error while attempting to create/find topic(s) 'o'",
                new ExecutionException(new PolicyViolationException("cleanup.policy=compact is not allowed")));
        assertThat(outcomeOf(refused)).isEqualTo(Outcome.UNSUPPORTED);
    }

    @Test
    void aTargetReportingAnotherCleanupPolicyFails() {
        Throwable verified = new ConfigException("Topic 'o' supplied via the 'offset.storage.topic' property is required"
                + " to have 'cleanup.policy=compact' ..., but found the topic currently has 'cleanup.policy=delete'.");
        assertThat(outcomeOf(verified)).isEqualTo(Outcome.FAIL);
    }

    @Test
    void aTimeoutFailsAndAnythingElseIsAnError() {
        assertThat(outcomeOf(new TimeoutException("Timeout expired while trying to create topic(s)")))
                .isEqualTo(Outcome.FAIL);
        assertThat(outcomeOf(new IllegalStateException("something in the harness"))).isEqualTo(Outcome.ERROR);
    }
}
