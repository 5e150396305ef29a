package io.kconform.harness.launch;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Closes registered resources when the JVM exits — on Ctrl-C, on SIGTERM, or after {@code main}
 * returns — newest first, each once. A resource closed normally is unregistered first, so this is
 * only the safety net for runs that do not end normally. Thread-safe.
 */
public final class ExitCleanup {

    private static final Deque<AutoCloseable> RESOURCES = new ArrayDeque<>();
    private static boolean hookInstalled;

    private ExitCleanup() {
    }

    /** Closes {@code resource} on JVM exit unless {@link #unregister unregistered} before. */
    public static synchronized void register(AutoCloseable resource) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::closeAll, "kconform-exit-cleanup"));
            hookInstalled = true;
        }
        RESOURCES.push(resource);
    }

    /** Removes a resource that its owner has closed or is about to close. */
    public static synchronized void unregister(AutoCloseable resource) {
        RESOURCES.removeIf(r -> r == resource);
    }

    private static void closeAll() {
        while (true) {
            AutoCloseable next;
            synchronized (ExitCleanup.class) {
                next = RESOURCES.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception | LinkageError e) {
                System.err.println("kconform: cleanup on exit failed: " + e);
            }
        }
    }
}
