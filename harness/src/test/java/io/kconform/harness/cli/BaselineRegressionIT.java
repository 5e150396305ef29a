package io.kconform.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kconform.harness.run.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI gate on real brokers, as a pipeline uses it: a run of the compaction checks against Apache Kafka 4.4.0 is
 * stored; the same checks against a broker whose log cleaner is off (the storage-cleaner-off negative control) are
 * compared with it. What passed and no longer does is a regression: exit 1 with {@code --fail-on regression}, the
 * console, results.json and junit.xml all name it, and the written file is valid and verifies.
 */
class BaselineRegressionIT {

    /** Two checks that need the log cleaner; a broker without it fails both. */
    private static final String COMPACTION_CHECKS =
            "storage.compaction.latest-value-kept,storage.compaction.tombstone-removed";

    @TempDir
    Path dir;

    private int run(StringWriter console, String... args) {
        int exit = KconformMain.execute(new PrintWriter(console, true), new PrintWriter(console, true), args);
        System.out.println(console);
        return exit;
    }

    @Test
    void aCheckThatPassedInTheBaselineAndFailsNowFailsTheGate() throws Exception {
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, """
                targets:
                  - name: kafka-4.4
                    kind: embedded
                  - name: kafka-4.4-cleaner-off
                    kind: embedded
                    brokerProperties:
                      log.cleaner.enable: "false"
                """);
        Path first = dir.resolve("first");
        assertThat(run(new StringWriter(), "run", "--targets", targets.toString(), "--target", "kafka-4.4", "--check",
                COMPACTION_CHECKS, "--output", first.toString(), "--no-color")).isEqualTo(ExitCode.DONE);
        Path baseline = first.resolve("results.json");
        assertThat(run(new StringWriter(), "verify", baseline.toString())).isEqualTo(ExitCode.DONE);

        Path second = dir.resolve("second");
        StringWriter console = new StringWriter();
        int exit = run(console, "run", "--targets", targets.toString(), "--target", "kafka-4.4-cleaner-off", "--check",
                COMPACTION_CHECKS, "--baseline", baseline.toString(), "--fail-on", "regression", "--output",
                second.toString(), "--no-color");

        assertThat(exit).isEqualTo(ExitCode.FAIL_ON_MET);
        assertThat(console.toString())
                .contains("kafka-4.4-cleaner-off: 2 checks changed, 2 regressions (compared with its target kafka-4.4):")
                .contains("storage.compaction.latest-value-kept PASS → FAIL (regression)")
                .contains("Exit 1 (--fail-on regression): kafka-4.4-cleaner-off: passed in the baseline, not now: ");
        JsonNode written = new ObjectMapper().readTree(second.resolve("results.json").toFile());
        assertThat(written.at("/comparedWith/targets/kafka-4.4-cleaner-off").textValue()).isEqualTo("kafka-4.4");
        for (JsonNode check : written.at("/targets/0/checks")) {
            if (COMPACTION_CHECKS.contains(check.get("id").textValue())) {
                assertThat(check.at("/change/before").textValue()).isEqualTo("PASS");
                assertThat(check.at("/change/now").textValue()).isEqualTo("FAIL");
                assertThat(check.at("/change/regression").booleanValue()).isTrue();
            } else {
                assertThat(check.get("change").isNull()).as(check.get("id").textValue()).isTrue();
            }
        }
        assertThat(Files.readString(second.resolve("junit.xml")))
                .contains("message=\"changed since baseline: PASS → FAIL (regression);");
        assertThat(ResultsSchema.violations(second.resolve("results.json"))).isEmpty();
        assertThat(run(new StringWriter(), "verify", second.resolve("results.json").toString()))
                .isEqualTo(ExitCode.DONE);
    }
}
