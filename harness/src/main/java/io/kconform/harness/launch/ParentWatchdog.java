package io.kconform.harness.launch;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs another program's {@code main} in a child JVM and ends that JVM when the parent goes away.
 * The parent holds the child's standard input open; when the parent exits, however abruptly (kill
 * -9 included), the pipe closes, this watchdog reads end-of-file and exits, which runs the child's
 * shutdown hooks; should those hang (a broker waiting for controllers that went away with the
 * parent), the JVM halts {@value #SHUTDOWN_GRACE_SECONDS} s later. No child outlives the harness. SIGINT, which
 * Ctrl-C in a terminal sends to the harness and its children alike, is ignored: the harness ends its run in order
 * and then stops the child itself.
 *
 * <p>Usage: {@code java -cp ... io.kconform.harness.launch.ParentWatchdog <main-class> [args...]}.
 * Uses only the JDK, so that it can sit on any program's class path.
 */
public final class ParentWatchdog {

    /** How long the child's shutdown hooks may take once the parent is gone. */
    static final int SHUTDOWN_GRACE_SECONDS = 10;

    private ParentWatchdog() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ParentWatchdog <main-class> [args...]");
            System.exit(2);
        }
        ignoreTerminalInterrupt();
        Thread watcher = new Thread(ParentWatchdog::exitWhenStdinCloses, "kconform-parent-watchdog");
        watcher.setDaemon(true);
        watcher.start();
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    /**
     * Ignores SIGINT. Ctrl-C in a terminal reaches every process of the foreground process group, this JVM too; the
     * harness handles it by ending its checks and deleting what its run created on this node, and stops the node
     * afterwards. A node that stopped at once would leave the harness's cleanup nothing to talk to and its checks
     * failing for seconds. SIGTERM still stops the node, and so does the parent's going away. Looked up
     * reflectively: {@code sun.misc.Signal} is the JDK's only way, and this class uses only the JDK.
     */
    private static void ignoreTerminalInterrupt() {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object ignore = handlerType.getField("SIG_IGN").get(null);
            signalType.getMethod("handle", signalType, handlerType)
                    .invoke(null, signalType.getConstructor(String.class).newInstance("INT"), ignore);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // the JVM's default: Ctrl-C stops the node at once, and the harness's cleanup has nothing to talk to
        }
    }

    private static void exitWhenStdinCloses() {
        InputStream in = System.in;
        byte[] buffer = new byte[64];
        try {
            while (in.read(buffer) >= 0) {
                // the parent never writes; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the parent is gone, just like end-of-file
        }
        System.err.println("kconform: parent process gone, shutting down (halting after "
                + SHUTDOWN_GRACE_SECONDS + " s if shutdown hangs)");
        // A broker of a cluster whose controllers went away at the same moment waits for a controlled
        // shutdown that can never happen; its shutdown hook would keep the JVM alive indefinitely.
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(SHUTDOWN_GRACE_SECONDS * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.println("kconform: shutdown did not finish within " + SHUTDOWN_GRACE_SECONDS + " s, halting");
            Runtime.getRuntime().halt(1);
        }, "kconform-parent-watchdog-halter");
        halter.setDaemon(true); // daemon threads keep running while shutdown hooks do
        halter.start();
        System.exit(1);
    }
}
