package io.kconform.api.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Outcome;
import io.kconform.api.outcome.Circumstances;
import io.kconform.api.outcome.HarnessException;
import io.kconform.api.outcome.OutcomeClassifier;
import io.kconform.api.outcome.TargetFaultError;
import io.kconform.api.outcome.UnsupportedFeatureException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

/**
 * What the extension rethrows is classified alone as it was in the check's circumstances, so that the
 * harness, which sees only the throwable, agrees with them; plain JUnit sees FAIL as a failed assertion.
 */
class ClassifiedRethrowTest {

    @Test
    void aRefusalAfterAcceptanceIsRethrownAsTheTargetsFault() {
        Throwable rethrown = KconformExtension.classified(new UnsupportedVersionException("no"),
                Circumstances.NONE.accepted("transactions"));
        assertThat(rethrown).isInstanceOf(TargetFaultError.class).hasMessageContaining("accepted transactions");
        assertThat(OutcomeClassifier.classify(rethrown).outcome()).isEqualTo(Outcome.FAIL);
        assertThat(OutcomeClassifier.classify(rethrown).message()).isEqualTo(rethrown.getMessage());
    }

    @Test
    void aRefusalAtFirstContactIsRethrownAsUnsupportedAndHarnessErrorsAsThemselves() {
        Throwable refusal = KconformExtension.classified(new UnsupportedVersionException("no"), Circumstances.NONE);
        assertThat(refusal).isInstanceOf(UnsupportedFeatureException.class);
        HarnessException harness = new HarnessException("fixture");
        assertThat(KconformExtension.classified(harness, Circumstances.NONE)).isSameAs(harness);
        AssertionError assertion = new AssertionError("expected 3");
        assertThat(KconformExtension.classified(assertion, Circumstances.NONE.accepted("x"))).isSameAs(assertion);
    }
}
