package io.kconform.checks.streams;

import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes a stream thread die once, in the middle of a transaction, the way an application bug or a
 * killed process does: on the first time it sees {@code triggerKey} it waits a moment (so that the
 * producer has sent the records of the open transaction to the target) and throws. Belongs to one
 * check; the reference topology gets a disarmed one.
 */
final class CrashOnce {

    private final String triggerKey;
    private final Duration pause;
    private final AtomicBoolean armed;

    private CrashOnce(String triggerKey, Duration pause, boolean armed) {
        this.triggerKey = triggerKey;
        this.pause = pause;
        this.armed = new AtomicBoolean(armed);
    }

    /** Crashes the first time {@code triggerKey} is processed, after {@code pause}. */
    static CrashOnce on(String triggerKey, Duration pause) {
        return new CrashOnce(triggerKey, pause, true);
    }

    /** Never crashes: for the reference run. */
    static CrashOnce never() {
        return new CrashOnce("", Duration.ZERO, false);
    }

    /** Called for every record before the repartition. */
    void maybeCrash(String key, String value) {
        if (triggerKey.equals(key) && armed.compareAndSet(true, false)) {
            // longer than the Streams producer's linger.ms (100 ms): the open transaction's records reach the target
            TargetContext.sleep(pause);
            throw new InjectedCrash("crash injected by kconform while processing " + key + "=" + value);
        }
    }

    /** Whether the crash happened. */
    boolean crashed() {
        return !armed.get() && !triggerKey.isEmpty();
    }

    /** Whether {@code thrown} is, or was caused by, the injected crash. */
    static boolean isInjected(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InjectedCrash) {
                return true;
            }
        }
        return false;
    }

    /** The exception of the injected crash. */
    static final class InjectedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedCrash(String message) {
            super(message);
        }
    }
}
