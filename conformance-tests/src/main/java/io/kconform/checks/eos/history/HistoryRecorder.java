package io.kconform.checks.eos.history;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the clients of a running workload record their operations: thread-safe, with one logical clock for all
 * of them. Each client takes a tick before it invokes an operation and records the operation with a tick taken
 * after it completed, so that happens-before between clients shows in the ticks.
 */
public final class HistoryRecorder {

    private final AtomicLong clock = new AtomicLong();
    private final List<Op> ops = new ArrayList<>();
    private final long seed;

    public HistoryRecorder(long seed) {
        this.seed = seed;
    }

    /** The next tick of the logical clock. */
    public long tick() {
        return clock.incrementAndGet();
    }

    /** Records a completed operation. */
    public synchronized void record(Op op) {
        ops.add(op);
    }

    /** The history so far. */
    public synchronized History history() {
        return new History(seed, ops);
    }
}
