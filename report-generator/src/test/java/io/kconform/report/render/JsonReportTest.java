package io.kconform.report.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kconform.api.Capability;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.report.ReportFixture;
import io.kconform.report.model.AssessedWith;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {

    private final JsonReport json = new JsonReport();
    private final RunReport report = ReportFixture.realistic();

    @Test
    void aRoundTripThroughAFileGivesBackAnEqualReport(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.json");
        Files.writeString(file, json.toJson(report));

        RunReport back = JsonReport.read(file);

        assertThat(back).isEqualTo(report);
        // Blockers come back as the very checks of the target, not as look-alikes.
        assertThat(back.targets().get(0).verdict().levels().get(2).blockers())
                .isNotEmpty()
                .allSatisfy(blocker -> assertThat(back.targets().get(0).checks()).contains(blocker));
        assertThat(json.toJson(back)).isEqualTo(json.toJson(report));
    }

    @Test
    void schemaVersionIsTheFirstKey() throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toJson(report));

        assertThat(root.fieldNames().next()).isEqualTo("schemaVersion");
        assertThat(root.get("schemaVersion").isInt()).isTrue();
        assertThat(root.get("schemaVersion").asInt()).isEqualTo(RunReport.SCHEMA_VERSION);
    }

    @Test
    void keysFollowTheDocumentedOrder() throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toJson(report));
        JsonNode target = root.get("targets").get(0);

        assertThat(names(root)).containsExactly("schemaVersion", "tool", "toolVersion", "baseline", "startedAt",
                "finishedAt", "selection", "checkList", "comparedWith", "expected", "interrupted", "targets", "sha256");
        assertThat(names(target)).containsExactly("name", "kind", "description", "fingerprint", "clusterId", "software",
                "nodes",
                "resourcePrefix", "error", "durationMs", "verdict", "assessedWith", "apiVersions", "finalizedFeatures",
                "apiMatrix", "checks");
        assertThat(names(target.get("verdict"))).containsExactly("highest", "headline", "levels", "capabilities");
        assertThat(names(target.get("assessedWith"))).containsExactly("javaClients", "current", "reason",
                "cannotConnect");
        assertThat(names(target.get("verdict").get("levels").get(0)))
                .containsExactly("level", "state", "summary", "blockers", "missing", "unassessed");
        assertThat(names(target.get("verdict").get("capabilities").get(0)))
                .containsExactly("id", "name", "kip", "state", "summary", "findings");
        assertThat(names(target.get("checks").get(0))).containsExactly("id", "title", "battery", "level", "strength",
                "capability", "spec", "hint", "selected", "execution", "outcome", "durationMs", "message", "evidence",
                "change");
        assertThat(names(target.get("apiVersions"))).containsExactly("Produce", "Fetch", "ListOffsets", "Metadata",
                "InitProducerId");
    }

    @Test
    void durationsAreIntegerMillisecondsAndInstantsIso8601() throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toJson(report));
        JsonNode target = root.get("targets").get(0);
        JsonNode compaction = target.get("checks").get(7);

        assertThat(root.get("startedAt").asText()).isEqualTo("2025-11-26T10:15:30.123456789Z");
        assertThat(root.get("finishedAt").asText()).isEqualTo("2025-11-26T10:19:02.500Z");
        assertThat(target.get("durationMs").isIntegralNumber()).isTrue();
        assertThat(target.get("durationMs").asLong()).isEqualTo(211_377);
        assertThat(compaction.get("id").asText()).isEqualTo("storage.compaction.latest-value-kept");
        assertThat(compaction.get("durationMs").isIntegralNumber()).isTrue();
        assertThat(compaction.get("durationMs").asLong()).isEqualTo(61_500);
    }

    @Test
    void enumsAreNamesAndAbsentOptionalsAreNull() throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toJson(report));
        JsonNode reference = root.get("targets").get(0);
        JsonNode unreachable = root.get("targets").get(1);

        assertThat(reference.get("error").isNull()).isTrue();
        assertThat(reference.get("verdict").get("highest").asText()).isEqualTo("MESSAGING");
        assertThat(reference.get("verdict").get("levels").get(2).get("state").asText()).isEqualTo("NOT_CERTIFIED");
        assertThat(reference.get("verdict").get("levels").get(2).get("blockers")).extracting(JsonNode::asText)
                .containsExactly("storage.compaction.latest-value-kept", "storage.compaction.tombstone-removed",
                        "storage.compaction.dirty-ratio");
        assertThat(reference.get("checks").get(0).get("battery").asText()).isEqualTo("PROTOCOL");
        assertThat(reference.get("checks").get(0).get("outcome").asText()).isEqualTo("PASS");
        assertThat(reference.get("finalizedFeatures").get("transaction.version").asInt()).isEqualTo(2);
        assertThat(unreachable.get("error").asText()).startsWith("connection refused");
        assertThat(unreachable.get("verdict").get("highest").isNull()).isTrue();
        assertThat(unreachable.get("clusterId").isNull()).isTrue();
        assertThat(unreachable.get("checks")).isEmpty();
    }

    @Test
    void theSameReportAlwaysGivesTheSameTextWithUnixLineEnds() {
        String first = json.toJson(report);

        assertThat(json.toJson(ReportFixture.realistic())).isEqualTo(first);
        assertThat(first).doesNotContain("\r").endsWith("}\n").contains("\n  \"tool\": \"kconform\",\n");
    }

    @Test
    void aFileOfAnotherSchemaVersionIsRefusedWithAReason() {
        String newer = json.toJson(report).replaceFirst("\"schemaVersion\": 2", "\"schemaVersion\": 3");

        assertThatThrownBy(() -> JsonReport.read(new StringReader(newer)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("schemaVersion 3").hasMessageContaining("reads schemaVersion 1 to 2");
    }

    @Test
    void unknownFieldsAddedByALaterCompatibleWriterAreIgnored() throws IOException {
        String extended = json.toJson(report).replaceFirst("\"tool\":", "\"somethingNew\": {\"a\": 1},\n  \"tool\":");

        assertThat(JsonReport.read(new StringReader(extended))).isEqualTo(report);
    }

    @Test
    void aBlockerThatIsNotAmongTheChecksIsRefused() {
        String broken = json.toJson(report).replace("\"storage.compaction.dirty-ratio\"\n", "\"storage.nope.gone\"\n");

        assertThatThrownBy(() -> JsonReport.read(new StringReader(broken)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("storage.nope.gone");
    }

    @Test
    void aCheckNotRunAndItsCapabilityComeBackFromTheFile() throws IOException {
        RunReport stopped = ReportFixture.run(ReportFixture.target("stopped")
                .check(ReportFixture.check("protocol.produce.acks-all"))
                .check(ReportFixture.check("protocol.sweep.consumer-group-heartbeat.v0").level(Level.MESSAGING)
                        .capability(Capability.KIP_848_GROUPS).outcome(Outcome.FAIL).message("no answer"))
                .check(ReportFixture.check("storage.log.replay-identical").level(Level.STORAGE)
                        .notRun("not run: the target stopped answering during protocol.malformed.unknown-api-key"))
                .build());

        RunReport back = JsonReport.read(new StringReader(json.toJson(stopped)));

        assertThat(back).isEqualTo(stopped);
        assertThat(back.targets().get(0).checks().get(2).execution()).isEqualTo(CheckResult.Execution.NOT_RUN);
        assertThat(back.targets().get(0).verdict().capabilities()).isNotEmpty();
    }

    @Test
    void anInterruptedRunSaysSoAndComesBackFromTheFile() throws IOException {
        RunReport base = ReportFixture.run(ReportFixture.target("interrupted")
                .check(ReportFixture.check("protocol.produce.acks-all"))
                .check(ReportFixture.check("storage.log.replay-identical").level(Level.STORAGE)
                        .notRun("not run: the run was interrupted (SIGTERM) before this check's turn"))
                .build());
        RunReport interrupted = new RunReport(base.schemaVersion(), base.tool(), base.toolVersion(), base.baseline(),
                base.startedAt(), base.finishedAt(), base.selection(), base.targets(),
                java.util.Optional.of(new io.kconform.report.model.Interruption("SIGTERM", 1, 2)));

        String text = json.toJson(interrupted);
        JsonNode root = new ObjectMapper().readTree(text);

        assertThat(root.get("schemaVersion").asInt()).as("a compatible key: no new version").isEqualTo(2);
        assertThat(names(root.get("interrupted"))).containsExactly("signal", "completedChecks", "selectedChecks");
        assertThat(root.get("interrupted").get("signal").asText()).isEqualTo("SIGTERM");
        assertThat(JsonReport.read(new StringReader(text))).isEqualTo(interrupted);
        assertThat(interrupted.interrupted().get().describe()).isEqualTo("interrupted (SIGTERM) after 1 of 2 checks");
        assertThat(new ObjectMapper().readTree(json.toJson(report)).get("interrupted").isNull())
                .as("a run that was not interrupted").isTrue();
    }

    @Test
    void aFileWithoutTheInterruptedKeyReadsAsNotInterrupted() throws IOException {
        String older = json.toJson(report).replaceFirst("\\s*\"interrupted\": null,", "");

        assertThat(older).doesNotContain("interrupted");
        assertThat(JsonReport.read(new StringReader(older)).interrupted()).isEmpty();
    }

    @Test
    void whichJavaClientsAssessedATargetComesBackFromTheFile() throws IOException {
        AssessedWith older = new AssessedWith("3.8.1", "4.4.0", "current Java clients cannot connect: ApiVersions v5:"
                + " no response (the target closed the connection); ApiVersions v3 is answered", "3.9 and later");
        RunReport assessed = ReportFixture.run(ReportFixture.target("closes-on-v4").assessedWith(older)
                .check(ReportFixture.check("protocol.produce.acks-all")).build());

        String text = json.toJson(assessed);
        RunReport back = JsonReport.read(new StringReader(text));

        assertThat(back).isEqualTo(assessed);
        assertThat(back.targets().get(0).assessedWith()).isEqualTo(older);
        assertThat(new ObjectMapper().readTree(text).get("targets").get(0).get("assessedWith").get("javaClients")
                .asText()).isEqualTo("3.8.1");
        assertThat(back.targets().get(0).verdict().headline())
                .contains("Assessed with Java clients 3.8.1; 3.9 and later cannot connect.");
    }

    @Test
    void aFileThatDoesNotSayWhichClientsAssessedATargetReadsAsNoFinding() throws IOException {
        String older = json.toJson(report).replaceAll("\"assessedWith\": \\{[^}]*},\\s*", "");

        assertThat(older).doesNotContain("assessedWith");
        AssessedWith unknown = JsonReport.read(new StringReader(older)).targets().get(0).assessedWith();
        assertThat(unknown.javaClients()).isEmpty();
        assertThat(unknown.currentConnect()).isTrue();
    }

    @Test
    void aFileOfSchemaVersionOneReadsItsSelectedChecksAsRun() throws IOException {
        String older = json.toJson(report).replaceAll("\"execution\": \"RAN\",\\s*", "")
                .replaceFirst("\"schemaVersion\": 2", "\"schemaVersion\": 1");

        assertThat(older).doesNotContain("\"RAN\"");
        RunReport back = JsonReport.read(new StringReader(older));
        assertThat(back.schemaVersion()).isEqualTo(1);
        assertThat(back.targets()).isEqualTo(report.targets());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
