package io.kconform.harness.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one job per target, up to a given number at once, each on a thread of its own named after its
 * target, and returns their results in the order of the targets, whatever order they finish in.
 *
 * <p>Guarantees: every job runs to its end, also when another one throws (a target's session always
 * stops what it started and deletes what it created); the first failure in target order is then thrown,
 * with the others suppressed on it. Interrupted while waiting, it interrupts the running jobs, waits for
 * them to end, and throws {@link InterruptedException}. The jobs share nothing through this class.
 */
public final class SideBySide {

    private SideBySide() {
    }

    /**
     * Runs {@code job} for every target.
     *
     * @param targets  what to run, in the order the results are wanted
     * @param name     a target's name, for its thread
     * @param parallel how many jobs run at once; 1 runs them one after another
     * @param job      one target's work, start to finish
     * @return one result per target, in the targets' order
     */
    public static <T, R> List<R> run(List<T> targets, Function<T, String> name, int parallel, Function<T, R> job)
            throws InterruptedException {
        if (parallel < 1) {
            throw new IllegalArgumentException("targets at once must be at least 1, not " + parallel);
        }
        if (targets.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, targets.size()));
        List<Future<R>> futures = new ArrayList<>();
        try {
            for (T target : targets) {
                futures.add(pool.submit(() -> {
                    Thread current = Thread.currentThread();
                    String previous = current.getName();
                    current.setName("kconform-target-" + name.apply(target));
                    try {
                        return job.apply(target);
                    } finally {
                        current.setName(previous);
                    }
                }));
            }
        } finally {
            pool.shutdown();
        }
        List<R> results = new ArrayList<>();
        RuntimeException failure = null;
        Error fatal = null;
        try {
            for (Future<R> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Error error) {
                        fatal = suppressInto(fatal, error);
                    } else {
                        RuntimeException runtime = cause instanceof RuntimeException r ? r
                                : new IllegalStateException(cause.getMessage(), cause);
                        failure = suppressInto(failure, runtime);
                    }
                    results.add(null);
                }
            }
        } catch (InterruptedException e) {
            // Each session stops its target and deletes what it created on its way out: wait for that.
            pool.shutdownNow();
            boolean terminated = false;
            while (!terminated) {
                try {
                    terminated = pool.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException again) {
                    // already stopping
                }
            }
            throw e;
        }
        if (fatal != null) {
            if (failure != null) {
                fatal.addSuppressed(failure);
            }
            throw fatal;
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private static <E extends Throwable> E suppressInto(E first, E next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
