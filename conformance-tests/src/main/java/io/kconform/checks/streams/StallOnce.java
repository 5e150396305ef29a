package io.kconform.checks.streams;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.kstream.ForeachAction;

/**
 * Makes one stream thread stall once, in the middle of a transaction, the way a long garbage collection, a
 * blocking call or a frozen VM does: the first instance that processes {@code triggerKey} blocks until the
 * check {@linkplain #release() releases} it (once what the stall is for has happened) or the longest stall
 * has passed, and then goes on as if nothing happened. Ending on the check's word rather than after a fixed
 * time keeps the stall long enough on a loaded machine and short on an idle one. Shared by the instances of
 * one check, so that only the first to see the key stalls (the instance that takes its task over processes it
 * again, without stalling). The reference topology gets none.
 */
final class StallOnce {

    private final String triggerKey;
    private final Duration longest;
    private final AtomicReference<String> stalled = new AtomicReference<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile long stallBegan;
    private volatile long stallEnded;

    StallOnce(String triggerKey, Duration longest) {
        this.triggerKey = triggerKey;
        this.longest = longest;
    }

    /** The hook for the instance named {@code instance}, called for every record before the repartition. */
    ForeachAction<String, String> at(String instance) {
        return (key, value) -> {
            if (triggerKey.equals(key) && stalled.compareAndSet(null, instance)) {
                stallBegan = System.nanoTime();
                try {
                    released.await(longest.toNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    // Closing the application interrupts it: the stall ends and the thread goes on to stop.
                    Thread.currentThread().interrupt();
                } finally {
                    stallEnded = System.nanoTime();
                }
            }
        };
    }

    /** Ends the stall (or lets it never begin). */
    void release() {
        released.countDown();
    }

    /** The instance that stalled, or {@code null} before the stall. */
    String stalledInstance() {
        return stalled.get();
    }

    /** Whether the stall has begun and not yet ended. */
    boolean stalling() {
        return stalled.get() != null && stallEnded == 0;
    }

    /** How long the stall lasted, or has lasted so far. */
    Duration duration() {
        if (stalled.get() == null) {
            return Duration.ZERO;
        }
        long end = stallEnded == 0 ? System.nanoTime() : stallEnded;
        return Duration.ofNanos(end - stallBegan);
    }
}
