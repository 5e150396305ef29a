package io.kconform.harness.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs a vendor's command as its child, in a small JVM of its own between the harness and the
 * command, and stops the command's whole process tree when the harness goes away — however it
 * goes: a normal stop, Ctrl-C, or kill -9. A vendor binary cannot carry {@link ParentWatchdog}
 * inside it; this process watches in its place.
 *
 * <p>Usage: {@code java -cp <harness> io.kconform.harness.launch.ProcessWatchdog <grace-millis> <program> [args...]}.
 * Standard input carries, before anything starts, lines of {@code env <name> <value>} (environment
 * added to the command's), {@code secret <value>} (to be masked in the command's output; names and
 * values Base64) and then {@code start}. After that the harness keeps standard input open and writes
 * nothing; end-of-file — the harness closed it, or died — means stop.
 *
 * <p>Guarantees: the command's standard output and error are merged and copied, with every secret
 * replaced by {@code [hidden]} line by line, to this process's standard output (the target's log).
 * Stopping sends SIGTERM to the command and all its descendants at once, waits the grace period,
 * then SIGKILLs what is left; processes the command started and that outlived it are remembered
 * (the tree is looked at every second) and stopped too. This process exits with the command's exit
 * code, or 127 when the command cannot be started. What it cannot guarantee: a process that left
 * the tree within a second of being started and was never seen, and anything, should this watchdog
 * itself be killed with SIGKILL.
 */
public final class ProcessWatchdog {

    /** The exit code when the command could not be started, as shells use it. */
    public static final int CANNOT_START = 127;
    /** How this process's own lines in the log begin, so that the harness can tell them apart. */
    public static final String PREFIX = "kconform-watchdog: ";
    static final String CANNOT_START_LINE = PREFIX + "cannot start the command: ";

    private static final String MASK = "[hidden]";
    private static final int MIN_SECRET_LENGTH = 4;

    private ProcessWatchdog() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ProcessWatchdog <grace-millis> <program> [args...]");
            System.exit(2);
        }
        Duration grace = Duration.ofMillis(Long.parseLong(args[0]));
        List<String> command = Arrays.asList(args).subList(1, args.length);
        // Byte-transparent: whatever encoding the command writes passes through unchanged.
        PrintStream log = new PrintStream(System.out, true, StandardCharsets.ISO_8859_1);
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        Map<String, String> env = new LinkedHashMap<>();
        List<String> secrets = new ArrayList<>();
        if (!readInstructions(control, env, secrets)) {
            System.exit(0); // the harness went away before asking for a start
        }

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process child;
        try {
            child = builder.start();
        } catch (IOException | RuntimeException e) {
            log.println(CANNOT_START_LINE + mask(String.valueOf(e.getMessage()), latin1(secrets)));
            System.exit(CANNOT_START);
            return;
        }
        Set<ProcessHandle> seen = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Set<ProcessHandle> left = ProcessTrees.stop(child.toHandle(), Set.copyOf(seen), grace);
            if (!left.isEmpty()) {
                log.println(PREFIX + "could not stop " + left);
            }
        }, "kconform-watchdog-stop"));

        Thread copier = daemon("kconform-watchdog-log", () -> copy(child.getInputStream(), log, latin1(secrets)));
        daemon("kconform-watchdog-stdin", () -> {
            drain(control);
            log.println(PREFIX + "standard input closed: stopping the command and everything it started");
            System.exit(0);
        });

        try {
            while (!child.waitFor(1, TimeUnit.SECONDS)) {
                child.descendants().forEach(seen::add);
            }
            copier.join(1000); // processes the command left behind may hold the output open
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.println(PREFIX + "the command exited with code " + child.exitValue());
        System.exit(child.exitValue());
    }

    /** Reads {@code env} and {@code secret} lines until {@code start}; false when input ends first. */
    private static boolean readInstructions(BufferedReader control, Map<String, String> env, List<String> secrets)
            throws IOException {
        Base64.Decoder base64 = Base64.getDecoder();
        for (String line = control.readLine(); line != null; line = control.readLine()) {
            String[] parts = line.split(" ");
            switch (parts[0]) {
                case "start":
                    return true;
                case "env":
                    env.put(decode(base64, parts[1]), decode(base64, parts.length > 2 ? parts[2] : ""));
                    break;
                case "secret":
                    secrets.add(decode(base64, parts[1]));
                    break;
                default:
                    throw new IllegalArgumentException("unknown instruction: " + parts[0]);
            }
        }
        return false;
    }

    private static String decode(Base64.Decoder base64, String text) {
        return new String(base64.decode(text), StandardCharsets.UTF_8);
    }

    /** The secrets as they look when the command's UTF-8 output is read byte for byte; longest first. */
    private static List<String> latin1(List<String> secrets) {
        return secrets.stream().filter(s -> s.length() >= MIN_SECRET_LENGTH)
                .map(s -> new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    static String mask(String line, List<String> secrets) {
        String result = line;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    private static void copy(InputStream output, PrintStream log, List<String> secrets) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.ISO_8859_1))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                log.println(mask(line, secrets));
            }
        } catch (IOException e) {
            // the command is gone
        }
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

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
