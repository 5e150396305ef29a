package io.kconform.checks.streams;

import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.kstream.ForeachAction;

/**
 * Makes one stream thread stall once, in the middle of a transaction, the way a long garbage collection, a
 * blocking call or a frozen VM does: the first instance that processes {@code triggerKey} blocks for the
 * stall's duration, and then goes on as if nothing happened. Shared by the instances of one check, so that
 * only the first to see the key stalls (the instance that takes its task over processes it again, without
 * stalling). The reference topology gets none.
 */
final class StallOnce {

    private final String triggerKey;
    private final Duration stall;
    private final AtomicReference<String> stalled = new AtomicReference<>();
    private volatile long stallEnds;

    StallOnce(String triggerKey, Duration stall) {
        this.triggerKey = triggerKey;
        this.stall = stall;
    }

    /** The hook for the instance named {@code instance}, called for every record before the repartition. */
    ForeachAction<String, String> at(String instance) {
        return (key, value) -> {
            if (triggerKey.equals(key) && stalled.compareAndSet(null, instance)) {
                stallEnds = System.nanoTime() + stall.toNanos();
                TargetContext.sleep(stall);
            }
        };
    }

    /** The instance that stalled, or {@code null} before the stall. */
    String stalledInstance() {
        return stalled.get();
    }

    /** Whether the stall has begun and not yet ended. */
    boolean stalling() {
        return stalled.get() != null && System.nanoTime() < stallEnds;
    }
}
