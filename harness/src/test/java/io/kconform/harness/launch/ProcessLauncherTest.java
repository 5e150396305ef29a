package io.kconform.harness.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kconform.harness.config.ProcessTargetSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process targets that do not come up, with real processes: each failure is reported with its cause
 * and the end of the log, within the start timeout, and leaves nothing running. A process target
 * that does come up, a real Apache Kafka broker, is in {@code ProcessKafkaIT}.
 */
class ProcessLauncherTest {

    @TempDir
    Path runDir;

    private final ProcessLauncher launcher = new ProcessLauncher(Duration.ofSeconds(1));
    private final List<String> progress = new ArrayList<>();

    /** A number no other process uses as its sleep time, to find the processes a test started. */
    private final String marker = "1000." + ThreadLocalRandom.current().nextInt(100_000_000, 999_999_999);

    private static ProcessTargetSpec spec(List<String> command, Map<String, String> env, String bootstrap,
                                          Duration startTimeout, Set<String> secrets) {
        return new ProcessTargetSpec("vendor", command, env, Optional.empty(), bootstrap, Map.of(), startTimeout, secrets);
    }

    private TargetStartException failedStart(ProcessTargetSpec spec) {
        return catchThrowableOfType(TargetStartException.class, () -> launcher.start(spec, runDir, progress::add));
    }

    private List<ProcessHandle> markedProcesses() {
        return ProcessHandle.allProcesses().filter(ProcessTrees::running)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
    }

    @Test
    void aCommandThatExitsAtOnceIsReportedWithItsExitCodeAndLog() throws IOException {
        TargetStartException e = failedStart(spec(List.of("sh", "-c", "echo starting up; echo 'fatal: no licence' >&2; exit 3"),
                Map.of(), "127.0.0.1:${port}", Duration.ofSeconds(60), Set.of()));
        assertThat(e).hasMessage("target vendor did not start: its command exited with code 3 before answering ApiVersions");
        assertThat(e.logTail()).contains("starting up", "fatal: no licence");
        assertThat(Files.readString(runDir.resolve("process.log"))).contains("fatal: no licence");
        assertThat(progress).anyMatch(line -> line.startsWith("starting sh -c 'echo starting up;"));
    }

    @Test
    void aCommandThatIsNotFoundIsReportedAsSuch() {
        TargetStartException e = failedStart(spec(List.of("./no-such-server", "--port", "${port}"), Map.of(),
                "127.0.0.1:${port}", Duration.ofSeconds(60), Set.of()));
        assertThat(e.getMessage()).startsWith("target vendor did not start: its command could not be started: ")
                .contains(Path.of("no-such-server").toAbsolutePath().toString()).contains("No such file or directory");
    }

    @Test
    void aWorkDirThatDoesNotExistIsReportedBeforeAnythingStarts() {
        ProcessTargetSpec spec = new ProcessTargetSpec("vendor", List.of("server"), Map.of(),
                Optional.of(runDir.resolve("missing").toString()), "127.0.0.1:9092", Map.of(), Duration.ofSeconds(5),
                Set.of());
        assertThat(failedStart(spec)).hasMessageContaining("its working directory " + runDir.resolve("missing")
                + " does not exist");
    }

    @Test
    void aCommandThatNeverListensIsReportedAfterTheStartTimeoutAndStopped() {
        TargetStartException e = failedStart(spec(List.of("sh", "-c", "echo waiting forever; sleep " + marker),
                Map.of(), "127.0.0.1:${port}", Duration.ofSeconds(2), Set.of()));
        assertThat(e.getMessage()).matches("target vendor did not start: no ApiVersions answer from 127\\.0\\.0\\.1:\\d+"
                + " within 2 s \\(nothing listens there yet\\); it was stopped");
        assertThat(e.logTail()).contains("waiting forever");
        assertThat(markedProcesses()).as("processes of the target left running").isEmpty();
    }

