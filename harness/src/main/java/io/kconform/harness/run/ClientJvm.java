package io.kconform.harness.run;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.api.cleanup.RunCleanup;
import io.kconform.api.target.ResourceNames;
import io.kconform.harness.clients.ClientRelease;
import io.kconform.report.model.CheckResult;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM of its own in which kconform's checks run with an older Java client release, for a target current clients
 * cannot connect to; the harness's side of it. The harness keeps the session: the target, its liveness watch
 * (whose verdict this relays, so that the checks under way end within seconds), the results and the report. The
 * JVM runs the same engine ({@link ClientJvmMain}) under the run's prefix and, since only its clients reach the
 * target, also deletes what the run created when asked. The target's client properties reach it on its standard
 * input, never on a command line or in a file; what it logs goes to the harness's log, with secrets hidden.
 * Closing it closes its input, which ends it; one that does not end within seconds is killed.
 */
final class ClientJvm implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientJvm.class);
    /** Starting the JVM, loading the engine and taking the set-up, on a loaded two-core machine. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(40);

    private final ClientRelease release;
    private final Process process;
    private final Writer input;
    private final BlockingQueue<Optional<ClientJvmMessages.Message>> messages = new LinkedBlockingQueue<>();
    private volatile Duration startup = Duration.ZERO;
    private volatile boolean interrupted;

    private ClientJvm(ClientRelease release, Process process) {
        this.release = release;
        this.process = process;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Starts the JVM on {@code classPath}, gives it the target and waits until it is ready.
     *
     * @param redact applied to every line it logs
     * @throws IllegalStateException when it does not start or does not get ready, with why
     */
    static ClientJvm start(ClientRelease release, List<Path> classPath, ClientJvmMessages.Setup setup,
                           UnaryOperator<String> redact) {
        long begin = System.nanoTime();
        // The client compiler only, as for the embedded broker: a short-lived JVM of clients mostly waiting.
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx1g", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.logFile=System.err",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.io.kconform=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                ClientJvmMain.class.getName()));
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a JVM for Java clients " + release.version() + ": "
                    + e.getMessage(), e);
        }
        ClientJvm jvm = new ClientJvm(release, process);
        jvm.pump(redact);
        try {
            jvm.send(ClientJvmMessages.setup(setup));
            ClientJvmMessages.Message ready = jvm.await("ready", READY_TIMEOUT);
            LOG.info("JVM of Java clients {} ready: it runs kafka-clients {}", release.version(),
                    ready.body().get("release").asText());
            jvm.startup = Duration.ofNanos(System.nanoTime() - begin);
            return jvm;
        } catch (RuntimeException e) {
            jvm.close();
            throw e;
        }
    }

    /** How long the JVM took from launch to ready: what it adds to a run, besides running the checks. */
    Duration startup() {
        return startup;
    }

    /**
     * Runs {@code checks} there and returns their results, with {@code checks}' own declarations.
     *
     * @param listener told as each starts and ends
     * @param watch    the target's watch: its verdict is relayed, and the checks under way end
     */
    CheckRunner.Ran run(List<CheckDescriptor> checks, CheckListener listener, DeathWatch watch) {
        Map<String, CheckDescriptor> byId = new LinkedHashMap<>();
        checks.forEach(check -> byId.put(check.id(), check));
        Map<String, CheckResult> told = new LinkedHashMap<>();
        send(ClientJvmMessages.run(checks));
        watch.onDead(dead -> {
            try {
                send(ClientJvmMessages.stop(ClientJvmMessages.Stop.of(dead)));
            } catch (IllegalStateException e) {
                LOG.info("could not relay the target's death to the JVM of Java clients {}: {}", release.version(),
                        e.getMessage());
            }
        });
        while (true) {
            Optional<ClientJvmMessages.Message> next = take(Duration.ofDays(1));
            if (next.isEmpty()) {
                return ended(checks, told);
            }
            ClientJvmMessages.Message message = next.get();
            switch (message.name()) {
                case "started" -> Optional.ofNullable(byId.get(message.body().asText())).filter(c -> !interrupted)
                        .ifPresent(listener::started);
                case "finished" -> {
                    ClientJvmMessages.Result result = ClientJvmMessages.readFinished(message.body());
                    CheckDescriptor check = byId.get(result.id());
                    if (check != null) {
                        CheckResult full = result.with(check);
                        told.put(check.id(), full);
                        if (!interrupted) {
                            listener.finished(full);
                        }
                    }
                }
                case "ran" -> {
                    List<CheckResult> results = new ArrayList<>();
                    Map<String, ClientJvmMessages.Result> returned = new LinkedHashMap<>();
                    ClientJvmMessages.readResults(message.body()).forEach(r -> returned.put(r.id(), r));
                    for (CheckDescriptor check : checks) {
                        ClientJvmMessages.Result result = returned.get(check.id());
                        results.add(result != null ? result.with(check) : CheckResult.ran(check, Outcome.ERROR,
                                Duration.ZERO, "the JVM of Java clients " + release.version() + " returned no result"
                                        + " for this check", List.of()));
                    }
                    // checks ended by the harness's own exit are no finding about the target
                    return new CheckRunner.Ran(results, interrupted ? Optional.empty()
                            : ClientJvmMessages.readStoppage(message.body()));
                }
                case "failed" -> LOG.warn("the JVM of Java clients {} failed: {}", release.version(),
                        message.body().asText());
                default -> LOG.warn("unexpected message from the JVM of Java clients {}: {}", release.version(),
                        message.name());
            }
        }
    }

    /** The JVM ended before it returned its results: what it told stands, every other check is the harness's ERROR. */
    private CheckRunner.Ran ended(List<CheckDescriptor> checks, Map<String, CheckResult> told) {
        String why = "the JVM of Java clients " + release.version() + " ended" + exitCode().map(c -> " (exit " + c + ")")
                .orElse("") + " before this check's result (see kconform.log)";
        List<CheckResult> results = new ArrayList<>();
        for (CheckDescriptor check : checks) {
            results.add(told.getOrDefault(check.id(), CheckResult.ran(check, Outcome.ERROR, Duration.ZERO, why,
                    List.of())));
        }
        return new CheckRunner.Ran(results, Optional.empty());
    }

    /**
     * Deletes what the run created, with this JVM's clients: in one short try where the target stopped answering.
     * Never throws: a JVM that cannot do it reports why.
     */
    RunCleanup.Report cleanUp(boolean deadTarget) {
        return cleaned(ClientJvmMessages.cleanup(deadTarget), Duration.ofMinutes(10));
    }

    /**
     * Deletes what a killed run left under {@code theirs}, with this JVM's clients, within {@code bound}: a target only
     * older clients reach is cleaned by them, as the run's own resources are. Never throws.
     */
    RunCleanup.Report cleanUpLeftovers(ResourceNames theirs, Duration bound) {
        return cleaned(ClientJvmMessages.cleanupLeftovers(theirs.prefix(), bound), bound.plusSeconds(10));
    }

    /** Sends a cleanup command and waits for what it deleted; a JVM that cannot do it says why in the report. */
    private RunCleanup.Report cleaned(String command, Duration wait) {
        try {
            send(command);
            return ClientJvmMessages.readCleaned(await("cleaned", wait).body());
        } catch (RuntimeException e) {
            return new RunCleanup.Report(0, 0, 0, "the JVM of Java clients " + release.version() + " could not"
                    + " clean up: " + e.getMessage());
        }
    }

    /**
     * The harness is exiting (Ctrl-C): the JVM names no new resource and ends the checks under way now, so that the
     * cleanup asked next is not kept waiting for them. Never throws.
     */
    void interrupt() {
        interrupted = true;
        try {
            send(ClientJvmMessages.interrupt());
        } catch (IllegalStateException e) {
            LOG.info("could not interrupt the JVM of Java clients {}: {}", release.version(), e.getMessage());
        }
    }

    /** Whether the JVM still runs. */
    boolean alive() {
        return process.isAlive();
    }

    private Optional<Integer> exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private ClientJvmMessages.Message await(String name, Duration bound) {
        while (true) {
            Optional<ClientJvmMessages.Message> next = take(bound);
            if (next.isEmpty()) {
                throw new IllegalStateException("the JVM of Java clients " + release.version() + " ended or did not"
                        + " answer within " + bound.toSeconds() + " s" + exitCode().map(c -> " (exit " + c + ")")
                        .orElse("") + "; see kconform.log");
            }
            if (next.get().name().equals(name)) {
                return next.get();
            }
            if (next.get().name().equals("failed")) {
                throw new IllegalStateException("the JVM of Java clients " + release.version() + " failed: "
                        + next.get().body().asText());
            }
        }
    }

    private Optional<ClientJvmMessages.Message> take(Duration bound) {
        try {
            Optional<ClientJvmMessages.Message> next = messages.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null || next.isEmpty()) {
                // the end stays for whoever asks next
                messages.add(Optional.empty());
                return Optional.empty();
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private synchronized void send(String line) {
        try {
            input.write(line);
            input.write('\n');
            input.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the JVM of Java clients " + release.version() + " no longer reads: "
                    + e.getMessage(), e);
        }
    }

    /** Reads the JVM's messages and its log on threads of their own, until it ends. */
    private void pump(UnaryOperator<String> redact) {
        Thread out = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith(ClientJvmMessages.PREFIX)) {
                        messages.add(Optional.of(ClientJvmMessages.Message.parse(
                                line.substring(ClientJvmMessages.PREFIX.length()))));
                    } else {
                        LOG.info("[Java clients {}] {}", release.version(), redact.apply(line));
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("reading the JVM of Java clients {} failed", release.version(), e);
            }
            messages.add(Optional.empty());
        }, "kconform-client-jvm-" + release.version() + "-out");
        Thread err = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    LOG.info("[Java clients {}] {}", release.version(), redact.apply(line));
                }
            } catch (IOException e) {
                LOG.debug("the log of the JVM of Java clients {} ended: {}", release.version(), e.toString());
            }
        }, "kconform-client-jvm-" + release.version() + "-log");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Closes the JVM's input, which ends it; kills it if it has not ended within {@link #EXIT_TIMEOUT}. */
    @Override
    public void close() {
        try {
            input.close();
        } catch (IOException e) {
            LOG.debug("closing the input of the JVM of Java clients {}: {}", release.version(), e.toString());
        }
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("the JVM of Java clients {} did not end within {} s: killed", release.version(),
                        EXIT_TIMEOUT.toSeconds());
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
