package io.kconform.report.render;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.report.ReportFixture;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The summary at the top of report.html: verdict line, SVG ladder and bars, capability row, blockers. */
class HtmlSummaryTest {

    /**
     * Holds MESSAGING; STORAGE has a MUST check that FAILS and one that is UNSUPPORTED; EXACTLY_ONCE passes its own
     * checks but is blocked below; PLATFORM's only MUST check was not selected.
     */
    private static TargetReport vendor() {
        return ReportFixture.target("vendor-y")
                .check(check("protocol.produce.acks-all"))
                .check(check("protocol.produce.idempotent"))
                .check(check("groups.offsets.commit-fetch").level(Level.MESSAGING))
                .check(check("storage.replay.from-beginning").level(Level.STORAGE))
                .check(check("storage.compaction.latest-value-kept").level(Level.STORAGE).outcome(Outcome.FAIL)
                        .message("key k1: expected v3, read v1"))
                .check(check("storage.delete-records.low-watermark").level(Level.STORAGE).outcome(Outcome.UNSUPPORTED)
                        .message("DeleteRecords refused: UNSUPPORTED_VERSION"))
                .check(check("eos.txn.abort-invisible-read-committed").level(Level.EXACTLY_ONCE))
                .check(check("eos.txn.zombie-fenced").level(Level.EXACTLY_ONCE).strength(Strength.SHOULD))
                .check(check("connect.source.exactly-once").level(Level.PLATFORM).notSelected())
                .build();
    }

    private static String render(RunReport report) throws IOException {
        StringWriter out = new StringWriter();
        new HtmlReport().write(report, out);
        return out.toString();
    }

    @Test
    void theVerdictLineSaysTheLevelHeldWhatItMeansAndWhatHoldsTheNextOneBack() throws IOException {
        String html = render(ReportFixture.run(vendor()));

        String line = element(html, "<p class=\"verdict-line verdict-partial\" id=\"t1-verdict\">", "</p>");
        assertThat(line).contains("<strong class=\"role\">message bus</strong>")
                .contains("Holds MESSAGING — a message bus: applications produce and consume")
                .contains("Not yet the backbone: STORAGE is held back by 1 FAIL and 1 UNSUPPORTED MUST checks.");
        assertThat(html.indexOf("id=\"t1-verdict\"")).as("the summary comes before every folded detail and table")
                .isLessThan(html.indexOf("<details")).isLessThan(html.indexOf("<table"));
    }

    @Test
    void theLadderIsAnSvgOfEveryLevelTopDownWithTheHighestHeldMarked() throws IOException {
        String html = render(ReportFixture.run(vendor()));

        String ladder = element(html, "<svg class=\"level-ladder\" id=\"t1-ladder\"", "</svg>");
        assertThat(matches(ladder, "<g class=\"rung [a-z- ]+\" data-level=\"([A-Z_]+)\">"))
                .containsExactly("PLATFORM", "EXACTLY_ONCE", "STORAGE", "MESSAGING", "INGEST");
        assertThat(ladder).contains("<g class=\"rung certified highest\" data-level=\"MESSAGING\">")
                .contains("<g class=\"rung certified\" data-level=\"INGEST\">")
                .contains("<g class=\"rung not-certified\" data-level=\"STORAGE\">")
                .contains("<g class=\"rung blocked-below\" data-level=\"EXACTLY_ONCE\">")
                .contains("<g class=\"rung not-assessed\" data-level=\"PLATFORM\">")
                .contains("◀ HELD</text>")
                .contains("<text class=\"reading\" x=\"118\" y=\"20\">backbone: Connect and Streams on it</text>")
                .contains(">on-ramp: publish to it</text>")
                .contains("<title id=\"t1-ladder-title\">Certification levels of vendor-y: PLATFORM NOT ASSESSED,"
                        + " EXACTLY_ONCE BLOCKED BELOW, STORAGE NOT CERTIFIED, MESSAGING HELD, INGEST HELD</title>");
        assertThat(matches(ladder, "(<rect )")).hasSize(5);
    }

    @Test
    void eachBatteryHasABarSplitByOutcomeWhoseSegmentsFillIt() throws IOException {
        String html = render(ReportFixture.run(vendor()));

        String bars = element(html, "<svg class=\"battery-bars\" id=\"t1-bars\"", "</svg>");
        assertThat(matches(bars, "<g class=\"bar\" data-battery=\"([a-z]+)\">"))
                .containsExactly("protocol", "groups", "storage", "eos", "connect");
        String storage = element(bars, "data-battery=\"storage\"", "</g>");
        assertThat(matches(storage, "data-outcome=\"([A-Z_]+)\"")).containsExactly("PASS", "FAIL", "UNSUPPORTED");
        assertThat(storage).contains(">1 PASS · 1 FAIL · 1 UNSUPPORTED</text>")
                .contains("<title>storage: 1 FAIL</title>");
        double total = matches(storage, "width=\"([0-9.]+)\"").stream().mapToDouble(Double::parseDouble).sum();
        assertThat(total).isCloseTo(SummaryView.BAR_WIDTH, org.assertj.core.data.Offset.offset(0.2));
        assertThat(element(bars, "data-battery=\"connect\"", "</g>")).contains("data-outcome=\"NOT_SELECTED\"")
                .contains(">1 NOT SELECTED</text>");
    }

