package io.kconform.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.launch.FreePorts;
import io.kconform.harness.run.ExitCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes and messages, without a broker. */
class KconformCommandLineTest {

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KconformMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithASuggestionAndNoStackTrace() {
        Result result = run("run", "--battery", "storage", "--chek", "x");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("kconform: Unknown options: '--chek'").contains("--check")
                .contains("Try 'kconform run --help'").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void anUnknownBatteryListsTheValidOnes() {
        Result result = run("run", "--battery", "streamz");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("unknown battery 'streamz' (valid: protocol, groups, storage, eos, connect, streams)");
    }

    @Test
    void aWrongTargetsFileNamesFileLineAndField() throws IOException {
        Path file = dir.resolve("targets.yaml");
        Files.writeString(file, "targets:\n  - name: a\n    kind: embeded\n");
        Result result = run("run", "--targets", file.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains(file + ":3:11: targets[0].kind: unknown kind 'embeded'");
    }

    @Test
    void aCheckGlobMatchingNothingSaysHowToListChecks() {
        Result result = run("run", "--check", "storage.compactoin.*", "--output", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("no check matches storage.compactoin.*").contains("kconform list");
    }

    @Test
    void targetsAtOnceMustBeAtLeastOne() {
        Result result = run("run", "--parallel-targets", "0", "--output", dir.toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.err()).contains("--parallel-targets must be at least 1, not 0");
    }

    @Test
    void commandConfigNeedsBootstrapAndExcludesTargets() {
        assertThat(run("run", "--command-config", "client.properties").err()).contains("--command-config needs --bootstrap");
        assertThat(run("run", "--bootstrap", "h:1", "--target", "x").err()).contains("exclude each other");
    }

    @Test
    void listPrintsEveryCheckWithoutConnecting() {
        Result result = run("list", "--format", "tsv");
        assertThat(result.exitCode()).isEqualTo(ExitCode.DONE);
        assertThat(result.out().lines().findFirst()).contains("id\tbattery\tlevel\tstrength\tcapability\tspec");
        assertThat(result.out()).contains("protocol.apiversions.answered\tprotocol\tingest\tMUST\t-\t");
    }

    @Test
    void aClosedPortIsReportedUnreachableAtOnceWithExitThree() {
        int closed = FreePorts.onLoopback();
        long start = System.nanoTime();
        Result result = run("run", "--bootstrap", "127.0.0.1:" + closed, "--output", dir.toString(), "--no-color");
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        assertThat(result.out()).contains("target 127.0.0.1:" + closed + " is unreachable: it refused the connection");
        assertThat(System.nanoTime() - start).as("reported within 30 s").isLessThan(30_000_000_000L);
        assertThat(dir.resolve("results.json")).exists();
    }

    @Test
    void anEndpointThatAcceptsButNeverAnswersIsReportedNotKafkaWithinThirtySeconds() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            Result result = run("run", "--bootstrap", "127.0.0.1:" + silent.getLocalPort(), "--output",
                    dir.toString(), "--no-color");
            assertThat(result.exitCode()).isEqualTo(ExitCode.NOT_KAFKA);
            assertThat(result.out()).contains("does not speak Kafka: it accepted the connection but sent nothing within 10 s");
            assertThat(System.nanoTime() - start).as("reported within 30 s").isLessThan(30_000_000_000L);
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void secretsFromTheCommandConfigNeverReachTheConsole() throws IOException {
        Path config = dir.resolve("client.properties");
        Files.writeString(config, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"u\" password=\"hunter2-secret\";\n");
        int closed = FreePorts.onLoopback();
        Result result = run("run", "--bootstrap", "127.0.0.1:" + closed, "--command-config", config.toString(),
                "--output", dir.resolve("out").toString(), "--no-color");
        assertThat(result.exitCode()).isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        assertThat(result.out() + result.err()).doesNotContain("hunter2");
    }
}
