package io.kconform.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.report.ReportFixture;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {

    private static String render(RunReport report) throws IOException {
        StringWriter out = new StringWriter();
        new MarkdownReport().write(report, out);
        return out.toString();
    }

    @Test
    void theFirstLineIsTheHeadline() throws IOException {
        TargetReport target = ReportFixture.reference();

        String markdown = render(ReportFixture.run(target));

        String expected = "**" + target.verdict().headline().replace("_", "\\_") + "**";
        assertThat(markdown.lines().findFirst()).contains(expected);
    }

    @Test
    void withSeveralTargetsTheFirstLinesAreOneHeadlinePerTarget() throws IOException {
        List<String> lines = render(ReportFixture.realistic()).lines().toList();

        assertThat(lines.get(0)).startsWith("- **kafka-4.4**: Certified: MESSAGING");
        assertThat(lines.get(1)).startsWith("- **vendor-x**: Not assessed");
    }

    @Test
    void pipesLineBreaksAndMarkupInCellsAreEscaped() throws IOException {
        String markdown = render(ReportFixture.realistic());

        String row = markdown.lines().filter(l -> l.contains("storage.compaction.latest-value-kept")
                && l.startsWith("| ")).findFirst().orElseThrow();
        // a short report puts a message on one line; the output format escapes what could become markup
        assertThat(row).contains("expected 1 record \\| got 0 \\<script\\>alert(1)\\</script\\> second line");
        assertThat(markdown).doesNotContain("<script>");
        // Every row of the blockers table has exactly the table's five unescaped pipes.
        assertThat(markdown.lines().filter(l -> l.startsWith("| ") && l.contains("`")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.replace("\\|", "").chars().filter(c -> c == '|').count()).isEqualTo(5));
    }

    @Test
    void verdictLevelsCapabilitiesThenWhatHoldsTheLevelsBackAndALinkToTheDetails() throws IOException {
        String markdown = render(ReportFixture.run(ReportFixture.reference()));

        assertThat(markdown).contains("\nHolds MESSAGING — a message bus:")
                .contains("| STORAGE | ❌ NOT CERTIFIED | compaction FAIL (3 checks) |")
                .contains("Capabilities: transactions ✓ · compaction ✗ · KIP-848 groups — ·")
                .contains("| STORAGE | ❌ FAIL | `storage.compaction.dirty-ratio` | segment never cleaned |")
                .contains("- EXACTLY\\_ONCE blocked below: its own MUST checks pass; it needs every level below")
                .contains("- PLATFORM not assessed: 1 MUST check not selected")
                .contains("**Other findings** (1; they decide no level)")
                .contains("- ⚠️ ERROR `storage.delete-records.low-watermark` (SHOULD) timed out creating topic in set-up")
                .contains("[report.html](report.html)");
        assertThat(markdown).as("no table of every check: a comment stays short")
                .doesNotContain("`protocol.produce.acks-all`").doesNotContain("### protocol");
        assertThat(markdown.indexOf("| Level | State |")).isLessThan(markdown.indexOf("Capabilities:"));
        assertThat(markdown.lines().count()).isLessThan(60);
    }

    @Test
    void longListsAreCappedAndPointAtTheHtmlReport() throws IOException {
        ReportFixture.TargetBuilder target = ReportFixture.target("many").check(ReportFixture.check("protocol.produce.acks-all"));
        for (int i = 0; i < 25; i++) {
            target.check(ReportFixture.check("groups.broken." + i).level(io.kconform.api.Level.MESSAGING)
                    .outcome(io.kconform.api.Outcome.FAIL).message("broken " + i));
            target.check(ReportFixture.check("protocol.should." + i).strength(io.kconform.api.Strength.SHOULD)
                    .outcome(io.kconform.api.Outcome.FAIL).message("should " + i));
        }

        String markdown = render(ReportFixture.run(target.build()));

        assertThat(markdown).contains("`groups.broken.9`").doesNotContain("`groups.broken.10`")
                .contains("… and 15 more in report.html.").contains("- … and 15 more in report.html.");
        assertThat(markdown.lines().count()).isLessThan(60);
    }

    @Test
    void aTargetThatCouldNotBeReachedSaysWhy() throws IOException {
        String markdown = render(ReportFixture.run(ReportFixture.unreachable()));

        assertThat(markdown).contains("> **ERROR — the target could not be started or reached")
                .contains("connection refused: broker-1.vendor-x.internal:9092")
                .doesNotContain("| Level |");
    }

    @Test
    void theOutputFormatEscapesEverythingThatCouldBecomeMarkup() {
        assertThat(MarkdownOutputFormat.INSTANCE.escapePlainText("a|b *c* _d_ [e](f) <g> `h` \\ ~i~ &amp;\r\nj"))
                .isEqualTo("a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\> \\`h\\` \\\\ \\~i\\~ \\&amp;<br>j");
    }

    @Test
    void anInterruptedRunSaysHowFarItGotAndNamesTheChecksNotRun() throws IOException {
        RunReport base = ReportFixture.run(ReportFixture.target("interrupted")
                .check(ReportFixture.check("protocol.produce.acks-all"))
                .check(ReportFixture.check("storage.log.replay-identical").level(io.kconform.api.Level.STORAGE)
                        .notRun("not run: the run was interrupted (SIGINT) before this check's turn"))
                .build());
        RunReport interrupted = new RunReport(base.schemaVersion(), base.tool(), base.toolVersion(), base.baseline(),
                base.startedAt(), base.finishedAt(), base.selection(), base.targets(),
                java.util.Optional.of(new io.kconform.report.model.Interruption("SIGINT", 1, 2)));

        assertThat(render(interrupted)).contains("INTERRUPTED")
                .contains("interrupted (SIGINT) after 1 of 2 checks; not run: storage.log.replay-identical");
        assertThat(render(base)).doesNotContain("INTERRUPTED");
    }
}
