package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.report.model.Advertisement;
import io.kconform.report.model.BaselineComparison;
import io.kconform.report.model.Certification;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.Expectations;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which exit code a completed run ends with, and that every reason is said once. */
class GateSummaryTest {

    private static CheckResult check(String id, Level level, Outcome outcome) {
        return new CheckResult(id, "t", Battery.PROTOCOL, level, Strength.MUST, Optional.empty(), List.of(), "h",
                CheckResult.Execution.RAN, outcome, Duration.ZERO, "", List.of());
    }

    private static TargetReport target(String name, CheckResult... checks) {
        List<CheckResult> list = List.of(checks);
        return new TargetReport(name, "embedded", "d", "", "", List.of(), Map.of(), Map.of(), "p", Optional.empty(),
                Certification.evaluate(list, "Apache Kafka 4.4", Advertisement.NOTHING), list, Duration.ZERO);
    }

    private static TargetReport unreachable(String name) {
        return new TargetReport(name, "external", "d", "", "", List.of(), Map.of(), Map.of(), "", Optional.of("refused"),
                Certification.unavailable("refused", "Apache Kafka 4.4"), List.of(), Duration.ZERO);
    }

    private static RunReport run(TargetReport... targets) {
        return new RunReport(RunReport.SCHEMA_VERSION, "kconform", "test", "Apache Kafka 4.4", Instant.EPOCH,
                Instant.EPOCH, "all", List.of(targets));
    }

    private static final FailOn DEFAULT = FailOn.parse(FailOn.DEFAULT);

    @Test
    void aTargetThatLostALevelFailsTheDefaultGate() {
        // the case: two targets, one reached only INGEST; it exited 0 before
        RunReport run = run(target("a", check("protocol.a.x", Level.INGEST, Outcome.PASS),
                        check("protocol.a.y", Level.MESSAGING, Outcome.PASS)),
                target("b", check("protocol.a.x", Level.INGEST, Outcome.PASS),
                        check("protocol.a.y", Level.MESSAGING, Outcome.UNSUPPORTED)));

        GateSummary.Exit exit = GateSummary.exit(run, DEFAULT, List.of(), Map.of());

        assertThat(exit.code()).isEqualTo(ExitCode.FAIL_ON_MET);
        assertThat(exit.lines()).hasSize(1);
        assertThat(exit.lines().get(0)).isEqualTo("Exit 1 (--fail-on must-fail,level-lost): b lost MESSAGING:"
                + " protocol.a.y UNSUPPORTED.");
    }

    @Test
    void aGateMetWinsOverAnotherTargetUnreachableAndBothAreSaid() {
        RunReport run = run(target("a", check("protocol.a.x", Level.INGEST, Outcome.FAIL)), unreachable("b"));

        GateSummary.Exit exit = GateSummary.exit(run, DEFAULT, List.of("b"), Map.of());

        assertThat(exit.code()).isEqualTo(ExitCode.FAIL_ON_MET);
        assertThat(exit.lines()).containsExactly(
                "Exit 1 (--fail-on must-fail,level-lost): a: a MUST check failed: protocol.a.x; a lost INGEST: protocol.a.x FAIL.",
                "  also: b could not be started or reached (exit 3 where no --fail-on condition is met).");
        // the suffix is said once
        assertThat(String.join("\n", exit.lines())).containsOnlyOnce("--fail-on must-fail,level-lost");
    }

    @Test
    void aTargetThatDoesNotSpeakKafkaGivesFourOverAGateMetAndNeverCountsTowardsIt() {
        RunReport run = run(target("a", check("protocol.a.x", Level.INGEST, Outcome.FAIL)), unreachable("http"),
                unreachable("b"));

        GateSummary.Exit exit = GateSummary.exit(run, DEFAULT, List.of("http"), List.of("b"), Map.of());

        assertThat(exit.code()).isEqualTo(ExitCode.NOT_KAFKA);
        assertThat(exit.lines()).containsExactly(
                "Exit 4: http does not speak Kafka (what it did is said above); no check was run on it.",
                "  also (--fail-on must-fail,level-lost): a: a MUST check failed: protocol.a.x; a lost INGEST: protocol.a.x FAIL.",
                "  also: b could not be started or reached.");
        assertThat(GateSummary.exit(run(unreachable("http")), DEFAULT, List.of("http"), List.of(), Map.of()).code())
                .as("alone").isEqualTo(ExitCode.NOT_KAFKA);
    }

    @Test
    void anUnreachableOrStoppedTargetAloneGivesThreeAndNeverCountsTowardsTheGate() {
        RunReport run = run(target("a", check("protocol.a.x", Level.INGEST, Outcome.PASS)), unreachable("b"),
                target("c", check("protocol.a.x", Level.INGEST, Outcome.FAIL)));

        GateSummary.Exit exit = GateSummary.exit(run, DEFAULT, List.of("b"),
                Map.of("c", "target c stopped answering during check protocol.a.x"));

        assertThat(exit.code()).isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        assertThat(exit.lines()).containsExactly("Exit 3: b could not be started or reached; target c stopped"
                + " answering during check protocol.a.x.");
    }

