package io.kconform.report.render;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kconform.api.Outcome;
import io.kconform.report.ReportFixture;
import io.kconform.report.model.RunReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kconform verify}'s rules: a written results.json verifies; any damage is named in one plain sentence. */
class ResultsVerifierTest {

    @TempDir
    Path dir;

    private Path written(RunReport run) throws Exception {
        new ReportWriter(List.of(new JsonReport())).writeAll(run, dir);
        return dir.resolve("results.json");
    }

    @Test
    void aWrittenFileVerifiesAndReadsBackEqual() throws Exception {
        RunReport run = ReportFixture.realistic();
        Path file = written(run);

        ResultsVerifier.Verified verified = ResultsVerifier.verify(file);
        assertThat(verified.run()).isEqualTo(JsonReport.read(file));
        assertThat(verified.sha256()).matches("[0-9a-f]{64}")
                .isEqualTo(new ObjectMapper().readTree(file.toFile()).get("sha256").textValue());
    }

    @Test
    void theDigestIsOverTheCanonicalFormWithoutItself() throws Exception {
        Path file = written(ReportFixture.realistic());
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(file.toFile());
        tree.remove("sha256");
        String canonical = ResultsDigest.canonical(tree);

        assertThat(canonical).startsWith("{\"baseline\":\"Apache Kafka 4.4\",\"checkList\":{\"count\":")
                .doesNotContain("\n").endsWith("\"tool\":\"kconform\",\"toolVersion\":\"0.1.0-SNAPSHOT\"}");
        // control characters escaped as RFC 8785 says, everything else as it is
        assertThat(canonical).contains("\\n").contains("<script>");
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(ResultsVerifier.verify(file).sha256()).isEqualTo(expected);
        assertThat(ResultsDigest.canonical(new ObjectMapper().readTree("{\"b\":[1,true,null],\"a\":\"\\u0001é\\t\"}")))
                .isEqualTo("{\"a\":\"\\u0001é\\t\",\"b\":[1,true,null]}");
    }

    @Test
    void aHandEditedFileIsRefused() throws Exception {
        Path file = written(ReportFixture.realistic());
        String text = Files.readString(file);
        Files.writeString(file, text.replaceFirst("\"outcome\": \"FAIL\"", "\"outcome\": \"PASS\""));

        assertThatThrownBy(() -> ResultsVerifier.verify(file)).isInstanceOf(InvalidResultsException.class)
                .hasMessageStartingWith(file + ": was changed after kconform wrote it: it says sha256 ")
                .hasMessageContaining("but its content hashes to");
    }

    @Test
    void reformattingKeepsTheDigestValid() throws Exception {
        Path file = written(ReportFixture.realistic());
        ObjectMapper mapper = new ObjectMapper();
        Files.writeString(file, mapper.writeValueAsString(mapper.readTree(file.toFile())));

        assertThat(ResultsVerifier.verify(file).run().targets()).hasSize(2);
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        Path file = written(ReportFixture.realistic());
        String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.length() / 2));

        assertThatThrownBy(() -> ResultsVerifier.verify(file))
                .hasMessageStartingWith(file + ": is truncated: the JSON ends before it is complete (line ");
    }

    @Test
    void anotherSchemaVersionIsRefused() throws Exception {
        Path file = written(ReportFixture.realistic());
        Files.writeString(file, Files.readString(file).replaceFirst("\"schemaVersion\": 2", "\"schemaVersion\": 3"));

        assertThatThrownBy(() -> ResultsVerifier.verify(file))
                .hasMessage(file + ": has schemaVersion 3; this kconform verifies schemaVersion 2 only (use the"
                        + " kconform that wrote it)");
    }

    @Test
    void missingEmptyNotJsonNoDigestAndTrailingGarbageAreEachNamed() throws Exception {
        assertThatThrownBy(() -> ResultsVerifier.verify(dir.resolve("none.json"))).hasMessageEndingWith(": no such file");
        Path file = dir.resolve("x.json");
        Files.writeString(file, "");
        assertThatThrownBy(() -> ResultsVerifier.verify(file)).hasMessageContaining("is empty");
        Files.writeString(file, "<html>");
        assertThatThrownBy(() -> ResultsVerifier.verify(file)).hasMessageContaining("is not valid JSON (line 1");
        Files.writeString(file, "{\"schemaVersion\": 2, \"targets\": []}");
        assertThatThrownBy(() -> ResultsVerifier.verify(file)).hasMessageContaining("carries no sha256 digest");
        Path good = written(ReportFixture.realistic());
        Files.writeString(good, Files.readString(good) + "{}");
        assertThatThrownBy(() -> ResultsVerifier.verify(good)).hasMessageContaining("is not valid JSON");
    }

    @Test
    void aWellFormedFileOfTheWrongShapeIsNamedWithoutAStackTrace() throws Exception {
        // digest made to match, so only the shape is wrong
        ObjectMapper mapper = new ObjectMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                new JsonReport().toJson(ReportFixture.run(ReportFixture.target("t").check(check("protocol.a.b")
                        .outcome(Outcome.PASS)).build())));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("targets").get(0).get("checks").get(0))
                .put("outcome", "MAYBE");
        tree.put("sha256", ResultsDigest.of(tree));
        Path file = dir.resolve("shape.json");
        Files.writeString(file, mapper.writeValueAsString(tree));

        assertThatThrownBy(() -> ResultsVerifier.verify(file))
                .hasMessageStartingWith(file + ": does not have the shape of a results.json: ")
                .hasMessageContaining("MAYBE").hasMessageNotContaining("\tat ");
    }
}
