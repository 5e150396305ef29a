package io.kconform.harness.launch;

import io.kconform.api.target.TargetProbe;
import io.kconform.harness.config.ProcessTargetSpec;
import io.kconform.harness.run.Redactor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts {@code process} targets: any command that starts a server speaking the Kafka protocol. The
 * command runs under a {@link ProcessWatchdog}, its output goes to {@code process.log} in the
 * target's folder with secrets masked ({@link LogCapture}), and it counts as started when the bootstrap answers ApiVersions within the
 * target's {@code startTimeout}. A command that exits first, answers nothing in time, or cannot be
 * run at all is reported with the cause and the last lines of its log, and nothing of it is left
 * running. Placeholders are described by {@link ProcessPlan}. Thread-safe.
 */
final class ProcessLauncher {

    /** How long a stopping command may take before it is killed. */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    private static final String LOG_NAME = "process.log";

    private final Duration grace;

    ProcessLauncher() {
        this(DEFAULT_GRACE);
    }

    /** @param grace how long a stopping command may take before it is killed */
    ProcessLauncher(Duration grace) {
        this.grace = grace;
    }

    /**
     * Starts the command and waits until it answers ApiVersions.
     *
     * @param runDir   the target's folder in the run's output, for its log
     * @param progress told what is happening
     * @throws TargetStartException with the cause and the last lines of its log
     */
    RunningTarget start(ProcessTargetSpec spec, Path runDir, Consumer<String> progress) {
        Redactor redactor = new Redactor(spec.secretValues());
        return PortTakenException.retrying(attempt -> startOnce(spec, runDir, progress, redactor, attempt == 1),
                progress);
    }

    private RunningTarget startOnce(ProcessTargetSpec spec, Path runDir, Consumer<String> progress, Redactor redactor,
                                    boolean firstAttempt) {
        Path dataDir;
        try {
            Files.createDirectories(runDir);
            dataDir = Files.createTempDirectory(runDir.toAbsolutePath(), "data-"); // under the output folder, also after a SIGKILL
        } catch (IOException e) {
            throw new TargetStartException(spec.name(), "cannot create its directories: " + e.getMessage(), List.of());
        }
        ProcessPlan plan = ProcessPlan.of(spec, runDir, dataDir, FreePorts::onLoopback);
        List<InetSocketAddress> addresses;
        try {
            if (!Files.isDirectory(plan.workingDir())) {
                throw new TargetStartException(spec.name(), "its working directory " + plan.workingDir()
                        + " does not exist", List.of());
            }
            addresses = TargetProbe.parseBootstrap(plan.bootstrap());
        } catch (IllegalArgumentException e) {
            Directories.deleteRecursively(dataDir);
            throw new TargetStartException(spec.name(), redactor.apply(e.getMessage()), List.of());
        } catch (TargetStartException e) {
            Directories.deleteRecursively(dataDir);
            throw e;
        }
        Path log = runDir.resolve(LOG_NAME);
        progress.accept("starting " + redactor.apply(plan.commandLine()) + " in " + plan.workingDir()
                + (plan.ports().isEmpty() ? "" : ", ports " + plan.ports()));
        Process watchdog = launchWatchdog(spec, plan);
        LogCapture capture;
        try {
            capture = LogCapture.start(spec.name(), watchdog.getInputStream(), log, !firstAttempt, spec.secretValues());
        } catch (java.io.UncheckedIOException e) {
            watchdog.destroyForcibly(); // it has not started the command yet
            Directories.deleteRecursively(dataDir);
            throw new TargetStartException(spec.name(), e.getMessage() + ": " + e.getCause().getMessage(), List.of());
        }
        ProcessTarget target = new ProcessTarget(spec, plan, watchdog, capture, log, grace, redactor);
        ExitCleanup.register(target);
        long launched = System.nanoTime();
        ApiVersionsReadiness.Result result;
        try {
            instruct(watchdog, plan);
            result = ApiVersionsReadiness.await(addresses, spec.clientProperties(), spec.startTimeout(), watchdog::isAlive);
        } catch (InterruptedException e) {
            target.close();
            Thread.currentThread().interrupt();
            throw new TargetStartException(spec.name(), "interrupted while waiting for it", List.of());
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        if (result.state() == ApiVersionsReadiness.State.READY) {
            progress.accept(String.format(Locale.ROOT, "ready: %s answered ApiVersions %.1f s after launch",
                    plan.bootstrap(), (System.nanoTime() - launched) / 1e9));
            return target;
        }
        target.close(); // the log is complete once the target is closed
        List<String> tail = LogTail.of(log, redactor);
        if (result.state() == ApiVersionsReadiness.State.TIMED_OUT) {
            throw new TargetStartException(spec.name(), "no ApiVersions answer from " + plan.bootstrap() + " within "
                    + spec.startTimeout().toSeconds() + " s (" + redactor.apply(result.lastProblem())
                    + "); it was stopped", tail);
        }
        throw exited(spec, plan, watchdog.exitValue(), tail);
    }

    private static TargetStartException exited(ProcessTargetSpec spec, ProcessPlan plan, int exitCode, List<String> tail) {
        if (exitCode == ProcessWatchdog.CANNOT_START) {
            Optional<String> why = tail.stream().filter(l -> l.startsWith(ProcessWatchdog.CANNOT_START_LINE)).findFirst();
            if (why.isPresent()) {
                return new TargetStartException(spec.name(), "its command could not be started: "
                        + why.get().substring(ProcessWatchdog.CANNOT_START_LINE.length()), tail);
            }
        }
        if (!plan.ports().isEmpty() && tail.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).contains("address already in use"))) {
            return new PortTakenException(spec.name(), tail);
        }
        return new TargetStartException(spec.name(), "its command exited with code " + exitCode
                + " before answering ApiVersions", tail);
    }

    private Process launchWatchdog(ProcessTargetSpec spec, ProcessPlan plan) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a watchdog needs little: small heap, no JIT beyond C1, no perf data file
                "-Xmx24m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-cp", codeSourceOf(ProcessWatchdog.class).toString(),
                ProcessWatchdog.class.getName(), Long.toString(grace.toMillis())));
        command.addAll(plan.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(plan.workingDir().toFile())
                .redirectErrorStream(true);
        try {
            return builder.start();
        } catch (IOException e) {
            Directories.deleteRecursively(plan.dataDir());
            throw new TargetStartException(spec.name(), "cannot start its watchdog JVM: " + e.getMessage(), List.of());
        }
    }

    /** Hands the environment to the watchdog and lets it start the command. */
    private static void instruct(Process watchdog, ProcessPlan plan) {
        Base64.Encoder base64 = Base64.getEncoder();
        StringBuilder lines = new StringBuilder();
        plan.env().forEach((name, value) -> lines.append("env ").append(encode(base64, name)).append(' ')
                .append(encode(base64, value)).append('\n'));
        lines.append("start\n");
        OutputStream control = watchdog.getOutputStream();
        try {
            control.write(lines.toString().getBytes(StandardCharsets.US_ASCII));
            control.flush();
        } catch (IOException e) {
            // the watchdog died at once; waiting for readiness reports how, from its log
        }
    }

    private static String encode(Base64.Encoder base64, String text) {
        return base64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path codeSourceOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the harness's own classes", e);
        }
    }
}
