package io.kconform.harness.launch;

import io.kconform.api.target.TargetProbe;
import io.kconform.harness.config.TestcontainersTargetSpec;
import io.kconform.harness.run.Redactor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.testcontainers.containers.GenericContainer;

/**
 * Starts {@code testcontainers} targets: an image run by Docker through Testcontainers, its Kafka
 * port published on a free port of 127.0.0.1 ({@link ContainerDefinition}), its output in
 * {@code container.log} with secrets masked, ready when it answers ApiVersions within the target's
 * {@code startTimeout}. Without a Docker engine the target is reported as not startable within
 * seconds ({@link DockerEngine}). The container is removed when the target closes, on Ctrl-C through
 * {@link ExitCleanup}, and — should the harness be killed — by Testcontainers' Ryuk companion, which
 * removes a session's containers once the harness's connection to it drops. Thread-safe.
 */
final class ContainerLauncher {

    private static final String LOG_NAME = "container.log";

    private final DockerEngine engine;

    ContainerLauncher(DockerEngine engine) {
        this.engine = engine;
    }

    /**
     * Starts the container and waits until it answers ApiVersions.
     *
     * @throws TargetStartException with the cause (for instance "no Docker engine: ...") and the end of its log
     */
    RunningTarget start(TestcontainersTargetSpec spec, Path runDir, Consumer<String> progress) {
        Optional<String> noEngine = engine.unavailableReason();
        if (noEngine.isPresent()) {
            throw new TargetStartException(spec.name(), noEngine.get(), List.of());
        }
        Redactor redactor = new Redactor(spec.secretValues());
        return PortTakenException.retrying(attempt -> startOnce(spec, runDir, progress, redactor, attempt == 1),
                progress);
    }

    private RunningTarget startOnce(TestcontainersTargetSpec spec, Path runDir, Consumer<String> progress,
                                    Redactor redactor, boolean firstAttempt) {
        ContainerDefinition definition = ContainerDefinition.of(spec, FreePorts.onLoopback());
        List<InetSocketAddress> addresses;
        ContainerLog log;
        try {
            addresses = TargetProbe.parseBootstrap(definition.bootstrap());
            Files.createDirectories(runDir);
            log = ContainerLog.open(runDir.resolve(LOG_NAME), !firstAttempt, redactor);
        } catch (IllegalArgumentException e) {
            throw new TargetStartException(spec.name(), redactor.apply(e.getMessage()), List.of());
        } catch (IOException e) {
            throw new TargetStartException(spec.name(), "cannot write its log: " + e.getMessage(), List.of());
        }
        progress.accept("starting container " + redactor.apply(definition.toString()));
        GenericContainer<?> container = Containers.create(spec.name(), definition, log);
        ContainerTarget target = new ContainerTarget(spec, definition, container, log, redactor);
        ExitCleanup.register(target);
        long launched = System.nanoTime();
        try {
            container.start(); // pulls the image when missing, creates and starts the container
        } catch (RuntimeException e) {
            target.close();
            String cause = redactor.apply(causes(e));
            List<String> tail = LogTail.of(log.file(), redactor);
            if (cause.contains("port is already allocated") || cause.toLowerCase(Locale.ROOT).contains("address already in use")) {
                throw new PortTakenException(spec.name(), tail);
            }
            throw new TargetStartException(spec.name(), "the container did not start: " + cause, tail);
        }
        ApiVersionsReadiness.Result result;
        try {
            result = ApiVersionsReadiness.await(addresses, spec.clientProperties(), definition.startTimeout(),
                    container::isRunning);
        } catch (InterruptedException e) {
            target.close();
            Thread.currentThread().interrupt();
            throw new TargetStartException(spec.name(), "interrupted while waiting for it", List.of());
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        if (result.state() == ApiVersionsReadiness.State.READY) {
            progress.accept(String.format(Locale.ROOT, "ready: %s answered ApiVersions %.1f s after the container"
                    + " started", definition.bootstrap(), (System.nanoTime() - launched) / 1e9));
            return target;
        }
        String exit = result.state() == ApiVersionsReadiness.State.EXITED ? target.exitCode() : "";
        target.close();
        List<String> tail = LogTail.of(log.file(), redactor);
        if (result.state() == ApiVersionsReadiness.State.EXITED) {
            throw new TargetStartException(spec.name(), "the container stopped" + exit + " before answering ApiVersions",
                    tail);
        }
        throw new TargetStartException(spec.name(), "no ApiVersions answer from " + definition.bootstrap() + " within "
                + definition.startTimeout().toSeconds() + " s (" + redactor.apply(result.lastProblem())
                + "); it was removed", tail);
    }

    /** The messages of an exception and its causes: Testcontainers wraps Docker's own words deep down. */
    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && text.indexOf(t.getMessage()) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return text.length() == 0 ? e.toString() : text.toString();
    }
}
