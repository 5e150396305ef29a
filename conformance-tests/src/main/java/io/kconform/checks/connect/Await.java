package io.kconform.checks.connect;

import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded waits that hand back what they last saw, so that the check asserts on it and a failure
 * message says what the worker or the target showed instead of only "timed out".
 */
final class Await {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    private Await() {
    }

    /**
     * Asks {@code probe} until {@code done} holds or {@code wait} ends.
     *
     * @return the last value seen; the caller asserts on it
     */
    static <T> T until(Duration wait, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + wait.toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            TargetContext.sleep(INTERVAL);
            value = probe.get();
        }
        return value;
    }
}
