package io.kconform.checks.connect;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Stops Kafka Connect from ending the harness's JVM. A Connect herder that fails asks the JVM to
 * exit ({@code Exit.exit(1)}), which is right for a worker process and fatal for a worker inside the
 * harness: every other check of the run would die with it. Kafka's {@code Exit} lets an embedding
 * application replace the exit, as Apache Kafka's own embedded Connect clusters do; here it throws
 * instead, on the thread that asked, and the worker's failure is reported through its check.
 *
 * <p>The replacement is JVM-wide and idempotent; nothing else in the harness calls Kafka's {@code Exit}. It is made
 * by reflection on whichever {@code Exit} the Kafka release in the JVM has ({@code org.apache.kafka.common.utils.Exit}
 * up to 3.x, {@code ...utils.internals.Exit} in 4.x), so that a Connect worker of an older release, run where current
 * clients cannot connect to a target, is guarded as well.
 */
final class ExitGuard {

    private static boolean installed;

    private ExitGuard() {
    }

    /** Where Kafka keeps its {@code Exit}: 4.x first, then the releases before. */
    private static final String[] EXIT_CLASSES = {"org.apache.kafka.common.utils.internals.Exit",
        "org.apache.kafka.common.utils.Exit"};

    /**
     * Installs the guard once.
     *
     * @throws IllegalStateException when the Kafka release in the JVM has no {@code Exit} to guard
     */
    static synchronized void install() {
        if (installed) {
            return;
        }
        Class<?> exit = exitClass();
        try {
            Class<?> procedure = Class.forName(exit.getName() + "$Procedure", true, exit.getClassLoader());
            exit.getMethod("setExitProcedure", procedure).invoke(null, refusing(procedure, "exit"));
            exit.getMethod("setHaltProcedure", procedure).invoke(null, refusing(procedure, "halt"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot guard " + exit.getName() + " against Kafka Connect ending the JVM",
                    e);
        }
        installed = true;
    }

    private static Class<?> exitClass() {
        for (String name : EXIT_CLASSES) {
            try {
                return Class.forName(name, true, ExitGuard.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                // an older or newer release keeps it elsewhere
            }
        }
        throw new IllegalStateException("no Kafka Exit class on the class path (" + String.join(", ", EXIT_CLASSES) + ")");
    }

    /** An {@code Exit.Procedure} ({@code execute(int status, String message)}) that throws instead. */
    private static Object refusing(Class<?> procedure, String verb) {
        return Proxy.newProxyInstance(procedure.getClassLoader(), new Class<?>[] {procedure},
                (proxy, method, args) -> refuse(proxy, method, args, verb));
    }

    private static Object refuse(Object proxy, Method method, Object[] args, String verb) {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "kconform's refusal to " + verb;
                case "hashCode" -> System.identityHashCode(proxy);
                default -> proxy == args[0];
            };
        }
        Object message = args.length > 1 ? args[1] : null;
        throw new IllegalStateException("Kafka Connect asked the JVM to " + verb + " with status " + args[0]
                + (message == null ? "" : ": " + message) + "; the harness refused");
    }
}
