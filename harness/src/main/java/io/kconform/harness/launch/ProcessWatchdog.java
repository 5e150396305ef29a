package io.kconform.harness.launch;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a vendor's command as its child, in a small JVM of its own between the harness and the
 * command, and stops the command's whole process tree when the harness goes away — however it
 * goes: a normal stop, Ctrl-C, or kill -9. A vendor binary cannot carry {@link ParentWatchdog}
 * inside it; this process watches in its place.
 *
 * <p>Usage: {@code java -cp <harness> io.kconform.harness.launch.ProcessWatchdog <grace-millis> <program> [args...]}.
 * Standard input carries, before anything starts, lines of {@code env <name> <value>} (Base64; added
 * to the command's environment, so that values never appear on a command line) and then
 * {@code start}. After that the harness keeps standard input open and writes nothing; end-of-file —
 * the harness closed it, or died — means stop. The command shares this process's standard output
 * and error, which the harness reads.
 *
 * <p>Guarantees: the command runs in a session and process group of its own where the system has
 * {@code setsid} (Linux), so a Ctrl-C in the terminal reaches kconform and this watchdog, which stop
 * the command deliberately, and not the command half-way. Stopping sends SIGTERM to the command, all
 * its descendants and every member of its process group at once, waits the grace period, then
 * SIGKILLs what is left; processes the command started that outlived their parent are found through
 * the group, or because the tree is looked at every second. A SIGTERM or SIGINT to this process stops
 * the tree the same way, and so does the command's own exit (what it left behind is stopped). This
 * process exits with the command's exit code when the command exits by itself, or 127 when the
 * command cannot be started. What it cannot guarantee: a process that left both the tree and the
 * group (a daemon that calls setsid itself) within a second of being started; and anything, should
 * this watchdog itself be killed with SIGKILL.
 */
public final class ProcessWatchdog {

    /** The exit code when the command could not be started, as shells use it. */
    public static final int CANNOT_START = 127;
    /** How this process's own lines in the log begin, so that the harness can tell them apart. */
    public static final String PREFIX = "kconform-watchdog: ";
    static final String CANNOT_START_LINE = PREFIX + "cannot start the command: ";

    private ProcessWatchdog() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ProcessWatchdog <grace-millis> <program> [args...]");
            System.exit(2);
        }
        Duration grace = Duration.ofMillis(Long.parseLong(args[0]));
        List<String> command = Arrays.asList(args).subList(1, args.length);
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        Map<String, String> env = new LinkedHashMap<>();
        if (!readInstructions(control, env)) {
            System.exit(0); // the harness went away before asking for a start
        }

        Optional<String> missing = missingProgram(command.get(0), env.getOrDefault("PATH", System.getenv("PATH")));
        if (missing.isPresent()) {
            System.out.println(CANNOT_START_LINE + missing.get());
            System.exit(CANNOT_START);
        }
        // The command writes straight into our standard output: were its output a pipe of this JVM,
        // the JDK would close that pipe as soon as the command itself exits, and processes it left
        // behind (a server started by a script) would lose their last words.
        ProcessBuilder builder = new ProcessBuilder(inOwnSession(command))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process child;
        try {
            child = builder.start();
        } catch (IOException | RuntimeException e) {
            System.out.println(CANNOT_START_LINE + e.getMessage());
            System.exit(CANNOT_START);
            return;
        }
        Set<ProcessHandle> seen = Collections.synchronizedSet(new LinkedHashSet<>());
        // Set before any process of the tree is signalled, so that the main thread, seeing the command
        // exit, knows a stop is under way and leaves the exit to it.
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            ProcessTrees.Stopped stopped = ProcessTrees.stop(child.toHandle(), Set.copyOf(seen), grace);
            if (!stopped.killed().isEmpty()) {
                System.out.println(PREFIX + "killed " + String.join(", ", stopped.killed()) + ": still running "
                        + grace.toMillis() + " ms after SIGTERM");
            }
            if (!stopped.survivors().isEmpty()) {
                System.out.println(PREFIX + "could not stop " + String.join(", ", stopped.survivors()));
            }
            System.out.println(PREFIX + "stopped; the command's exit code was "
                    + (child.isAlive() ? "none (still running)" : Integer.toString(child.exitValue())));
        }, "kconform-watchdog-stop"));

        Thread stdin = new Thread(() -> {
            drain(control);
            stopping.set(true);
            System.out.println(PREFIX + "standard input closed: stopping the command and everything it started");
            System.exit(0);
        }, "kconform-watchdog-stdin");
        stdin.setDaemon(true);
        stdin.start();

        try {
            while (!child.waitFor(1, TimeUnit.SECONDS)) {
                child.descendants().forEach(seen::add);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopping.get()) {
            // The shutdown hook is stopping the tree and ends this JVM when done. System.exit with the
            // command's (non-zero) code would halt the JVM at once, cutting the stop short.
            return;
        }
        System.out.println(PREFIX + "the command exited by itself with code " + child.exitValue());
        System.exit(child.exitValue()); // the shutdown hook stops what it left behind
    }

    /**
     * The command, run through {@code setsid} where the system has it: in a session and process group
     * of its own, a Ctrl-C in kconform's terminal does not reach it, so it is never half-stopped behind
     * the watchdog's back, and every process it starts stays in its group — found and stopped even
     * after its parent died ({@link ProcessTrees}). {@code setsid} executes the command in its own
     * place, so the command keeps its process id.
     */
    static List<String> inOwnSession(List<String> command) {
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                List<String> wrapped = new ArrayList<>(List.of(setsid));
                wrapped.addAll(command);
                return wrapped;
            }
        }
        return command;
    }

    /**
     * Why {@code program} cannot be run, if it cannot: not on the PATH, no such file, not executable.
     * Checked here because, run through {@code setsid}, the error would be setsid's and not the JDK's.
     */
    static Optional<String> missingProgram(String program, String pathVariable) {
        if (program.contains("/") || program.contains(File.separator)) {
            Path path = Path.of(program).toAbsolutePath(); // relative to the working directory, as exec does
            if (!Files.exists(path)) {
                return Optional.of("Cannot run program \"" + program + "\": No such file or directory");
            }
            return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.empty()
                    : Optional.of("Cannot run program \"" + program + "\": Permission denied (not an executable file)");
        }
        String path = pathVariable == null ? "" : pathVariable;
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.empty();
            }
        }
        return Optional.of("Cannot run program \"" + program + "\": not found on the PATH (" + path + ")");
    }

    /** Reads {@code env} lines until {@code start}; false when input ends first. */
    private static boolean readInstructions(BufferedReader control, Map<String, String> env) throws IOException {
        Base64.Decoder base64 = Base64.getDecoder();
        for (String line = control.readLine(); line != null; line = control.readLine()) {
            String[] parts = line.split(" ");
            if (parts[0].equals("start")) {
                return true;
            }
            if (!parts[0].equals("env") || parts.length < 2) {
                throw new IllegalArgumentException("unknown instruction: " + parts[0]);
            }
            env.put(decode(base64, parts[1]), parts.length > 2 ? decode(base64, parts[2]) : "");
        }
        return false;
    }

    private static String decode(Base64.Decoder base64, String text) {
        return new String(base64.decode(text), StandardCharsets.UTF_8);
    }

    private static void drain(BufferedReader control) {
        try {
            while (control.read() >= 0) {
                // the harness writes nothing after "start"
            }
        } catch (IOException e) {
            // a broken pipe means the harness is gone, just like end-of-file
        }
    }
}
