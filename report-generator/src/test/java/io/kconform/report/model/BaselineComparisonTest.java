package io.kconform.report.model;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Outcome;
import io.kconform.report.ReportFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineComparisonTest {

    private static RunReport run(String target, ReportFixture.CheckBuilder... checks) {
        ReportFixture.TargetBuilder builder = ReportFixture.target(target);
        for (ReportFixture.CheckBuilder check : checks) {
            builder.check(check);
        }
        return ReportFixture.run(builder.build());
    }

    @Test
    void everyChangedCheckIsMarkedAndOnlyPassToNotPassIsARegression() {
        RunReport before = run("t", check("protocol.a.fails"), check("protocol.a.unsupported"),
                check("protocol.a.fixed").outcome(Outcome.FAIL), check("protocol.a.same"),
                check("protocol.a.error"), check("protocol.a.not-run"), check("protocol.a.skipped"),
                check("protocol.a.dropped"));
        RunReport now = run("t", check("protocol.a.fails").outcome(Outcome.FAIL),
                check("protocol.a.unsupported").outcome(Outcome.UNSUPPORTED), check("protocol.a.fixed"),
                check("protocol.a.same"), check("protocol.a.error").outcome(Outcome.ERROR),
                check("protocol.a.not-run").notRun("not run: the target stopped answering"),
                check("protocol.a.skipped").outcome(Outcome.SKIPPED),
                check("protocol.a.dropped").notSelected(),
                check("protocol.a.new"));

        BaselineComparison comparison = BaselineComparison.of("b.json", "", before, now.targets());

        assertThat(comparison.changesOf("t")).containsExactly(
                Map.entry("protocol.a.fails", new Change("PASS", "FAIL", true)),
                Map.entry("protocol.a.unsupported", new Change("PASS", "UNSUPPORTED", true)),
                Map.entry("protocol.a.fixed", new Change("FAIL", "PASS", false)),
                Map.entry("protocol.a.error", new Change("PASS", "ERROR", false)),
                Map.entry("protocol.a.not-run", new Change("PASS", "NOT_RUN", false)),
                Map.entry("protocol.a.skipped", new Change("PASS", "SKIPPED", true)));
        assertThat(comparison.comparedWith()).containsExactly(Map.entry("t", "t"));
    }

    @Test
    void targetsPairByNameOrOneWithOne() {
        RunReport before = run("old-name", check("protocol.a.b"));
        RunReport now = run("command-line", check("protocol.a.b").outcome(Outcome.FAIL));
        assertThat(BaselineComparison.of("b.json", "", before, now.targets()).comparedWith())
                .containsExactly(Map.entry("command-line", "old-name"));

        RunReport two = ReportFixture.run(ReportFixture.target("x").check(check("protocol.a.b")).build(),
                ReportFixture.target("y").check(check("protocol.a.b")).build());
        BaselineComparison pairs = BaselineComparison.of("b.json", "", two, ReportFixture.run(
                ReportFixture.target("y").check(check("protocol.a.b")).build(),
                ReportFixture.target("z").check(check("protocol.a.b")).build()).targets());
        assertThat(pairs.comparedWith()).containsExactly(Map.entry("y", "y"));
        assertThat(pairs.changesOf("z")).isEmpty();
    }

    @Test
    void expectedOutcomesListGapsAndEverythingElseMustPass() {
        RunReport now = run("t", check("protocol.a.gap").outcome(Outcome.UNSUPPORTED),
                check("protocol.a.worse").outcome(Outcome.FAIL), check("protocol.a.ok"),
                check("protocol.a.unlisted-skip").outcome(Outcome.SKIPPED),
                check("protocol.a.fixed"),
                check("protocol.a.not-selected").notSelected());
        Expectations expected = new Expectations("e.yaml", Map.of(
                "protocol.a.gap", new Expectations.Expected("protocol.a.gap", Outcome.UNSUPPORTED, "roadmap", ""),
                "protocol.a.worse", new Expectations.Expected("protocol.a.worse", Outcome.UNSUPPORTED, "roadmap", ""),
                "protocol.a.fixed", new Expectations.Expected("protocol.a.fixed", Outcome.FAIL, "bug 12", "https://x"),
                "protocol.a.not-selected", new Expectations.Expected("protocol.a.not-selected", Outcome.FAIL, "r", "")));

        assertThat(expected.unexpected(now.targets().get(0))).extracting(Expectations.Unexpected::describe)
                .containsExactly("protocol.a.worse FAIL, expected UNSUPPORTED",
                        "protocol.a.unlisted-skip SKIPPED, expected PASS", "protocol.a.fixed PASS, expected FAIL");
    }
}
