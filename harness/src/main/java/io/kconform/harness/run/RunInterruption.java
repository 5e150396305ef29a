package io.kconform.harness.run;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM (a cancelled CI job) into an orderly end of the run rather than the end of the
 * JVM: the first such signal stops the checks ({@link CheckRunner}), and the run's own thread then stops what the
 * checks started (Connect workers, Streams applications: their fixtures close as the checks end), deletes what the
 * run created, writes the reports marked interrupted and exits with 128 + the signal's number (130, 143). A target
 * still starting stops starting. A second signal, or 90 s without the run ending, exits at once, through the JVM's
 * shutdown hooks ({@link io.kconform.harness.launch.ExitCleanup}).
 *
 * <p>Why not a shutdown hook: once the JVM runs its hooks it is ending, the hooks race each other and the run's
 * thread, and nothing it writes after is certain. The handlers are installed through {@code sun.misc.Signal}, the
 * JDK's only way to handle a signal, looked up reflectively so that the build stays free of warnings about
 * internal API; where it is missing the JVM's default applies (shutdown hooks, no report). Process-wide, as signals
 * are, for as long as a run's {@link Registration} is open: a run inside a build tool's JVM (the Maven plugin) gives
 * the signals back when it ends. Thread-safe.
 */
public final class RunInterruption {

    private static final Logger LOG = LoggerFactory.getLogger(RunInterruption.class);
    private static final List<String> SIGNALS = List.of("INT", "TERM");
    /**
     * How long the orderly end may take before the JVM exits anyway: a check that ignores interrupts, a cleanup
     * against a target that stopped answering. Long enough for a Connect worker's stop (30 s at most) and a cleanup.
     */
    private static final java.time.Duration GRACE = java.time.Duration.ofSeconds(90);
    private static final AtomicReference<Received> RECEIVED = new AtomicReference<>();
    private static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;
    /** The thread that ends the JVM if an interrupted run does not end in time; cancelled when the run ends. */
    private static final AtomicReference<Thread> BOUND = new AtomicReference<>();

    private RunInterruption() {
    }

    /**
     * A signal received.
     *
     * @param name   {@code SIGINT} or {@code SIGTERM}
     * @param number its number, 2 or 15
     */
    private record Received(String name, int number) {
    }

    /**
     * Installs the handlers of SIGINT and SIGTERM for as long as the returned registration is open; closing it puts
     * back the handlers that were there before (the JVM's, or a build tool's such as Maven's) and cancels the
     * bound on an orderly end. A run of the CLI keeps them until the JVM ends; a run inside a build closes them when
     * it returns, so that a Ctrl-C after it is the build's again. Nested installs share the first one's handlers.
     *
     * @param say told, once, when the first signal arrives, what happens now
     * @return the registration; {@link Registration#installed()} is false where signals cannot be handled
     */
    public static synchronized Registration install(Consumer<String> say) {
        if (installed) {
            return new Registration(false, () -> { });
        }
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Method handle = signalType.getMethod("handle", signalType, handlerType);
            Method getName = signalType.getMethod("getName");
            Method getNumber = signalType.getMethod("getNumber");
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (method.getName().equals("handle") && args != null && args.length == 1) {
                    received("SIG" + getName.invoke(args[0]), (Integer) getNumber.invoke(args[0]), say);
                    return null;
                }
                return switch (method.getName()) {
                    case "toString" -> "kconform signal handler";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                };
            };
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    onSignal);
            Map<Object, Object> previous = new LinkedHashMap<>();
            for (String name : SIGNALS) {
                Object signal = signalType.getConstructor(String.class).newInstance(name);
                previous.put(signal, handle.invoke(null, signal, handler));
            }
            installed = true;
            return new Registration(true, () -> {
                synchronized (RunInterruption.class) {
                    for (Map.Entry<Object, Object> entry : previous.entrySet()) {
                        handle.invoke(null, entry.getKey(), entry.getValue());
                    }
                    installed = false;
                    RECEIVED.set(null);
                    Thread bound = BOUND.getAndSet(null);
                    if (bound != null) {
                        bound.interrupt();
                    }
                }
            });
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.info("signals keep the JVM's default handling (an interrupted run writes no report): {}", e.toString());
            return new Registration(false, () -> { });
        }
    }

    /** Handlers installed by {@link #install}; closing puts the earlier ones back. Never throws. */
    public static final class Registration implements AutoCloseable {
        private final boolean installed;
        private final Restore restore;

        private Registration(boolean installed, Restore restore) {
            this.installed = installed;
            this.restore = restore;
        }

        /** Whether this registration installed the handlers (false where they cannot be, or already were). */
        public boolean installed() {
            return installed;
        }

        @Override
        public void close() {
            try {
                restore.run();
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warn("the signal handlers before the run could not be put back", e);
            }
        }
    }

    private interface Restore {
        void run() throws ReflectiveOperationException;
    }

    private static void received(String name, int number, Consumer<String> say) {
        if (!RECEIVED.compareAndSet(null, new Received(name, number))) {
            // The user insists: the JVM's shutdown hooks still stop brokers and delete what they can.
            System.err.println("kconform: " + name + " again: exiting now");
            Runtime.getRuntime().exit(128 + number);
            return;
        }
        LOG.warn("{} received: stopping the checks, then cleanup and reports", name);
        say.accept(name + ": stopping the checks, deleting what the run created and writing the reports"
                + " (" + name + " again exits at once)");
        Thread bound = new Thread(() -> {
            try {
                Thread.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("kconform: the run did not end within " + GRACE.toSeconds() + " s of " + name
                    + "; exiting now (the exit hooks stop what it started and delete what they can)");
            Runtime.getRuntime().exit(128 + number);
        }, "kconform-interrupt-bound");
        bound.setDaemon(true);
        BOUND.set(bound);
        bound.start();
        LISTENERS.forEach(listener -> {
            try {
                listener.accept(name);
            } catch (RuntimeException e) {
                LOG.warn("stopping a part of the run on {} failed", name, e);
            }
        });
    }

    /** The signal that interrupted the run, {@code SIGINT} or {@code SIGTERM}, if one did. */
    public static Optional<String> signal() {
        return Optional.ofNullable(RECEIVED.get()).map(Received::name);
    }

    /** The exit code of a run the signal interrupted: 128 + its number (130 for SIGINT, 143 for SIGTERM). */
    public static Optional<Integer> exitCode() {
        return Optional.ofNullable(RECEIVED.get()).map(r -> 128 + r.number());
    }

    /**
     * Calls {@code action} with the signal's name when the run is interrupted, at once when it already was. Closing
     * the registration removes it.
     */
    static AutoCloseable onInterrupt(Consumer<String> action) {
        LISTENERS.add(action);
        Optional<String> already = signal();
        if (already.isPresent()) {
            LISTENERS.remove(action);
            action.accept(already.get());
            return () -> { };
        }
        return () -> LISTENERS.remove(action);
    }
}
