package io.kconform.report.render;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Outcome;
import io.kconform.report.ReportFixture;
import io.kconform.report.model.RunReport;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitXmlReportTest {

    private static String render(RunReport report) throws Exception {
        StringWriter out = new StringWriter();
        new JunitXmlReport().write(report, out);
        return out.toString();
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void countsOfFailuresErrorsAndSkipsMatchTheChecksAndTheAttributes() throws Exception {
        Document doc = parse(render(ReportFixture.realistic()));
        Element root = doc.getDocumentElement();

        // kafka-4.4: 3 FAIL, 1 ERROR, 2 UNSUPPORTED + 1 SKIPPED; vendor-x: its unavailability is an error.
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(3);
        assertThat(doc.getElementsByTagName("error").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(3);
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(14);
        assertThat(root.getAttribute("tests")).isEqualTo("14");
        assertThat(root.getAttribute("failures")).isEqualTo("3");
        assertThat(root.getAttribute("errors")).isEqualTo("2");
        assertThat(root.getAttribute("skipped")).isEqualTo("3");
        for (Element suite : elements(doc.getElementsByTagName("testsuite"))) {
            assertThat(Integer.parseInt(suite.getAttribute("tests")))
                    .isEqualTo(suite.getElementsByTagName("testcase").getLength());
            assertThat(Integer.parseInt(suite.getAttribute("failures")))
                    .isEqualTo(suite.getElementsByTagName("failure").getLength());
            assertThat(Integer.parseInt(suite.getAttribute("errors")))
                    .isEqualTo(suite.getElementsByTagName("error").getLength());
            assertThat(Integer.parseInt(suite.getAttribute("skipped")))
                    .isEqualTo(suite.getElementsByTagName("skipped").getLength());
        }
    }

    @Test
    void oneSuitePerTargetWithAClassPerTargetAndBatteryAndOneCasePerSelectedCheck() throws Exception {
        Document doc = parse(render(ReportFixture.realistic()));

        assertThat(elements(doc.getElementsByTagName("testsuite"))).extracting(e -> e.getAttribute("name"))
                .containsExactly("kconform.kafka-4.4", "kconform.vendor-x");
        Element compaction = testcase(doc, "storage.compaction.latest-value-kept");
        assertThat(compaction.getAttribute("classname")).isEqualTo("kconform.kafka-4.4.storage");
        assertThat(testcase(doc, "groups.offsets.commit-fetch").getAttribute("classname"))
                .isEqualTo("kconform.kafka-4.4.groups");
        assertThat(compaction.getAttribute("time")).isEqualTo("61.500");
        assertThat(testcase(doc, "connect.source.exactly-once")).as("not selected, left out").isNull();
        Element unavailable = testcase(doc, JunitXmlReport.TARGET_AVAILABLE);
        assertThat(unavailable.getAttribute("classname")).isEqualTo("kconform.vendor-x.target");
        assertThat(unavailable.getElementsByTagName("error").item(0).getTextContent()).contains("connection refused");
    }

    @Test
    void twoTargetsWithTheSameChecksNeverShareAClass() throws Exception {
        RunReport run = ReportFixture.run(ReportFixture.target("a").check(check("protocol.x.y")).build(),
                ReportFixture.target("b").check(check("protocol.x.y")).build());
        Document doc = parse(render(run));

        assertThat(elements(doc.getElementsByTagName("testcase"))).extracting(e -> e.getAttribute("classname"))
                .containsExactly("kconform.a.protocol", "kconform.b.protocol");
    }

    @Test
    void timesAreWallTimeNotTheSumOfTheChecks() throws Exception {
        // kafka-4.4's checks add up to more than two minutes, run side by side in 211.377 s; the run took 212.377 s
        Document doc = parse(render(ReportFixture.realistic()));

        Element kafka = elements(doc.getElementsByTagName("testsuite")).get(0);
        assertThat(kafka.getAttribute("time")).isEqualTo("211.377");
        assertThat(doc.getDocumentElement().getAttribute("time")).isEqualTo(String.format(java.util.Locale.ROOT,
                "%.3f", java.time.Duration.between(ReportFixture.STARTED, ReportFixture.FINISHED).toMillis() / 1000.0));
    }

    @Test
    void aMustCheckThatHoldsALevelBackIsAFailureEvenWhenUnsupported() throws Exception {
        RunReport run = ReportFixture.run(ReportFixture.target("t")
                .check(check("protocol.a.must").outcome(Outcome.UNSUPPORTED).message("not offered"))
                .check(check("protocol.a.should").strength(io.kconform.api.Strength.SHOULD).outcome(Outcome.UNSUPPORTED))
                .check(check("groups.a.capability").level(io.kconform.api.Level.MESSAGING)
                        .capability(io.kconform.api.Capability.KIP_848_GROUPS).outcome(Outcome.UNSUPPORTED))
                .build());
        Document doc = parse(render(run));

        Element failure = (Element) testcase(doc, "protocol.a.must").getElementsByTagName("failure").item(0);
        assertThat(failure).as("a MUST check that blocks INGEST").isNotNull();
        assertThat(failure.getAttribute("type")).isEqualTo("UNSUPPORTED");
        assertThat(failure.getAttribute("message")).startsWith("UNSUPPORTED (a MUST check: holds INGEST back)")
                .contains("not offered");
        assertThat(testcase(doc, "protocol.a.should").getElementsByTagName("skipped").getLength()).isEqualTo(1);
        assertThat(testcase(doc, "groups.a.capability").getElementsByTagName("skipped").getLength())
                .as("a capability's MUST check never decides a level").isEqualTo(1);
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("1");
        assertThat(doc.getDocumentElement().getAttribute("skipped")).isEqualTo("2");
    }

    @Test
    void aChangeSinceTheBaselineIsSaidFirst() throws Exception {
        RunReport before = ReportFixture.run(ReportFixture.target("t").check(check("protocol.a.b")).build());
        RunReport now = ReportFixture.run(ReportFixture.target("t").check(check("protocol.a.b").outcome(Outcome.FAIL)
                .message("wrong")).build());
        RunReport gated = now.gated(java.util.Optional.of(io.kconform.report.model.BaselineComparison.of("old.json",
                "", before, now.targets())), java.util.Optional.empty());
        Document doc = parse(render(gated));

        assertThat(((Element) testcase(doc, "protocol.a.b").getElementsByTagName("failure").item(0))
                .getAttribute("message")).isEqualTo("changed since baseline: PASS → FAIL (regression); wrong");
    }

    @Test
    void everyRenderingIsValidAgainstTheJunitSchemaCiSystemsRead() throws Exception {
        javax.xml.validation.Validator validator = javax.xml.validation.SchemaFactory
                .newInstance(javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(JunitXmlReportTest.class.getResource("/junit/junit.xsd")).newValidator();
        RunReport hostile = ReportFixture.run(ReportFixture.target("t").check(check("protocol.a.b")
                .outcome(Outcome.FAIL).message("\u0000\u001b[31m <x> & ]]>")).build());
        for (RunReport run : List.of(ReportFixture.realistic(), hostile, ReportFixture.run())) {
            validator.validate(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(render(run))));
        }
        // the schema has teeth: a testcase without classname, or a failure before a skipped, is refused
        String broken = render(ReportFixture.realistic()).replaceFirst(" classname=\"[^\"]*\"", "");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validator.validate(
                new javax.xml.transform.stream.StreamSource(new java.io.StringReader(broken))))
                .hasMessageContaining("classname");
    }

    @Test
    void aFailureCarriesMessageHintAndEvidenceAndSkipsSayWhy() throws Exception {
        Document doc = parse(render(ReportFixture.realistic()));

        Element failure = (Element) testcase(doc, "storage.compaction.latest-value-kept")
                .getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message"))
                .isEqualTo("expected 1 record | got 0 <script>alert(1)</script> second line");
        assertThat(failure.getTextContent()).contains(ReportFixture.HOSTILE_MESSAGE,
                "Look at how storage.compaction.latest-value-kept is implemented.", "  key k1: expected v3, read v1");
        assertThat(((Element) testcase(doc, "protocol.compression.zstd").getElementsByTagName("skipped").item(0))
                .getAttribute("message")).isEqualTo("UNSUPPORTED: UNSUPPORTED_COMPRESSION_TYPE for zstd");
        assertThat(((Element) testcase(doc, "storage.retention.time").getElementsByTagName("skipped").item(0))
                .getAttribute("message")).startsWith("SKIPPED: ");
        assertThat(testcase(doc, "storage.delete-records.low-watermark").getElementsByTagName("error").getLength())
                .isEqualTo(1);
    }

    @Test
    void charactersXmlCannotCarryDoNotBreakTheFile() throws Exception {
        RunReport report = ReportFixture.run(ReportFixture.target("odd")
                .check(check("protocol.produce.acks-all").outcome(Outcome.FAIL)
                        .message("nul\u0000 esc\u001b[31m bell\u0007 \"quoted\" & <tag> ]]> lone\ud800")
                        .evidence("form feed\f here"))
                .build());

        Document doc = parse(render(report));

        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        // The attribute is one line, control characters as spaces; the body keeps their place visible.
        assertThat(failure.getAttribute("message"))
                .isEqualTo("nul  esc [31m bell  \"quoted\" & <tag> ]]> lone\uFFFD");
        assertThat(failure.getTextContent())
                .contains("nul\uFFFD esc\uFFFD[31m bell\uFFFD \"quoted\" & <tag> ]]> lone\uFFFD")
                .contains("form feed\uFFFD here");
    }

    private static Element testcase(Document doc, String name) {
        return elements(doc.getElementsByTagName("testcase")).stream()
                .filter(e -> e.getAttribute("name").equals(name)).findFirst().orElse(null);
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }
}
