package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.Battery;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.report.model.Certification;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.TargetReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailOnTest {

    private static CheckResult check(String id, Level level, Strength strength, Outcome outcome) {
        return new CheckResult(id, "t", Battery.STORAGE, level, strength, java.util.Optional.empty(), List.of(), "h",
                CheckResult.Execution.RAN, outcome, Duration.ZERO, "", List.of());
    }

    private static TargetReport target(CheckResult... checks) {
        List<CheckResult> list = List.of(checks);
        return new TargetReport("t", "embedded", "d", "", "", List.of(), Map.of(), Map.of(), "p", Optional.empty(),
                Certification.evaluate(list, "Apache Kafka 4.4", io.kconform.report.model.Advertisement.NOTHING), list, Duration.ZERO);
    }

    @Test
    void theDefaultFailsOnABrokenMustCheckAndOnALostLevelOnly() {
        FailOn failOn = FailOn.parse(FailOn.DEFAULT);
        assertThat(failOn.metBy(List.of(target(check("storage.a.b", Level.INGEST, Strength.SHOULD, Outcome.FAIL),
                check("storage.a.c", Level.INGEST, Strength.MUST, Outcome.PASS))))).isEmpty();
        assertThat(failOn.metBy(List.of(target(check("storage.a.c", Level.INGEST, Strength.MUST, Outcome.PASS),
                check("storage.a.d", Level.MESSAGING, Strength.MUST, Outcome.UNSUPPORTED)))))
                .hasValueSatisfying(met -> assertThat(met).startsWith("t lost MESSAGING: "));
        // a level not assessed (its MUST checks not selected) is not a lost level
        CheckResult notSelected = new CheckResult("storage.a.e", "t", Battery.STORAGE, Level.MESSAGING, Strength.MUST,
                Optional.empty(), List.of(), "h", CheckResult.Execution.NOT_SELECTED, Outcome.SKIPPED, Duration.ZERO,
                "", List.of());
        assertThat(failOn.metBy(List.of(target(check("storage.a.c", Level.INGEST, Strength.MUST, Outcome.PASS),
                notSelected)))).isEmpty();
    }

    @Test
    void mustFailAloneIgnoresAnUnsupportedMustCheck() {
        FailOn failOn = FailOn.parse("must-fail");
        assertThat(failOn.metBy(List.of(target(check("storage.a.b", Level.INGEST, Strength.SHOULD, Outcome.FAIL),
                check("storage.a.c", Level.INGEST, Strength.MUST, Outcome.UNSUPPORTED))))).isEmpty();
        assertThat(failOn.metBy(List.of(target(check("storage.a.d", Level.INGEST, Strength.MUST, Outcome.FAIL)))))
                .contains("t: a MUST check failed: storage.a.d");
    }

    @Test
    void otherConditions() {
        TargetReport unsupported = target(check("storage.a.c", Level.INGEST, Strength.MUST, Outcome.UNSUPPORTED));
        assertThat(FailOn.parse("must-not-pass").metBy(List.of(unsupported))).isPresent();
        assertThat(FailOn.parse("fail").metBy(List.of(unsupported))).isEmpty();
        assertThat(FailOn.parse("never").metBy(List.of(unsupported))).isEmpty();
        TargetReport ingestOnly = target(check("storage.a.c", Level.INGEST, Strength.MUST, Outcome.PASS),
                check("storage.a.d", Level.MESSAGING, Strength.MUST, Outcome.FAIL));
        assertThat(FailOn.parse("below:ingest").metBy(List.of(ingestOnly))).isEmpty();
        assertThat(FailOn.parse("never, below:messaging").metBy(List.of(ingestOnly)))
                .hasValueSatisfying(met -> assertThat(met)
                        .startsWith("t holds less than MESSAGING: MESSAGING not certified (")
                        .doesNotContain("--fail-on"));
    }

    @Test
    void belowALevelNotAssessedDoesNotFailAndSaysItCannotDecide() {
        // the run selected only INGEST's checks: MESSAGING is not assessed, not held below
        CheckResult notSelected = new CheckResult("storage.a.e", "t", Battery.STORAGE, Level.MESSAGING, Strength.MUST,
                Optional.empty(), List.of(), "h", CheckResult.Execution.NOT_SELECTED, Outcome.SKIPPED, Duration.ZERO,
                "", List.of());
        TargetReport partial = target(check("storage.a.c", Level.INGEST, Strength.MUST, Outcome.PASS), notSelected);
        FailOn below = FailOn.parse("below:messaging");

        assertThat(below.metBy(List.of(partial))).isEmpty();
        assertThat(below.undecided(List.of(partial))).containsExactly("t: MESSAGING not assessed (1 MUST check not"
                + " selected), so --fail-on below:messaging cannot say whether it holds MESSAGING");
        assertThat(FailOn.parse("below:ingest").undecided(List.of(partial))).isEmpty();
    }

    @Test
    void anUnknownConditionListsTheValidOnes() {
        assertThatThrownBy(() -> FailOn.parse("must-fial")).hasMessageContaining("unknown --fail-on condition 'must-fial'")
                .hasMessageContaining(FailOn.SYNTAX);
        assertThatThrownBy(() -> FailOn.parse("below:gold")).hasMessageContaining("unknown level 'gold'");
    }
}
