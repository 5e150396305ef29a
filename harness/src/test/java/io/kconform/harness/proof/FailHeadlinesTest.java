package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.outcome.OutcomeClassifier;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The judge of FAIL headlines catches raw assertion text and lets a sentence through. */
class FailHeadlinesTest {

    @Test
    void rawAssertionTextIsCaught() {
        assertThat(FailHeadlines.problems(classified(() -> assertThat(Optional.empty()).isPresent()))).isNotEmpty();
        assertThat(FailHeadlines.problems(classified(() -> assertThat((Object) "x")
                .isNotInstanceOf(String.class)))).isNotEmpty();
        assertThat(FailHeadlines.problems("[answer to ApiVersions] expected: 1 but was: 2")).isNotEmpty();
        assertThat(FailHeadlines.problems("java.lang.IllegalStateException: boom")).isNotEmpty();
        assertThat(FailHeadlines.problems("the reply was io.kconform.api.wire.RawReply$Silent")).isNotEmpty();
        assertThat(FailHeadlines.problems(FailHeadlines.headline("fixture failed: Expecting actual not to be null")))
                .isNotEmpty();
    }

    @Test
    void aSentenceFollowedByEvidencePasses() {
        String message = classified(() -> assertThat(Optional.empty())
                .as("answer to a reassignment to broker 1001, which does not exist").isPresent());
        assertThat(FailHeadlines.headline(message)).isEqualTo("answer to a reassignment to broker 1001, which does not"
                + " exist: expected a value, came back none");
        assertThat(FailHeadlines.problems(FailHeadlines.headline(message))).isEmpty();
        assertThat(FailHeadlines.problems("timed out: the target did not answer Fetch v17 within 30 s")).isEmpty();
    }

    private static String classified(Runnable assertion) {
        try {
            assertion.run();
        } catch (AssertionError e) {
            return FailHeadlines.headline(OutcomeClassifier.classify(e).message());
        }
        throw new IllegalStateException("the assertion did not fail");
    }
}