    @Test
    void anErrorGivesThreeUnlessAGateIsMet() {
        TargetReport error = target("a", check("protocol.a.x", Level.INGEST, Outcome.PASS),
                check("protocol.a.y", Level.INGEST, Outcome.ERROR));
        assertThat(GateSummary.exit(run(error), DEFAULT, List.of(), Map.of()).code())
                .isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        TargetReport errorAndFail = target("a", check("protocol.a.x", Level.INGEST, Outcome.FAIL),
                check("protocol.a.y", Level.INGEST, Outcome.ERROR));
        GateSummary.Exit exit = GateSummary.exit(run(errorAndFail), DEFAULT, List.of(), Map.of());
        assertThat(exit.code()).isEqualTo(ExitCode.FAIL_ON_MET);
        assertThat(exit.lines().get(1)).contains("1 check ended in ERROR");
        assertThat(GateSummary.exit(run(target("a", check("protocol.a.x", Level.INGEST, Outcome.PASS))), DEFAULT,
                List.of(), Map.of())).isEqualTo(new GateSummary.Exit(ExitCode.DONE, List.of()));
    }

    @Test
    void regressionFailsOnlyOnWhatPassedAndNoLongerDoes() {
        RunReport before = run(target("a", check("protocol.a.x", Level.INGEST, Outcome.FAIL),
                check("protocol.a.y", Level.INGEST, Outcome.PASS)));
        RunReport sameFailure = run(target("a", check("protocol.a.x", Level.INGEST, Outcome.FAIL),
                check("protocol.a.y", Level.INGEST, Outcome.PASS)));
        RunReport regressed = run(target("a", check("protocol.a.x", Level.INGEST, Outcome.PASS),
                check("protocol.a.y", Level.INGEST, Outcome.UNSUPPORTED)));
        FailOn regression = FailOn.parse("regression");

        RunReport same = sameFailure.gated(Optional.of(BaselineComparison.of("b.json", "", before,
                sameFailure.targets())), Optional.empty());
        assertThat(GateSummary.exit(same, regression, List.of(), Map.of()).code()).isEqualTo(ExitCode.DONE);
        assertThat(GateSummary.lines(same)).containsExactly("Since the baseline b.json (kconform test):",
                "  a: no check changed");

        RunReport worse = regressed.gated(Optional.of(BaselineComparison.of("b.json", "", before,
                regressed.targets())), Optional.empty());
        GateSummary.Exit exit = GateSummary.exit(worse, regression, List.of(), Map.of());
        assertThat(exit.code()).isEqualTo(ExitCode.FAIL_ON_MET);
        assertThat(exit.lines()).containsExactly("Exit 1 (--fail-on regression): a: passed in the baseline, not now:"
                + " protocol.a.y PASS → UNSUPPORTED.");
        assertThat(GateSummary.lines(worse)).containsExactly("Since the baseline b.json (kconform test):",
                "  a: 2 checks changed, 1 regression: protocol.a.y PASS → UNSUPPORTED (regression);"
                        + " protocol.a.x FAIL → PASS");
    }

    @Test
    void unexpectedFailsOnAnyDifferenceFromTheExpectedOutcomes() {
        RunReport run = run(target("a", check("protocol.a.x", Level.INGEST, Outcome.UNSUPPORTED),
                check("protocol.a.y", Level.INGEST, Outcome.PASS)));
        Expectations known = new Expectations("e.yaml", Map.of("protocol.a.x",
                new Expectations.Expected("protocol.a.x", Outcome.UNSUPPORTED, "roadmap", "")));
        FailOn unexpected = FailOn.parse("unexpected");

        assertThat(GateSummary.exit(run.gated(Optional.empty(), Optional.of(known)), unexpected, List.of(), Map.of())
                .code()).isEqualTo(ExitCode.DONE);
        Expectations stale = new Expectations("e.yaml", Map.of("protocol.a.y",
                new Expectations.Expected("protocol.a.y", Outcome.FAIL, "bug 7", "")));
        RunReport gated = run.gated(Optional.empty(), Optional.of(stale));
        GateSummary.Exit exit = GateSummary.exit(gated, unexpected, List.of(), Map.of());
        assertThat(exit.code()).isEqualTo(ExitCode.FAIL_ON_MET);
        assertThat(exit.lines().get(0)).isEqualTo("Exit 1 (--fail-on unexpected): a: an outcome differs from the"
                + " expected: protocol.a.x UNSUPPORTED, expected PASS and 1 more.");
        assertThat(GateSummary.lines(gated)).containsExactly("Against the expected outcomes e.yaml (1 listed; any"
                + " other check is expected to PASS):", "  a: 2 of 2 differ: protocol.a.x UNSUPPORTED, expected PASS;"
                + " protocol.a.y PASS, expected FAIL");
    }
}
