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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.SharedBroker;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * No process outlives a run: neither when the run is interrupted (Ctrl-C, SIGTERM), nor when the
 * harness itself is killed outright — the broker's watchdog, and that of every node of a cluster,
 * notices its parent is gone. And an
 * interrupted run against someone else's cluster still deletes the topics and groups it created.
 */
@ExtendWith(SharedBroker.class)
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

    @Test
    void aKilledHarnessTakesEveryNodeOfItsClusterWithIt() throws Exception {
        // the retention check takes some seconds: the cluster is still up when the harness is killed
        Process harness = startHarness("--targets", "../targets.yaml", "--target", "kafka-4.4-cluster",
                "--check", "storage.retention.*");
        awaitChecks(harness);
        List<ProcessHandle> nodes = harness.toHandle().children().filter(ProcessHandle::isAlive).toList();
        assertThat(nodes).as("JVMs of the cluster's three brokers and three controllers").hasSize(6);
        harness.destroyForcibly(); // SIGKILL: no shutdown hooks run
        assertThat(harness.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (ProcessHandle node : nodes) {
            assertThat(node.onExit().get(30, TimeUnit.SECONDS).isAlive()).as("orphaned node still running").isFalse();
        }
    }

    @Test
    void anInterruptedRunAgainstAnExternalTargetDeletesWhatItCreated(RunningTarget broker) throws Exception {
        Process harness = startHarness("--bootstrap", broker.bootstrapServers(), "--battery", "storage,eos");
        awaitChecks(harness);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            // interrupt only once the run has created something, or the test would prove nothing
            List<String> created = List.of();
            for (long deadline = System.nanoTime() + 30_000_000_000L; created.isEmpty() && System.nanoTime() < deadline;
                    Thread.sleep(200)) {
                created = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(t -> t.startsWith("kconform-")).toList();
            }
            assertThat(created).as("topics the run created before the interrupt").isNotEmpty();
            harness.destroy();
            assertThat(harness.waitFor(60, TimeUnit.SECONDS)).as("harness exited").isTrue();
            List<String> topics = List.of();
            for (long deadline = System.nanoTime() + 15_000_000_000L; System.nanoTime() < deadline; Thread.sleep(500)) {
                topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                        .filter(t -> t.startsWith("kconform-")).toList();
                if (topics.isEmpty()) {
                    break;
                }
            }
            assertThat(topics).as("topics of the interrupted run left on the target").isEmpty();
            assertThat(admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .filter(g -> g.groupId().contains("kconform-")).toList())
                    .as("groups of the interrupted run left on the target").isEmpty();
        }
    }

    private Process startHarness(String... options) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), "io.kconform.harness.cli.KconformMain", "run", "--no-color",
                "--output", out.toString()));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the harness's console until the broker answered and checks started; returns the broker process. */
    private static ProcessHandle awaitBroker(Process harness) throws Exception {
        awaitChecks(harness);
        // Once checks run, the broker is the harness's only child (the storage formatter has exited;
        // Connect and Streams run inside the harness). Command lines are not matched: for a command line
        // longer than about 4 KB, as the broker's class path makes it, JDK 17 reports no arguments.
        List<ProcessHandle> children = harness.toHandle().children().filter(ProcessHandle::isAlive).toList();
        assertThat(children).as("child processes of the harness while checks run").hasSize(1);
        return children.get(0);
    }

    /** Reads the harness's console until checks started, then keeps draining it in the background. */
    private static void awaitChecks(Process harness) throws Exception {
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
    }
}
