package io.kconform.report.render;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.report.ReportFixture;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class BadgeReportTest {

    private static String render(RunReport run, String fileName) throws IOException {
        StringWriter out = new StringWriter();
        new BadgeReport().write(run, fileName, out);
        return out.toString();
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    }

    private static TargetReport holding(Level top) {
        ReportFixture.TargetBuilder target = ReportFixture.target("t");
        for (Level level : Level.values()) {
            target.check(check("protocol." + level.id() + ".check").level(level)
                    .outcome(level.ordinal() <= top.ordinal() ? Outcome.PASS : Outcome.FAIL));
        }
        return target.build();
    }

    @Test
    void theBadgeNamesTheLevelHeldInWellFormedSvgColouredByLevel() throws Exception {
        String platform = render(ReportFixture.run(holding(Level.PLATFORM)), "badge.svg");
        String ingest = render(ReportFixture.run(holding(Level.INGEST)), "badge.svg");

        Document svg = parse(platform);
        assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(svg.getDocumentElement().getAttribute("aria-label")).isEqualTo("kconform: PLATFORM");
        assertThat(platform).contains(">kconform</text>").contains(">PLATFORM</text>").contains("fill=\"#2da44e\"");
        assertThat(ingest).contains(">INGEST</text>").contains("fill=\"#d4731a\"").doesNotContain("#2da44e");
        assertThat(platform).doesNotContain("<script").doesNotContain("href").doesNotContain("<image");
    }

    @Test
    void noLevelHeldReadsNotCertifiedAndAnUnreachableTargetNotAssessed() throws IOException {
        TargetReport failing = ReportFixture.target("t").check(check("protocol.produce.acks-all")
                .outcome(Outcome.FAIL)).build();

        assertThat(render(ReportFixture.run(failing), "badge.svg")).contains(">not certified</text>")
                .contains("fill=\"#cf222e\"");
        assertThat(render(ReportFixture.run(ReportFixture.unreachable()), "badge.svg"))
                .contains(">not assessed</text>");
    }

    @Test
    void aLevelHeldWithTheNextOneNotAssessedSaysThePartialRun() throws IOException {
        // STORAGE and up: its only MUST check was not selected.
        TargetReport partial = ReportFixture.target("t").check(check("protocol.produce.acks-all"))
                .check(check("groups.offsets.commit-fetch").level(Level.MESSAGING))
                .check(check("storage.replay.from-beginning").level(Level.STORAGE).notSelected()).build();

        assertThat(render(ReportFixture.run(partial), "badge.svg")).contains(">MESSAGING · partial</text>");
    }

    @Test
    void severalTargetsGetOneBadgeEachNamedAfterTheTargetAndEscaped() throws Exception {
        RunReport run = ReportFixture.run(holding(Level.STORAGE), ReportFixture.target("a<b>&c").build());

        assertThat(new BadgeReport().fileNames(run)).containsExactly("badge-t.svg", "badge-a-b--c.svg");
        String first = render(run, "badge-t.svg");
        String second = render(run, "badge-a-b--c.svg");
        assertThat(first).contains(">kconform t</text>").contains(">STORAGE</text>");
        assertThat(second).contains(">kconform a&lt;b&gt;&amp;c</text>");
        parse(second);
    }
}
