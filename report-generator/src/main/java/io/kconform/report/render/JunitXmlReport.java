package io.kconform.report.render;

import io.kconform.api.Battery;
import io.kconform.report.model.Change;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes {@code junit.xml} in the common JUnit XML shape that CI systems read (the Ant/Jenkins format).
 *
 * <p>Guarantees: one {@code <testsuite name="kconform.<target>">} per target, in the order they ran, its
 * {@code time} the target's wall time (start and cleanup included) and the root's {@code time} the run's; one
 * {@code <testcase classname="kconform.<target>.<battery>" name="<check id>" time="<seconds>">} per selected
 * check, in catalog order, so two targets never share a class. FAIL gives a {@code <failure>}, ERROR an
 * {@code <error>}, each with the message, hint, spec and evidence in its body; a MUST check that holds a level
 * back (one of the verdict's blockers), UNSUPPORTED included, is a {@code <failure type="UNSUPPORTED">}: a level
 * lost never looks green. Other UNSUPPORTED and SKIPPED checks give {@code <skipped message="UNSUPPORTED: ...">}
 * and {@code <skipped message="SKIPPED: ...">}. A check whose result changed since a baseline says so first in its
 * message ({@code "changed since baseline: PASS → FAIL (regression); ..."}). Checks the run did not select are
 * left out. A target that could not be started or reached gets one testcase {@code target.available}, class
 * {@code kconform.<target>.target}, in error, so that CI never turns green on a target that was not tested. The XML
 * is well-formed whatever the endpoint sent: it is written with the JDK's StAX writer, and characters XML 1.0
 * cannot carry become U+FFFD. Thread-safe.
 */
public final class JunitXmlReport implements ReportFormat {

    /** The file name {@link ReportWriter} uses. */
    public static final String FILE_NAME = "junit.xml";

    /** The test case a target that could not be started or reached fails with. */
    public static final String TARGET_AVAILABLE = "target.available";

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    // The JDK's own implementation, not whichever StAX provider a classpath happens to bring.
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newDefaultFactory();

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        List<Suite> suites = suites(report);
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            newline(xml, 0);
            xml.writeStartElement("testsuites");
            attribute(xml, "name", report.tool() == null ? "kconform" : report.tool());
            writeCounts(xml, suites.stream().flatMap(s -> s.cases().stream()).toList(), runTime(report));
            for (Suite suite : suites) {
                newline(xml, 1);
                writeSuite(xml, suite, report);
            }
            newline(xml, 0);
            xml.writeEndElement();
            newline(xml, 0);
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("writing " + FILE_NAME + " failed: " + e.getMessage(), e);
        }
    }

    /** A test suite: a name, its target, its wall time, and its cases. */
    private record Suite(String name, TargetReport target, Duration time, List<Case> cases) {
    }

    /**
     * A test case: a selected check, or the stand-in for a target that was not available. {@code element} is
     * {@code failure}, {@code error}, {@code skipped} or null for a pass.
     */
    private record Case(String classname, String name, Duration time, String element, String type, String message,
                        String body) {
    }

    private static List<Suite> suites(RunReport report) {
        List<Suite> suites = new ArrayList<>();
        for (TargetReport target : report.targets()) {
            String prefix = "kconform." + target.name() + ".";
            List<Case> cases = new ArrayList<>();
            if (target.error().isPresent()) {
                String reason = target.error().get();
                cases.add(new Case(prefix + "target", TARGET_AVAILABLE, target.duration(), "error", "ERROR",
                        "target not available: " + Text.oneLine(reason),
                        "The target could not be started or reached; no check ran.\n\n" + reason));
            }
            Set<String> blockers = target.verdict() == null ? Set.of() : target.verdict().levels().stream()
                    .flatMap(l -> l.blockers().stream()).map(CheckResult::id).collect(Collectors.toSet());
            for (Battery battery : Battery.values()) {
                target.checks().stream()
                        .filter(c -> c.selected() && c.battery() == battery)
                        .map(c -> testCase(prefix + battery.id(), c, blockers.contains(c.id()),
                                report.comparison().flatMap(b -> b.changeOf(target.name(), c.id()))))
                        .forEach(cases::add);
            }
            suites.add(new Suite("kconform." + target.name(), target, target.duration(), cases));
        }
        return suites;
    }

    private static Case testCase(String classname, CheckResult check, boolean blocksLevel, Optional<Change> change) {
        String message = Text.oneLine(check.message());
        String element = switch (check.outcome()) {
            case FAIL -> "failure";
            case ERROR -> "error";
            case UNSUPPORTED -> blocksLevel ? "failure" : "skipped";
            case SKIPPED -> "skipped";
            case PASS -> null;
        };
        String attribute = switch (check.outcome()) {
            case UNSUPPORTED -> check.outcome().name() + (blocksLevel ? " (a MUST check: holds " + check.level()
                    + " back)" : "") + (message.isEmpty() ? "" : ": " + message);
            case SKIPPED -> check.outcome().name() + (message.isEmpty() ? "" : ": " + message);
            default -> message;
        };
        if (change.isPresent()) {
            attribute = "changed since baseline: " + change.get().describe()
                    + (change.get().regression() ? " (regression)" : "") + (attribute.isEmpty() ? "" : "; " + attribute);
        }
        return new Case(classname, check.id(), check.duration(), element, check.outcome().name(), attribute,
                body(check));
    }

    /** What a CI page shows below the failure: enough to act on without opening another report. */
    private static String body(CheckResult check) {
        StringBuilder body = new StringBuilder();
        body.append(check.outcome()).append(' ').append(check.id()).append(" (").append(check.level()).append(", ")
                .append(check.strength()).append(")\n");
        if (!check.message().isBlank()) {
            body.append('\n').append(check.message().strip()).append('\n');
        }
        if (check.hint() != null && !check.hint().isBlank()) {
            body.append("\nIf this fails, look at: ").append(check.hint().strip()).append('\n');
        }
        if (!check.spec().isEmpty()) {
            body.append("Spec: ").append(String.join(", ", check.spec())).append('\n');
        }
        if (!check.evidence().isEmpty()) {
            body.append("\nEvidence:\n");
            check.evidence().forEach(line -> body.append("  ").append(line).append('\n'));
        }
        return body.toString();
    }

    private static void writeSuite(XMLStreamWriter xml, Suite suite, RunReport report) throws XMLStreamException {
        xml.writeStartElement("testsuite");
        attribute(xml, "name", suite.name());
        writeCounts(xml, suite.cases(), suite.time());
        if (report.startedAt() != null) {
            attribute(xml, "timestamp", timestamp(report.startedAt()));
        }
        newline(xml, 2);
        writeProperties(xml, suite.target(), report);
        for (Case testCase : suite.cases()) {
            newline(xml, 2);
            writeCase(xml, testCase);
        }
        newline(xml, 1);
        xml.writeEndElement();
    }

    private static void writeProperties(XMLStreamWriter xml, TargetReport target, RunReport report)
            throws XMLStreamException {
        xml.writeStartElement("properties");
        property(xml, "kconform.target", target.name());
        property(xml, "kconform.target.kind", target.kind());
        property(xml, "kconform.target.fingerprint", target.fingerprint());
        property(xml, "kconform.baseline", report.baseline());
        property(xml, "kconform.verdict", target.verdict() == null ? "" : target.verdict().headline());
        newline(xml, 2);
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        newline(xml, 3);
        xml.writeEmptyElement("property");
        attribute(xml, "name", name);
        attribute(xml, "value", Text.oneLine(value));
    }

    private static void writeCase(XMLStreamWriter xml, Case testCase) throws XMLStreamException {
        String element = testCase.element();
        if (element == null) {
            xml.writeEmptyElement("testcase");
            caseAttributes(xml, testCase);
            return;
        }
        xml.writeStartElement("testcase");
        caseAttributes(xml, testCase);
        newline(xml, 3);
        if (element.equals("skipped")) {
            xml.writeEmptyElement(element);
            attribute(xml, "message", testCase.message());
        } else {
            xml.writeStartElement(element);
            attribute(xml, "message", testCase.message());
            attribute(xml, "type", testCase.type());
            xml.writeCharacters(xmlSafe(testCase.body()));
            xml.writeEndElement();
        }
        newline(xml, 2);
        xml.writeEndElement();
    }

    private static void caseAttributes(XMLStreamWriter xml, Case testCase) throws XMLStreamException {
        attribute(xml, "classname", testCase.classname());
        attribute(xml, "name", testCase.name());
        attribute(xml, "time", seconds(testCase.time()));
    }

    /** The counts of {@code cases}, and {@code time}: wall time, not the sum of the cases' times. */
    private static void writeCounts(XMLStreamWriter xml, List<Case> cases, Duration time) throws XMLStreamException {
        attribute(xml, "tests", String.valueOf(cases.size()));
        attribute(xml, "failures", String.valueOf(count(cases, "failure")));
        attribute(xml, "errors", String.valueOf(count(cases, "error")));
        attribute(xml, "skipped", String.valueOf(count(cases, "skipped")));
        attribute(xml, "time", seconds(time));
    }

    private static long count(List<Case> cases, String element) {
        return cases.stream().filter(c -> element.equals(c.element())).count();
    }

    /** The run's wall time: from its start to its end, whatever ran at once. */
    private static Duration runTime(RunReport report) {
        return report.startedAt() == null || report.finishedAt() == null ? Duration.ZERO
                : Duration.between(report.startedAt(), report.finishedAt());
    }

    private static void attribute(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeAttribute(name, xmlSafe(value == null ? "" : value));
    }

    private static void newline(XMLStreamWriter xml, int depth) throws XMLStreamException {
        xml.writeCharacters("\n" + "  ".repeat(depth));
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toMillis() / 1_000.0);
    }

    /** The xs:dateTime without zone that JUnit's schema expects, in UTC. */
    private static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /**
     * XML 1.0 cannot carry most control characters, not even escaped, and StAX writes them as they
     * are; an endpoint's message may hold any of them (an ANSI escape, a NUL), so they become U+FFFD.
     */
    static String xmlSafe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            boolean loneSurrogate = Character.isSurrogate(text.charAt(i)) && Character.charCount(cp) == 1;
            boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            out.appendCodePoint(allowed && !loneSurrogate ? cp : 0xFFFD);
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
