package io.kconform.report.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.report.ReportFixture;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static String render(RunReport report) throws IOException {
        StringWriter out = new StringWriter();
        new HtmlReport().write(report, out);
        return out.toString();
    }

    @Test
    void theHeadlineOfASingleTargetIsThePageHeadingAndComesBeforeAnyTable() throws IOException {
        TargetReport target = ReportFixture.reference();
        String html = render(ReportFixture.run(target));
        String headline = target.verdict().headline();

        assertThat(html).contains("<h1 class=\"headline verdict-partial\">" + headline + "</h1>");
        assertThat(html).contains("<title>kafka-4.4: " + headline + "</title>");
        int body = html.indexOf("<body>");
        assertThat(html.indexOf(headline, body)).isPositive().isLessThan(html.indexOf("<table"));
        // Nothing with text comes between <body> and the heading.
        assertThat(html.substring(body, html.indexOf("<h1"))).matches("(?s)<body>\\s*<header class=\"top\">\\s*");
    }

    @Test
    void withSeveralTargetsEveryHeadlineComesFirstWithItsTargetName() throws IOException {
        RunReport report = ReportFixture.realistic();
        String html = render(report);
        int firstTable = html.indexOf("<table");

        for (TargetReport target : report.targets()) {
            String entry = target.name() + "</a>: " + target.verdict().headline();
            assertThat(html.indexOf(entry)).as(target.name()).isPositive().isLessThan(firstTable);
        }
    }

    @Test
    void markupInAMessageFromTheEndpointIsEscaped() throws IOException {
        String html = render(ReportFixture.realistic());

        assertThat(html).doesNotContain("<script>alert(1)</script>");
        assertThat(html).contains("expected 1 record | got 0 &lt;script&gt;alert(1)&lt;/script&gt;\nsecond line");
        // The page has no script of its own: it reads the same with scripts off.
        assertThat(Pattern.compile("(?i)<script").matcher(html).results().count()).isZero();
    }

    @Test
    void nothingOnThePageRefersToTheNetwork() throws IOException {
        String html = render(ReportFixture.realistic());

        assertThat(html).doesNotContainPattern("(?i)(src|href|action|data)\\s*=\\s*[\"']?\\s*(https?:)?//");
        assertThat(html).doesNotContainPattern("(?i)url\\s*\\(");
        assertThat(html).doesNotContainPattern("(?i)@import");
        assertThat(html).doesNotContainPattern("(?i)<(link|img|iframe|object|embed)\\b");
        assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://");
    }

    @Test
    void everyCheckHasARowWithItsIdAndEveryLinkPointsAtAnElementOfThePage() throws IOException {
        RunReport report = ReportFixture.realistic();
        String html = render(report);

        for (CheckResult check : report.targets().get(0).checks()) {
            assertThat(html).contains("<tr id=\"t1-" + check.id() + "\"");
            assertThat(html).contains("<code class=\"id\">" + check.id() + "</code>");
        }
        List<String> ids = matches(html, "\\sid=\"([^\"]+)\"");
        assertThat(matches(html, "href=\"#([^\"]+)\"")).isNotEmpty().allSatisfy(anchor -> assertThat(ids).contains(anchor));
    }

    @Test
    void theLadderLinksEachBlockerToItsRow() throws IOException {
        String html = render(ReportFixture.realistic());

        assertThat(html).contains("<a href=\"#t1-storage.compaction.latest-value-kept\">");
        assertThat(html).contains("<span class=\"badge not-certified\">NOT CERTIFIED</span>");
        assertThat(html).contains("<span class=\"badge blocked-below\">BLOCKED BELOW</span>");
    }

    @Test
    void outcomesReadWithoutColourAndUnselectedChecksAreMuted() throws IOException {
        String html = render(ReportFixture.realistic());

        for (String label : List.of("PASS", "FAIL", "UNSUPPORTED", "SKIPPED", "ERROR", "NOT SELECTED")) {
            String css = label.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
            assertThat(html).contains("<td class=\"nowrap\"><span class=\"badge " + css + "\">" + label + "</span>");
        }
        assertThat(html).contains("<tr id=\"t1-connect.source.exactly-once\" class=\"not-selected\" "
                + "data-outcome=\"NOT_SELECTED\">");
        assertThat(html).contains("table.checks tr.not-selected td { color: var(--muted)");
    }

    @Test
    void failuresOpenTheirDetailsWithHintSpecAndEvidence() throws IOException {
        String html = render(ReportFixture.realistic());
        String row = row(html, "t1-storage.compaction.latest-value-kept");

        assertThat(row).contains("<details open>")
                .contains("Look at how storage.compaction.latest-value-kept is implemented.")
                .contains("<li>KIP-98</li>")
                .contains("<pre>key k1: expected v3, read v1\nlog start offset 0, cleaner never ran</pre>")
                .contains("<span class=\"blocks\">blocks STORAGE</span>");
        assertThat(row(html, "t1-protocol.produce.idempotent")).contains("<details>").doesNotContain("<details open>");
    }

    @Test
    void theTargetSummaryAndAdvertisedVersionsAreShown() throws IOException {
        String html = render(ReportFixture.realistic());

        assertThat(html).contains("<code>sha256:9f86d081884c7d65</code>", "<code>q1Sh-9_ISia_zwGINzRvyQ</code>",
                "<code>1@localhost:39092</code>", "<code>kconform-20251126-ab12</code>",
                "<span class=\"badge fail\">3 FAIL</span>", "<span class=\"badge not-selected\">1 NOT SELECTED</span>");
        assertThat(html).contains("<tr><td>Produce</td><td class=\"nowrap\">3-13</td></tr>");
        assertThat(html).contains("<tr><td><code>transaction.version</code></td><td>2</td></tr>");
    }

    @Test
    void aTargetThatCouldNotBeReachedSaysSoAndHasNoCheckTables() throws IOException {
        String html = render(ReportFixture.run(ReportFixture.unreachable()));

        assertThat(html).contains("role=\"alert\"")
                .contains("connection refused: broker-1.vendor-x.internal:9092")
                .doesNotContain("class=\"checks\"")
                .doesNotContain("class=\"ladder\"")
                .as("nothing is known of what it advertises: no API is listed as MISSING")
                .doesNotContain("API-versions matrix").doesNotContain("MISSING");
    }

    private static String row(String html, String anchor) {
        int start = html.indexOf("<tr id=\"" + anchor + "\"");
        assertThat(start).as(anchor).isNotNegative();
        return html.substring(start, html.indexOf("</tr>", start));
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
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
