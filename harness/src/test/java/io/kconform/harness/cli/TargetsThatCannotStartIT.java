package io.kconform.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kconform.api.Outcome;
import io.kconform.harness.run.ExitCode;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.render.JsonReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targets that cannot start, through the command line as a user runs them: a {@code testcontainers}
 * target on a machine without a Docker engine is reported as not startable, with Testcontainers' own
 * reason, within seconds; an embedded broker whose configuration its release refuses is reported with
 * the cause and the last lines of its log; the good embedded target of the same run still runs and
 * passes; the run exits with 3; the console and results.json say why each bad target was not assessed.
 */
class TargetsThatCannotStartIT {

    @TempDir
    Path dir;

    @Test
    void targetsThatCannotStartAreNotAssessedAndTheOtherTargetsStillRun() throws IOException {
        assumeTrue(noDockerEngineConfigured(), "a Docker engine may be reachable here; this test proves the path"
                + " without one");
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, """
                targets:
                  - name: kafka-in-docker
                    kind: testcontainers
                    image: apache/kafka:4.4.0
                    env:
                      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://127.0.0.1:${port}
                  - name: kafka-misconfigured
                    kind: embedded
                    brokerProperties:
                      log.segment.bytes: "12"
                  - name: kafka-embedded
                    kind: embedded
                """);
        Path out = dir.resolve("out");
        StringWriter console = new StringWriter();
        int exit = KconformMain.execute(new PrintWriter(console, true), new PrintWriter(console, true), "run",
                "--targets", targets.toString(), "--target", "kafka-in-docker,kafka-misconfigured,kafka-embedded",
                "--check", "protocol.apiversions.answered", "--output", out.toString(), "--no-color");
        System.out.println(console);

        assertThat(exit).isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        assertThat(console.toString())
                .contains("target kafka-in-docker did not start: no Docker engine: Could not find a valid Docker"
                        + " environment")
                .contains("Exit 3: kafka-in-docker could not be started or reached; kafka-misconfigured could not be"
                        + " started or reached.");
        // what a real run writes, for a reachable target and two that were not, is as the committed schema says,
        // and verifies
        assertThat(ResultsSchema.violations(out.resolve("results.json"))).isEmpty();
        assertThat(KconformMain.execute(new PrintWriter(console, true), new PrintWriter(console, true), "verify",
                out.resolve("results.json").toString())).isEqualTo(ExitCode.DONE);

        RunReport run = JsonReport.read(out.resolve("results.json"));
        TargetReport container = run.targets().get(0);
        assertThat(container.name()).isEqualTo("kafka-in-docker");
        assertThat(container.kind()).isEqualTo("testcontainers");
        assertThat(container.error()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("target kafka-in-docker did not start: no Docker engine: "));
        assertThat(container.checks()).noneMatch(CheckResult::selected);
        // Not a speed figure: the guard against a discovery that hangs (its bound is 20 s).
        System.out.println("container target reported after " + container.duration().toMillis() + " ms");
        assertThat(container.duration()).isLessThan(Duration.ofSeconds(30));

        // Kafka refuses a segment size under 1 MiB when it reads the configuration, before anything listens.
        assertThat(console.toString()).contains("target kafka-misconfigured did not start: formatting storage failed")
                .contains("last lines of its log:").contains("log.segment.bytes");
        TargetReport misconfigured = run.targets().get(1);
        assertThat(misconfigured.error()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("target kafka-misconfigured did not start: formatting storage failed"));
        assertThat(misconfigured.checks()).noneMatch(CheckResult::selected);

        TargetReport embedded = run.targets().get(2);
        assertThat(embedded.error()).isEmpty();
        assertThat(embedded.checks().stream().filter(c -> c.id().equals("protocol.apiversions.answered")))
                .singleElement().satisfies(c -> assertThat(c.outcome()).isEqualTo(Outcome.PASS));
        assertThat(embedded.clusterId()).isNotEmpty();
        assertThat(embedded.software()).hasValueSatisfying(software -> assertThat(software.name() + " "
                + software.version() + ", " + software.source()).startsWith("Apache Kafka 4.").endsWith(
                ", launched by kconform"));
        assertThat(run.checkList().count()).isEqualTo(embedded.checks().size());

        // the three side by side, beside the full report: the two not reached have no outcome, never a gap
        String compare = Files.readString(out.resolve("compare.html"));
        assertThat(compare).contains("<h1>3 targets side by side: no check differs</h1>")
                .contains("<a href=\"report.html#t3-protocol.apiversions.answered\"><span class=\"badge pass\">PASS</span></a>")
                .contains("<td><span class=\"badge not-reached\">NOT REACHED</span></td>");
        assertThat(Files.readString(out.resolve("report.html"))).contains("<a href=\"compare.html\">")
                .contains(" id=\"t3-protocol.apiversions.answered\"");
    }

    /**
     * Whether nothing points Testcontainers at an engine: no DOCKER_HOST, no default socket, no
     * engine named in ~/.testcontainers.properties. Asking Testcontainers itself would settle its
     * answer for the run under test, in this JVM.
     */
    private static boolean noDockerEngineConfigured() throws IOException {
        if (System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        Path properties = Path.of(System.getProperty("user.home"), ".testcontainers.properties");
        if (Files.exists(properties)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(properties)) {
                p.load(in);
            }
            return p.getProperty("docker.host") == null && p.getProperty("tc.host") == null;
        }
        return true;
    }
}
