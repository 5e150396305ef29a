package io.kconform.report.render;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Outcome;
import io.kconform.report.ReportFixture;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConsoleSummaryTest {

    private static final String ANSI = "\u001b\\[[0-9;]*m";

    @Test
    void theCountsAddUpToTheCatalogACheckNotAssessableHereCountedOnceAsSkipped() {
        TargetReport target = ReportFixture.target("t")
                .check(check("protocol.a.pass"))
                .check(check("storage.a.here").notAssessableHere("needs 3 brokers"))
                .check(check("storage.a.later").notRun("the target stopped answering"))
                .check(check("eos.a.other").notSelected())
                .build();

        String summary = new ConsoleSummary(false).render(ReportFixture.run(target), 120);

        assertThat(summary).contains("  1 PASS, 0 FAIL, 0 UNSUPPORTED, 1 SKIPPED, 0 ERROR, 1 not run, 1 not selected");
    }

    @Test
    void theFirstLineIsTheHeadline() {
        TargetReport target = ReportFixture.reference();

        String summary = new ConsoleSummary(false).render(ReportFixture.run(target), 100);

        assertThat(summary.lines().findFirst()).contains(target.verdict().headline());
    }

    @Test
    void withSeveralTargetsEachHeadlineComesFirstPrefixedWithItsTarget() {
        RunReport report = ReportFixture.realistic();

        List<String> lines = new ConsoleSummary(false).render(report, 100).lines().toList();

        assertThat(lines.get(0)).isEqualTo("kafka-4.4: " + report.targets().get(0).verdict().headline());
        assertThat(lines.get(1)).isEqualTo("vendor-x: " + report.targets().get(1).verdict().headline());
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 80, 60})
    void everyLineButTheHeadlinesFitsTheWidth(int width) {
        RunReport report = ReportFixture.realistic();

        for (boolean colour : new boolean[] {false, true}) {
            List<String> lines = new ConsoleSummary(colour).render(report, width).lines().toList();

            assertThat(lines.subList(2, lines.size()))
                    .allSatisfy(line -> assertThat(Text.width(line.replaceAll(ANSI, ""))).isLessThanOrEqualTo(width));
        }
    }

    @Test
    void aTableRowHasLabelIdDurationAndTheMessageCutToTheWidth() {
        List<String> lines = new ConsoleSummary(false).render(ReportFixture.realistic(), 100).lines().toList();

        String row = lines.stream().filter(l -> l.contains("storage.compaction.latest-value-kept")).findFirst()
                .orElseThrow();
        assertThat(row).startsWith("    FAIL        storage.compaction.latest-value-kept")
                .contains("61.5 s  expected 1 record | got 0")
                .endsWith("…")
                .hasSize(100);
        assertThat(lines).contains("  storage", "  6 PASS, 3 FAIL, 2 UNSUPPORTED, 1 SKIPPED, 1 ERROR, 1 not selected");
        assertThat(lines).noneMatch(l -> l.contains("connect.source.exactly-once"));
        assertThat(lines).anyMatch(l -> l.startsWith("  NOT_RUN     target not available: connection refused"));
    }

    @Test
    void colourIsOnlyAddedWhenAskedFor() {
        RunReport report = ReportFixture.realistic();

        assertThat(new ConsoleSummary(false).render(report, 100)).doesNotContain("\u001b");
        assertThat(new ConsoleSummary(true).render(report, 100)).contains("\u001b[1;31mFAIL");
    }

    @Test
    void controlCharactersFromTheEndpointNeverReachTheTerminal() {
        RunReport report = ReportFixture.run(ReportFixture.target("odd")
                .check(check("protocol.produce.acks-all").outcome(Outcome.FAIL)
                        .message("\u001b]0;pwned\u0007 clear\u001b[2J\r\ndone"))
                .build());

        String summary = new ConsoleSummary(false).render(report, 120);

        assertThat(summary).doesNotContain("\u001b", "\u0007", "\r").contains("]0;pwned  clear [2J done");
    }

    @Test
    void durationsFitSixColumns() {
        assertThat(ConsoleSummary.compact(Duration.ofMillis(999))).isEqualTo("999 ms");
        assertThat(ConsoleSummary.compact(Duration.ofMillis(61_500))).isEqualTo("61.5 s");
        assertThat(ConsoleSummary.compact(Duration.ofSeconds(725))).isEqualTo("12m05s");
        assertThat(ConsoleSummary.compact(Duration.ofMinutes(62))).isEqualTo("1h02m");
    }
}
