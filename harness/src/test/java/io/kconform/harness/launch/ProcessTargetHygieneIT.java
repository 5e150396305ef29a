package io.kconform.harness.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a {@code process} target started outlives the harness: not when the harness is stopped
 * with SIGTERM (as on Ctrl-C), and not when it is killed with SIGKILL and runs no code at all — the
 * target's watchdog sees its standard input close and stops the command's whole process tree.
 * The target here is a shell with two children that never answers, so the harness is caught while
 * it waits for readiness; what stops the tree is the same once it answers.
 */
class ProcessTargetHygieneIT {

    @TempDir
    Path dir;

    /** A sleep time no other process uses, to find the processes a test started. */
    private final String marker = "1000." + ThreadLocalRandom.current().nextInt(100_000_000, 999_999_999);

    @Test
    void aHarnessStoppedWithSigtermStopsTheProcessTree() throws Exception {
        Process harness = startHarness();
        List<ProcessHandle> tree = awaitTree(harness);
        harness.destroy(); // SIGTERM: the harness's shutdown hooks run, as on Ctrl-C
        assertThat(harness.waitFor(60, TimeUnit.SECONDS)).as("harness exited").isTrue();
        assertGone(tree);
        assertThat(Files.readString(dir.resolve("out/targets/never-ready/process.log")))
                .contains("kconform-watchdog: standard input closed");
    }

    @Test
    void aHarnessKilledWithSigkillStillStopsTheProcessTree() throws Exception {
        Process harness = startHarness();
        List<ProcessHandle> tree = awaitTree(harness);
        harness.destroyForcibly(); // SIGKILL: no code of the harness runs
        assertThat(harness.waitFor(30, TimeUnit.SECONDS)).as("harness exited").isTrue();
        assertGone(tree);
    }

    private Process startHarness() throws IOException {
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, """
                targets:
                  - name: never-ready
                    kind: process
                    command: [sh, -c, "sleep %1$s & sleep %1$s & wait"]
                    bootstrap: 127.0.0.1:${port}
                    startTimeout: 600
                """.formatted(marker));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.kconform.harness.cli.KconformMain", "run", "--no-color", "--targets", targets.toString(),
                "--output", dir.resolve("out").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile()).start();
    }

    /** Waits until the watchdog, the shell and both sleeps run; returns them. */
    private List<ProcessHandle> awaitTree(Process harness) throws Exception {
        List<ProcessHandle> tree = List.of();
        for (long deadline = System.nanoTime() + 60_000_000_000L; tree.size() < 4 && System.nanoTime() < deadline;
                Thread.sleep(200)) {
            assertThat(harness.isAlive()).as("harness running; console: %s", console()).isTrue();
            tree = harness.descendants().filter(ProcessTrees::running)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
        }
        assertThat(tree).as("the watchdog, the shell and its two sleeps; console: %s", console()).hasSize(4);
        return tree;
    }

    private void assertGone(List<ProcessHandle> tree) throws Exception {
        for (long deadline = System.nanoTime() + 30_000_000_000L;
                tree.stream().anyMatch(ProcessTrees::running) && System.nanoTime() < deadline; Thread.sleep(200)) {
            // the watchdog gives the tree its grace period
        }
        assertThat(tree).as("processes of the target still running; console: %s", console())
                .noneMatch(ProcessTrees::running);
    }

    private String console() throws IOException {
        Path file = dir.resolve("console.txt");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
