package io.kconform.harness.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The JVM of one node of an embedded cluster: started, stopped gracefully (SIGTERM: a broker's
 * controlled shutdown), killed (SIGKILL) and started again with the same configuration, its output
 * appended to the same log. Every JVM runs under {@link ParentWatchdog}, so none outlives the
 * harness. Thread-safe.
 */
final class NodeProcess {

    private final ClusterLayout.Node node;
    private final Path config;
    private final Path log;
    private final Function<NodeProcess, Process> launcher;
    private Process process;

    /**
     * @param launcher starts the node's JVM with its configuration, appending to its log
     */
    NodeProcess(ClusterLayout.Node node, Path config, Path log, Function<NodeProcess, Process> launcher) {
        this.node = node;
        this.config = config;
        this.log = log;
        this.launcher = launcher;
    }

    ClusterLayout.Node node() {
        return node;
    }

    Path config() {
        return config;
    }

    Path log() {
        return log;
    }

    /** Starts the JVM unless it runs. */
    synchronized void start() {
        if (process == null || !process.isAlive()) {
            process = launcher.apply(this);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The exit code of a JVM that has exited, or empty while it runs or before it started. */
    synchronized java.util.OptionalInt exitCode() {
        return process == null || process.isAlive() ? java.util.OptionalInt.empty()
                : java.util.OptionalInt.of(process.exitValue());
    }

    /**
     * SIGTERM, then SIGKILL if the JVM has not exited within {@code grace}. Returns when it is gone.
     */
    void stop(Duration grace) {
        Process p = current();
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        awaitExit(p, grace);
    }

    /** SIGKILL: no shutdown hook, no controlled shutdown. Returns when the JVM is gone. */
    void kill() {
        Process p = current();
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroyForcibly();
        awaitExit(p, Duration.ofSeconds(10));
    }

    /** The last lines of the node's log. */
    List<String> logTail() {
        return EmbeddedKafka.tail(log);
    }

    private synchronized Process current() {
        return process;
    }

    private static void awaitExit(Process p, Duration grace) {
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return node.role();
    }
}