    @Test
    void aServerThatAcceptsButNeverAnswersIsReportedAfterTheStartTimeout() throws Exception {
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
            TargetStartException e = failedStart(spec(List.of("sleep", marker), Map.of(),
                    "127.0.0.1:" + silent.getLocalPort(), Duration.ofSeconds(3), Set.of()));
            assertThat(e.getMessage()).contains("no ApiVersions answer from 127.0.0.1:" + silent.getLocalPort()
                    + " within 3 s (127.0.0.1:" + silent.getLocalPort() + " accepted a connection but did not answer ApiVersions");
            assertThat(markedProcesses()).isEmpty();
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void portPlaceholdersReachTheCommandAndItsEnvironment() {
        TargetStartException e = failedStart(spec(List.of("sh", "-c",
                        "echo \"args=$1,$2 env=$ADVERTISED dir=$PWD\"; exit 1", "sh", "${port}", "${port:controller}"),
                Map.of("ADVERTISED", "PLAINTEXT://127.0.0.1:${port}"), "127.0.0.1:${port}", Duration.ofSeconds(60),
                Set.of()));
        String line = e.logTail().stream().filter(l -> l.startsWith("args=")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("args=(\\d+),(\\d+) env=PLAINTEXT://127\\.0\\.0\\.1:(\\d+) dir=(.*)").matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        assertThat(m.group(3)).isEqualTo(m.group(1));
        assertThat(m.group(2)).isNotEqualTo(m.group(1));
        assertThat(Path.of(m.group(4))).isEqualTo(runDir.toAbsolutePath());
        assertThat(progress).anyMatch(l -> l.contains("ports {port=" + m.group(1) + ", port:controller=" + m.group(2) + "}"));
    }

    @Test
    void secretsInTheEnvironmentNeverReachTheLogOrTheError() throws IOException {
        String secret = "hunter2-" + marker;
        TargetStartException e = failedStart(spec(List.of("sh", "-c", "echo \"token=$VENDOR_TOKEN\"; exit 2"),
                Map.of("VENDOR_TOKEN", secret), "127.0.0.1:${port}", Duration.ofSeconds(60), Set.of(secret)));
        assertThat(e.logTail()).contains("token=[hidden]");
        assertThat(Files.readString(runDir.resolve("process.log"), StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(e.getMessage() + progress).doesNotContain(secret);
    }

    @Test
    void aProcessTreeThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        // The shell and both sleeps ignore SIGTERM (an ignored signal stays ignored across exec).
        CompletableFuture<TargetStartException> start = CompletableFuture.supplyAsync(() -> failedStart(spec(
                List.of("sh", "-c", "trap '' TERM; sleep " + marker + " & sleep " + marker + "; wait"), Map.of(),
                "127.0.0.1:${port}", Duration.ofSeconds(3), Set.of())));
        List<ProcessHandle> tree = List.of();
        for (long deadline = System.nanoTime() + 10_000_000_000L; tree.size() < 4 && System.nanoTime() < deadline;
                Thread.sleep(100)) {
            tree = markedProcesses();
        }
        assertThat(tree).as("the watchdog, the shell and its two sleeps, while the harness waits for them").hasSize(4);
        assertThat(start.get(30, TimeUnit.SECONDS)).hasMessageContaining("within 3 s");
        assertThat(tree).as("processes of the target left running").noneMatch(ProcessTrees::running);
        assertThat(markedProcesses()).isEmpty();
    }

    @Test
    void whatACommandLeavesBehindWhenItExitsIsStoppedToo() {
        // The shell exits at once; its background sleep, re-parented and never seen as a descendant,
        // is still in the command's process group.
        TargetStartException e = failedStart(spec(List.of("sh", "-c", "sleep " + marker + " & sleep " + marker
                + " & exit 4"), Map.of(), "127.0.0.1:${port}", Duration.ofSeconds(60), Set.of()));
        assertThat(e).hasMessageContaining("exited with code 4");
        assertThat(markedProcesses()).as("processes the command left behind").isEmpty();
    }

    @Test
    void aBadBootstrapIsReportedBeforeAnythingStarts() {
        assertThatThrownBy(() -> launcher.start(spec(List.of("sleep", marker), Map.of(), "no-port-here",
                Duration.ofSeconds(5), Set.of()), runDir, progress::add))
                .isInstanceOf(TargetStartException.class).hasMessageContaining("no-port-here");
        assertThat(markedProcesses()).isEmpty();
    }
}
