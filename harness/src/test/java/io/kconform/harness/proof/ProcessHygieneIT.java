package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No process outlives a run: neither when the run is interrupted (Ctrl-C, SIGTERM), nor when the
 * harness itself is killed outright — the broker's watchdog notices its parent is gone.
 */
class ProcessHygieneIT {

    @TempDir
    Path out;

    @Test
    void anInterruptedRunStopsItsBroker() throws Exception {
        Process harness = startHarness();
        ProcessHandle broker = awaitBroker(harness);
        harness.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
        assertThat(harness.waitFor(60, TimeUnit.SECONDS)).as("harness exited").isTrue();
        assertThat(broker.onExit().get(30, TimeUnit.SECONDS).isAlive()).as("broker still running").isFalse();
    }

    @Test
    void aKilledHarnessTakesItsBrokerWithIt() throws Exception {
        Process harness = startHarness();
        ProcessHandle broker = awaitBroker(harness);
        harness.destroyForcibly(); // SIGKILL: no shutdown hooks run
        assertThat(harness.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(broker.onExit().get(30, TimeUnit.SECONDS).isAlive()).as("orphaned broker still running").isFalse();
    }

    private Process startHarness() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.kconform.harness.cli.KconformMain", "run", "--no-color", "--output", out.toString()))
                .redirectErrorStream(true).start();
    }

    /** Reads the harness's console until the broker answered and checks started; returns the broker process. */
    private static ProcessHandle awaitBroker(Process harness) throws Exception {
        BufferedReader console = new BufferedReader(new InputStreamReader(harness.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                for (String line = console.readLine(); line != null; line = console.readLine()) {
                    if (line.contains("running ") && line.contains(" checks")) {
                        return;
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            throw new IllegalStateException("the harness ended before running checks");
        });
        started.get(120, TimeUnit.SECONDS);
        // keep draining the console so the harness never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (console.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the harness is gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        // Once checks run, the broker is the harness's only child (the storage formatter has exited;
        // Connect and Streams run inside the harness). Command lines are not matched: for a command line
        // longer than about 4 KB, as the broker's class path makes it, JDK 17 reports no arguments.
        List<ProcessHandle> children = harness.toHandle().children().filter(ProcessHandle::isAlive).toList();
        assertThat(children).as("child processes of the harness while checks run").hasSize(1);
        return children.get(0);
    }
}
