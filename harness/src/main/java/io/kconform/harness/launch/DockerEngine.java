package io.kconform.harness.launch;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine can run containers here, found out once and within a bound. Testcontainers
 * tries every way it knows to reach an engine (environment, sockets, Docker Desktop, ...) and, when
 * one answers, starts its Ryuk companion; without an engine it gives up in well under a second, but
 * an engine address that accepts and never answers could hold it much longer. The discovery
 * therefore runs on a daemon thread of its own and is given {@link #DEFAULT_BOUND} at most; its
 * answer is kept for the life of this object. Thread-safe.
 */
final class DockerEngine {

    /** How long finding an engine (and starting Ryuk there) may take before the answer is "none". */
    static final Duration DEFAULT_BOUND = Duration.ofSeconds(20);
    static final String NO_ENGINE = "no Docker engine: ";

    private final Callable<?> discovery;
    private final Duration bound;
    private Optional<String> answer;

    /**
     * @param discovery returns when an engine answers, throws with the reason when none does
     * @param bound     how long it may take
     */
    DockerEngine(Callable<?> discovery, Duration bound) {
        this.discovery = discovery;
        this.bound = bound;
    }

    /** The engine Testcontainers finds, as its {@code DockerClientFactory} does for every container. */
    static DockerEngine testcontainers() {
        // Referenced lazily: a run without container targets never loads Testcontainers.
        return new DockerEngine(() -> DockerClientFactory.instance().client(), DEFAULT_BOUND);
    }

    /** Empty when an engine answers; otherwise why containers cannot run, beginning "no Docker engine: ". */
    synchronized Optional<String> unavailableReason() {
        if (answer == null) {
            answer = discover();
        }
        return answer;
    }

    private Optional<String> discover() {
        FutureTask<?> task = new FutureTask<>(discovery::call);
        Thread thread = new Thread(task, "kconform-docker-discovery");
        thread.setDaemon(true); // a discovery that never returns must not keep the harness alive
        thread.start();
        try {
            task.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return Optional.of(NO_ENGINE + (cause.getMessage() != null ? cause.getMessage() : cause.toString()));
        } catch (TimeoutException e) {
            return Optional.of(NO_ENGINE + "Testcontainers found none that answered within " + bound.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(NO_ENGINE + "interrupted while looking for one");
        }
    }
}
