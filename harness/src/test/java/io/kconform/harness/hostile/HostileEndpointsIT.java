package io.kconform.harness.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.cli.KconformMain;
import io.kconform.harness.launch.FreePorts;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever an endpoint sends, a run ends with a report that says in plain words what it did, and no stack
 * trace: every {@link HostileServer.Behaviour} on its own, a plain listener asked for TLS, a refused port, and
 * the seeded random mode over {@code hostile.seeds} seeds (4 by default, to keep the build short; {@code bench/hostile-seeds.sh} runs
 * many more). The runs go through the command line in this JVM, as a user's would, with the ApiVersions
 * checks selected so that each stays short. The JUnit timeouts guard against a hang only; how long a run
 * takes is measured by the script, never asserted.
 */
class HostileEndpointsIT {

    private static final String CHECKS = "protocol.apiversions.*";

    @TempDir
    Path dir;

    /** What a run printed and left behind. */
    record Run(int exitCode, String console, Path out) {
        RunReport report() throws IOException {
            return JsonReport.read(out.resolve("results.json"));
        }
    }

    static Stream<Arguments> notKafka() {
        return Stream.of(
                Arguments.of(HostileServer.Behaviour.GARBAGE, "answered with bytes that are not a Kafka response;"
                        + " the first bytes are 00 00 00 08 47 41 52 42 41 47 45 21 (\"....GARBAGE!\")"),
                Arguments.of(HostileServer.Behaviour.HTTP, "answered with bytes that are not a Kafka response;"
                        + " the first bytes look like HTTP/1.1 (\"HTTP/1.1 400 Bad Request\"): an HTTP server"),
                Arguments.of(HostileServer.Behaviour.SILENT, "accepted the connection but sent nothing within 10 s"),
                Arguments.of(HostileServer.Behaviour.CLOSE_ON_ACCEPT, "closed the connection right after accepting it"),
                Arguments.of(HostileServer.Behaviour.TLS_LISTENER, "answered with a TLS alert: the listener expects TLS"),
                Arguments.of(HostileServer.Behaviour.TRUNCATED, "closed the connection in the middle of its answer,"
                        + " after 2 of the 64 bytes it announced"),
                Arguments.of(HostileServer.Behaviour.OVERSIZED, "answered with bytes that are not a Kafka response:"
                        + " a frame announcing 2147483647 bytes, far more than any ApiVersions answer"),
                Arguments.of(HostileServer.Behaviour.WRONG_CORRELATION_ID, "answered ApiVersions with correlation id"),
                Arguments.of(HostileServer.Behaviour.DRIP, "sent only 3 of the 8 bytes it announced within 10 s,"
                        + " no whole answer (a stalled or dripping answer)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notKafka")
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void anEndpointThatIsNotKafkaEndsTheRunWithAReportSayingWhatItDid(HostileServer.Behaviour behaviour,
                                                                     String saying) throws IOException {
        try (HostileServer server = HostileServer.start(behaviour)) {
            Run run = run(server.bootstrap());
            assertEndedWithReport(run);
            assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_KAFKA);
            assertThat(run.console()).contains("target " + server.bootstrap() + " does not speak Kafka: it " + saying)
                    .contains("does not speak Kafka (what it did is said above)");
            TargetReport target = run.report().targets().get(0);
            assertThat(target.error()).hasValueSatisfying(reason -> assertThat(reason).contains(saying));
            assertThat(target.checks().stream().filter(CheckResult::selected))
                    .as("every selected check recorded as not run, for the one reason").isNotEmpty()
                    .allSatisfy(check -> {
                        assertThat(check.execution()).isEqualTo(CheckResult.Execution.NOT_RUN);
                        assertThat(check.outcome().name()).isEqualTo("SKIPPED");
                        assertThat(check.message()).contains(saying);
                    });
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aPlainListenerAskedForTlsIsSaidToExpectPlainConnections() throws IOException {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "security.protocol=SSL\n");
        try (HostileServer server = HostileServer.start(HostileServer.Behaviour.APIVERSIONS_ONLY)) {
            Run run = run(server.bootstrap(), "--command-config", config.toString());
            assertEndedWithReport(run);
            assertThat(run.exitCode()).isEqualTo(ExitCode.NOT_KAFKA);
            assertThat(run.console()).contains("closed the connection during the TLS handshake: the listener may expect"
                    + " plain connections (security.protocol PLAINTEXT or SASL_PLAINTEXT)");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRefusedConnectionIsSaidAtOnceInPlainWords() throws IOException {
        int closed = FreePorts.onLoopback();
        Run run = run("127.0.0.1:" + closed);
        assertEndedWithReport(run);
        assertThat(run.exitCode()).isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        assertThat(run.console()).contains("target 127.0.0.1:" + closed + " is unreachable: it refused the connection")
                .doesNotContain("within 10000 ms");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anEndpointThatAnswersApiVersionsAndClosesOnEverythingElseFailsItsChecks() throws IOException {
        try (HostileServer server = HostileServer.start(HostileServer.Behaviour.APIVERSIONS_ONLY)) {
            Run run = run(server.bootstrap(), "--check", "protocol.apiversions.current-client-handshake");
            assertEndedWithReport(run);
            assertThat(run.exitCode()).isEqualTo(ExitCode.FAIL_ON_MET);
            TargetReport target = run.report().targets().get(0);
            assertThat(target.error()).isEmpty();
            assertThat(target.checks().stream().filter(c -> c.id().equals("protocol.apiversions.current-client-handshake")))
                    .singleElement().satisfies(check -> {
                        assertThat(check.outcome().name()).isEqualTo("FAIL");
                        assertThat(check.message()).contains("Metadata").contains("the target closed the connection");
                    });
        }
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, Long.getLong("hostile.seeds", 4));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRandomlyHostileEndpointEndsEveryRunWithAReport(long seed) throws IOException {
        try (HostileServer server = HostileServer.startRandom(seed)) {
            Run run = run(server.bootstrap());
            System.out.println("seed " + seed + " (" + server.describeSeed() + "): exit " + run.exitCode());
            assertEndedWithReport(run);
            assertThat(run.exitCode()).as(run.console()).isIn(ExitCode.DONE, ExitCode.FAIL_ON_MET,
                    ExitCode.UNREACHABLE_OR_HARNESS_ERROR, ExitCode.NOT_KAFKA);
            TargetReport target = run.report().targets().get(0);
            if (target.error().isPresent()) {
                assertThat(target.error().get()).as("a plain reason").matches("target \\S+ (does not speak Kafka"
                        + "|is unreachable): .+");
            } else {
                assertThat(target.checks().stream().filter(CheckResult::selected)).as(run.console())
                        .allSatisfy(check -> {
                            if (!check.outcome().name().equals("PASS")) {
                                assertThat(check.message()).as(check.id() + " says why").isNotBlank();
                            }
                            assertThat(check.message()).as(check.id()).doesNotContain("harness error");
                        });
            }
        }
    }

    private Run run(String bootstrap, String... more) {
        Path out = dir.resolve("out");
        StringWriter console = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("run", "--bootstrap", bootstrap,
                "--check-timeout", "60", "--output", out.toString(), "--no-color"));
        args.addAll(List.of(more));
        if (!args.contains("--check")) {
            args.addAll(List.of("--check", CHECKS));
        }
        int exit = KconformMain.execute(new PrintWriter(console, true), new PrintWriter(console, true),
                args.toArray(String[]::new));
        System.out.println(console);
        return new Run(exit, console.toString(), out);
    }

    /** The run ended on its own, wrote its report, and printed no stack trace nor internal error. */
    private static void assertEndedWithReport(Run run) {
        assertThat(run.out().resolve("results.json")).exists();
        assertThat(run.out().resolve("report.html")).exists();
        assertThat(run.console()).doesNotContain("internal error").doesNotContain("\tat ")
                .doesNotContain("Exception in thread");
        assertThat(run.console().lines()).as("no line begins with an exception's name")
                .noneMatch(line -> line.matches("^[\\w.$]+(Exception|Error)(:.*)?$"));
    }
}
