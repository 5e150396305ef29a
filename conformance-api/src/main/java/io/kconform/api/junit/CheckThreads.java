package io.kconform.api.junit;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.InvocationInterceptor;

/**
 * The threads on which one harness run is executing check methods and fixtures ({@code @BeforeAll},
 * {@code @BeforeEach}), so that the harness can interrupt them all at once when the target stops
 * answering: a check blocked on a dead target then ends at once instead of waiting out its own bound.
 *
 * <p>The harness registers one under the same key as its target ({@value TargetRegistry#TARGET_KEY});
 * {@link KconformExtension} runs every check and fixture body it intercepts through {@link #run}. The
 * harness runs bodies on a thread of their own (Jupiter's {@code SEPARATE_THREAD} timeout mode), so an
 * interrupt reaches the body and nothing else. A body that ignores interrupts ends at its own bound.
 * Thread-safe; one instance per run, no state shared between runs.
 */
public final class CheckThreads {

    private static final Map<String, CheckThreads> RUNS = new ConcurrentHashMap<>();

    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private volatile boolean interrupting;

    private CheckThreads() {
    }

    /** Registers the threads of a run under {@code key}; {@link #unregister} them when the run ends. */
    public static CheckThreads register(String key) {
        CheckThreads threads = new CheckThreads();
        if (RUNS.putIfAbsent(key, threads) != null) {
            throw new IllegalStateException("check threads are already registered under " + key);
        }
        return threads;
    }

    /** Removes a registration. */
    public static void unregister(String key) {
        RUNS.remove(key);
    }

    static Optional<CheckThreads> lookup(String key) {
        return Optional.ofNullable(RUNS.get(key));
    }

    /**
     * Runs a body on the current thread, interruptible by {@link #interruptAll}; a body that starts
     * after that call is interrupted as it starts.
     */
    <T> T run(InvocationInterceptor.Invocation<T> invocation) throws Throwable {
        Thread thread = Thread.currentThread();
        running.add(thread);
        try {
            // Checked after the add: either interruptAll sees this thread, or this thread sees the flag.
            if (interrupting) {
                thread.interrupt();
            }
            return invocation.proceed();
        } finally {
            running.remove(thread);
            if (interrupting) {
                // The interrupt was meant for the body alone, not for what runs next on this thread.
                Thread.interrupted();
            }
        }
    }

    /**
     * Waits until no body runs any more, at most {@code bound}: a body Jupiter abandoned when it timed out goes on
     * running on its own thread, and what it starts (a Connect worker) must be stopped before the run deletes what
     * it created.
     *
     * @return how many bodies still run
     */
    public int awaitNone(java.time.Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return running.size();
    }

    /** How many bodies run now. */
    public int running() {
        return running.size();
    }

    /**
     * Interrupts every body running now, and every body that starts from now on.
     *
     * @return how many bodies were running
     */
    public int interruptAll() {
        interrupting = true;
        int interrupted = 0;
        for (Thread thread : running) {
            thread.interrupt();
            interrupted++;
        }
        return interrupted;
    }
}
