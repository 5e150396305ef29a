package io.kconform.report.render;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.report.ReportFixture;
import io.kconform.report.model.Comparison;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonReportTest {

    @TempDir
    Path dir;

    /** The reference target, a second Kafka that fails where the first passes, and one not reached. */
    private static Comparison threeTargets() {
        TargetReport other = ReportFixture.target("kafka-3.9").description("Apache Kafka 3.9.1")
                .check(check("protocol.api-versions.advertised"))
                .check(check("protocol.produce.acks-all").outcome(Outcome.FAIL).message(ReportFixture.HOSTILE_MESSAGE))
                .check(check("groups.consumer-protocol.heartbeat").level(Level.MESSAGING)
                        .capability(Capability.KIP_848_GROUPS).outcome(Outcome.UNSUPPORTED))
                .check(check("protocol.sweep.fetch.v18").outcome(Outcome.SKIPPED))
                .build();
        TargetReport reference = ReportFixture.target("kafka-4.4")
                .check(check("protocol.api-versions.advertised"))
                .check(check("protocol.produce.acks-all"))
                .check(check("groups.consumer-protocol.heartbeat").level(Level.MESSAGING)
                        .capability(Capability.KIP_848_GROUPS))
                .check(check("protocol.sweep.fetch.v18"))
                .build();
        RunReport first = ReportFixture.run(reference, other);
        RunReport second = ReportFixture.run(ReportFixture.unreachable());
        return Comparison.of(List.of(new Comparison.Source("run/results.json", first, "report.html"),
                new Comparison.Source("vendor.json", second, "")));
    }

    private static String html(Comparison comparison) throws IOException {
        StringWriter out = new StringWriter();
        ComparisonReport.html(comparison, "1.2.3", out);
        return out.toString();
    }

    private static String markdown(Comparison comparison) throws IOException {
        StringWriter out = new StringWriter();
        ComparisonReport.markdown(comparison, "1.2.3", out);
        return out.toString();
    }

    @Test
    void thePageSaysHowManyDifferAndListsThemOpenBeforeTheRestWhichIsFolded() throws IOException {
        String html = html(threeTargets());

        assertThat(html).contains("<h1>3 targets side by side: 3 checks differ</h1>");
        int differ = html.indexOf("<details id=\"different\" open>");
        // every other row is partial: the third target was not reached, so it has no outcome anywhere
        int same = html.indexOf("<details id=\"partial\">");
        assertThat(differ).isPositive().isLessThan(same);
        assertThat(html.indexOf("<tr id=\"protocol.produce.acks-all\"")).isBetween(differ, same);
        assertThat(html.indexOf("<tr id=\"protocol.api-versions.advertised\"")).isGreaterThan(same);
        assertThat(html).contains("<span class=\"badge not-reached\">NOT REACHED</span>");
    }

    @Test
    void theSummaryRowsGiveLevelCapabilitiesCountsSuiteAndFileOfEveryColumn() throws IOException {
        String html = html(threeTargets());

        assertThat(html).contains("<th scope=\"col\">1. <a href=\"report.html#t1\">kafka-4.4</a></th>")
                .contains("<th scope=\"col\">3. vendor-x</th>");
        // the row report.html's summary shows: what an application can rely on
        assertThat(html).contains("<th class=\"row\" scope=\"row\">KIP-848 groups</th>"
                + "<td><span class=\"badge working\">✓ works</span></td><td><span class=\"badge absent\">— not offered"
                + "</span></td><td><span class=\"badge not-reached\">—</span></td>");
        assertThat(html).contains("<th class=\"row\" scope=\"row\">transactions</th>")
                .contains("<th class=\"row\" scope=\"row\">compaction</th>")
                .contains("<th class=\"row\" scope=\"row\">Streams</th>");
        assertThat(html).contains("<th class=\"row\" scope=\"row\">Level held</th>");
        assertThat(html).contains("<span class=\"badge not-reached\">not reached</span>");
        assertThat(html).contains("<li>1 PASS</li><li>1 FAIL</li><li>1 UNSUPPORTED</li>");
        assertThat(html).contains("<code>run/results.json</code>").contains("<code>vendor.json</code>");
    }

    @Test
    void aCellLinksToTheChecksRowInTheFullReportBesideIt() throws IOException {
        String html = html(threeTargets());

        assertThat(html).contains("<a href=\"report.html#t2-protocol.produce.acks-all\"><span class=\"badge fail\">FAIL</span></a>");
        // report.html has no row for a sweep check that passed or was skipped: its matrix shows it
        assertThat(html).contains("<a href=\"report.html#t2-matrix\"><span class=\"badge skipped\">SKIPPED</span></a>")
                .doesNotContain("report.html#t2-protocol.sweep.fetch.v18");
    }

    @Test
    void everyLinkIntoTheRunsReportPointsAtAnElementOfIt() throws IOException {
        TargetReport reference = ReportFixture.reference();
        TargetReport other = ReportFixture.target("kafka-3.9").check(check("protocol.produce.acks-all").outcome(Outcome.FAIL))
                .check(check("protocol.sweep.fetch.v18").outcome(Outcome.SKIPPED)).check(check("protocol.sweep.fetch.v17"))
                .build();
        RunReport run = ReportFixture.run(reference, other);
        StringWriter report = new StringWriter();
        new HtmlReport().write(run, report);
        String html = html(Comparison.of(List.of(new Comparison.Source("results.json", run, HtmlReport.FILE_NAME))));

        List<String> links = java.util.regex.Pattern.compile("href=\"report\\.html#([^\"]+)\"").matcher(html).results()
                .map(m -> m.group(1)).toList();
        assertThat(links).hasSizeGreaterThan(10).allSatisfy(anchor -> assertThat(report.toString())
                .contains(" id=\"" + anchor + "\""));
    }

    @Test
    void thePageIsSelfContainedScriptFreeAndEscapesWhatTheEndpointSaid() throws IOException {
        String html = html(threeTargets());

        assertThat(html).doesNotContainIgnoringCase("<script");
        assertThat(html).doesNotContainPattern("(?i)(src|href|action|data)\\s*=\\s*[\"']?\\s*(https?:)?//");
        assertThat(html).doesNotContainPattern("(?i)url\\s*\\(").doesNotContainPattern("(?i)<(link|img|iframe)\\b");
        assertThat(html).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void differentCheckListsAreSaidOnThePageAndInMarkdown() throws IOException {
        RunReport older = ReportFixture.run(ReportFixture.target("kafka-4.4").check(check("protocol.a.kept"))
                .check(check("protocol.a.gone")).build());
        RunReport newer = ReportFixture.run(ReportFixture.target("kafka-4.4").check(check("protocol.a.kept"))
                .check(check("protocol.a.new")).build());
        newer = new RunReport(newer.schemaVersion(), newer.tool(), "0.2.0", newer.baseline(), newer.startedAt(),
                newer.finishedAt(), newer.selection(), newer.targets(), newer.checkList(), Optional.empty(),
                Optional.empty());
        Comparison comparison = Comparison.of(List.of(new Comparison.Source("a.json", older, ""),
                new Comparison.Source("b.json", newer, "")));

        String html = html(comparison);
        assertThat(html).contains("<strong>The columns ran different check lists.</strong>")
                .contains("<li>protocol.a.gone: only in the suite of column 1</li>")
                .contains("<li>protocol.a.new: only in the suite of column 2</li>")
                .contains("kconform 0.1.0-SNAPSHOT (column 1); kconform 0.2.0 (column 2)")
                .contains("<span class=\"badge not-in-suite\">NOT IN SUITE</span>");
        assertThat(markdown(comparison)).contains("- protocol.a.gone: only in the suite of column 1");
    }

    @Test
    void markdownIsShortListingOnlyDifferencesAndCountingTheRest() throws IOException {
        String md = markdown(threeTargets());

        assertThat(md.lines().findFirst()).hasValue("**3 targets side by side: 3 checks differ**");
        assertThat(md).contains("| `protocol.produce.acks-all` | PASS | FAIL | NOT REACHED |")
                .contains("And 1 sweep checks of API versions some targets do not advertise")
                .doesNotContain("`protocol.api-versions.advertised`")
                .contains("| Level held | ");
    }

    @Test
    void theConsoleTableListsDifferencesWithinTheWidthAndCountsTheRest() {
        String text = ComparisonConsole.render(threeTargets(), 80);

        assertThat(text.lines().findFirst()).hasValue("3 targets side by side: 3 checks differ");
        assertThat(text).contains("  1. kafka-4.4 — level ").contains("  3. vendor-x — level not reached; vendor.json");
        assertThat(text).containsPattern("protocol.produce.acks-all +PASS +FAIL +unreached");
        assertThat(text).contains("and 1 sweep checks of API versions not every target advertises");
        assertThat(text).doesNotContain("\u001b");
        assertThat(text.lines().filter(l -> !l.matches("\\s+\\d+\\. .*"))).allSatisfy(l -> assertThat(l.length())
                .isLessThanOrEqualTo(80));
    }

    @Test
    void aFilterIsSaidAndTheConsoleListsEveryRowItKeeps() {
        Comparison filtered = threeTargets().filtered(new Comparison.Filter(Set.of(Battery.PROTOCOL), Set.of(),
                Set.of(Comparison.Result.PASS), false));

        String text = ComparisonConsole.render(filtered, 120);

        assertThat(text.lines().findFirst()).hasValue(
                "3 targets side by side: 2 checks differ (filter: battery protocol; outcome PASS)");
        assertThat(text).contains("protocol.api-versions.advertised").doesNotContain("groups.consumer-protocol");
    }

    @Test
    void bothFilesAreWrittenWholeAndNothingIsLeftBehindWhenTheFolderIsAFile() throws IOException {
        List<Path> written = ComparisonReport.writeAll(threeTargets(), "1.2.3", dir.resolve("out"));

        assertThat(written).containsExactly(dir.resolve("out/compare.html"), dir.resolve("out/compare.md"));
        assertThat(Files.readString(written.get(0))).endsWith("</html>\n");
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("compare.html",
                    "compare.md");
        }
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ComparisonReport.writeAll(threeTargets(), "1.2.3",
                notAFolder)).isInstanceOf(IOException.class);
        assertThat(Files.readString(notAFolder)).isEqualTo("x");
    }
}
