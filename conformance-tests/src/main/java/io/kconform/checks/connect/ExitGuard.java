package io.kconform.checks.connect;

import org.apache.kafka.common.utils.internals.Exit;

/**
 * Stops Kafka Connect from ending the harness's JVM. A Connect herder that fails asks the JVM to
 * exit ({@code Exit.exit(1)}), which is right for a worker process and fatal for a worker inside the
 * harness: every other check of the run would die with it. Kafka's {@code Exit} lets an embedding
 * application replace the exit, as Apache Kafka's own embedded Connect clusters do; here it throws
 * instead, on the thread that asked, and the worker's failure is reported through its check.
 *
 * <p>The replacement is JVM-wide and idempotent; nothing else in the harness calls Kafka's {@code Exit}.
 */
final class ExitGuard {

    private static boolean installed;

    private ExitGuard() {
    }

    /** Installs the guard once. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka Connect asked the JVM to exit with status " + status
                    + (message == null ? "" : ": " + message) + "; the harness refused");
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka Connect asked the JVM to halt with status " + status
                    + (message == null ? "" : ": " + message) + "; the harness refused");
        });
        installed = true;
    }
}