    @Test
    void eachLevelNotHeldListsItsBlockersWithFailApartFromUnsupported() throws IOException {
        String html = render(ReportFixture.run(vendor()));

        assertThat(html).doesNotContain("id=\"t1-held-back-ingest\"").doesNotContain("id=\"t1-held-back-messaging\"");
        String storage = element(html, "id=\"t1-held-back-storage\"", "</section>");
        String failed = element(storage, "<ul class=\"blockers fail\">", "</ul>");
        String unsupported = element(storage, "<ul class=\"blockers unsupported\">", "</ul>");
        assertThat(storage).contains("FAIL — claimed, broken (1):", "UNSUPPORTED — not offered (1):");
        assertThat(failed).contains("<a href=\"#t1-storage.compaction.latest-value-kept\">")
                .contains("key k1: expected v3, read v1").doesNotContain("delete-records");
        assertThat(unsupported).contains("<a href=\"#t1-storage.delete-records.low-watermark\">")
                .contains("DeleteRecords refused: UNSUPPORTED_VERSION").doesNotContain("compaction");

        String exactlyOnce = element(html, "id=\"t1-held-back-exactly-once\"", "</section>");
        assertThat(exactlyOnce).contains("BLOCKED BELOW").contains("it needs every level below")
                .doesNotContain("class=\"blockers");
        String platform = element(html, "id=\"t1-held-back-platform\"", "</section>");
        assertThat(platform).contains("<ul class=\"blockers not-assessed\">")
                .contains("<a href=\"#t1-connect.source.exactly-once\">").contains("NOT SELECTED")
                .doesNotContain("class=\"blockers fail\"").doesNotContain("class=\"blockers unsupported\"");
        assertThat(html).contains("<tr id=\"t1-storage.compaction.latest-value-kept\"")
                .contains("<tr id=\"t1-storage.delete-records.low-watermark\"");
    }

    @Test
    void theCapabilityRowMarksWhatWorksWhatIsBrokenAndWhatWasNotAssessed() throws IOException {
        String html = render(ReportFixture.run(vendor()));

        String row = element(html, "<ul class=\"marks\" id=\"t1-marks\"", "</ul>");
        assertThat(row).contains("<li class=\"yes\" title=\"works: 2 of 2 checks PASS\">transactions<span class=\"sign\">✓</span>")
                .contains("<li class=\"broken\" title=\"broken: 1 of 1 checks FAIL\">compaction<span class=\"sign\">✗</span>")
                .contains(">Connect<span class=\"sign\">?</span>")
                .contains(">Streams<span class=\"sign\">?</span>")
                .contains(">KIP-848 groups<span class=\"sign\">");
        assertThat(row.indexOf(">transactions<")).isLessThan(row.indexOf(">compaction<"));
    }

    @Test
    void everyDetailIsFoldedSoNoCheckRowIsVisibleBeforeUnfolding() throws IOException {
        String html = render(ReportFixture.run(vendor()));

        // the target in full, five batteries, the API-versions matrix, the advertised versions; none open
        assertThat(matches(html, "<details class=\"fold\"( open)?")).hasSize(8).allMatch(String::isEmpty);
        // Every check row lies inside a folded section: after a fold's start and before its end.
        String outside = html.replaceAll("(?s)<details class=\"fold\".*?</details>\\s*</section>", "");
        assertThat(outside).doesNotContain("<tr id=").contains("id=\"t1-ladder\"").contains("id=\"t1-verdict\"");
    }

    @Test
    void thePageNeedsNoScriptNorNetworkAndPrintsTheSummary() throws IOException {
        String html = render(ReportFixture.realistic());

        assertThat(html).doesNotContainPattern("(?i)<script").doesNotContainPattern("(?i)\\son[a-z]+\\s*=")
                .doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
                .doesNotContain("xmlns");
        String print = element(html, "@media print {", "\n}");
        assertThat(print).contains("table.checks details:not([open]) { display: none; }")
                .doesNotContain("section.summary").doesNotContain("svg { display: none");
    }

    @Test
    void aTargetNotReachedSaysSoAndDrawsNothing() throws IOException {
        String html = render(ReportFixture.run(ReportFixture.unreachable()));

        assertThat(element(html, "id=\"t1-verdict\">", "</p>"))
                .contains("Not assessed: the target could not be started or reached; nothing is certified.");
        assertThat(html).doesNotContain("<svg").doesNotContain("class=\"marks\"").doesNotContain("held-back-");
    }

    private static String element(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as(start).isNotNegative();
        int to = text.indexOf(end, from + start.length());
        assertThat(to).as(end).isPositive();
        return text.substring(from, to);
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1) == null ? "" : matcher.group(1));
        }
        return found;
    }
}
