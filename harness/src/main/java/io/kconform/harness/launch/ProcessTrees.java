package io.kconform.harness.launch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Stops a process together with everything it started, the way a terminal stops a job: every
 * process of the tree is asked to stop (SIGTERM) at once, given a grace period, and what is still
 * running then is killed (SIGKILL). Processes that left the tree (their parent died and they were
 * re-parented) are stopped too when the caller knew them before, or — on Linux, read from
 * {@code /proc} — when they are still in the process group that a process of the tree leads. A
 * handle remembers its process's start time, so a process id reused by the system in the meantime
 * is never hit.
 *
 * <p>Uses only the JDK, so that {@link ProcessWatchdog} can use it in a JVM of its own.
 */
public final class ProcessTrees {

    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 50;

    private ProcessTrees() {
    }

    /**
     * What stopping a tree took.
     *
     * @param killed    processes still running after the grace period, which were then killed, as
     *                  {@code pid (command)}
     * @param survivors processes still running after the kill (empty unless the system refused it)
     */
    public record Stopped(List<String> killed, List<String> survivors) {
    }

    /**
     * Stops {@code root}, its descendants and {@code alsoKnown}; returns when all are gone, or after
     * {@code grace} plus a few seconds for the kill to take effect.
     */
    public static Stopped stop(ProcessHandle root, Collection<ProcessHandle> alsoKnown, Duration grace) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        tree.addAll(alsoKnown);
        collectDescendants(tree);
        tree.forEach(ProcessHandle::destroy);
        awaitExit(tree, grace);
        // what started during the grace period is part of the tree too
        collectDescendants(tree);
        Set<ProcessHandle> killed = new LinkedHashSet<>();
        tree.stream().filter(ProcessTrees::running).forEach(killed::add);
        List<String> described = describe(killed); // while they still have a command to show
        killed.forEach(ProcessHandle::destroyForcibly);
        awaitExit(killed, KILL_WAIT);
        Set<ProcessHandle> survivors = new LinkedHashSet<>();
        killed.stream().filter(ProcessTrees::running).forEach(survivors::add);
        return new Stopped(described, describe(survivors));
    }

    private static List<String> describe(Set<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " (" + p.info().command().orElse("?") + ")").toList();
    }

    /**
     * Whether a process still runs. A process that has exited but whose parent has not collected its
     * exit status yet (a zombie) counts as alive for the JDK; it is not running. A process whose
     * parent died is collected by the system's init process, which in some containers takes a second
     * or two: without this, stopping would wait for, and report, processes already gone.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            // /proc/<pid>/stat: "pid (command) state ..."; the command may itself hold parentheses
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (NoSuchFileException e) {
            return process.isAlive() && !Files.isDirectory(Path.of("/proc", "self")); // no /proc: not Linux
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * Adds to {@code tree} the live descendants of its processes and the members of the process
     * groups its processes lead (a group outlives its leader, and keeps the leader's id), until
     * nothing more is found.
     */
    static void collectDescendants(Set<ProcessHandle> tree) {
        int size;
        do {
            size = tree.size();
            for (ProcessHandle process : Set.copyOf(tree)) {
                if (process.isAlive()) {
                    process.descendants().forEach(tree::add);
                }
            }
            Set<Long> leaders = new HashSet<>();
            tree.forEach(p -> leaders.add(p.pid()));
            processGroups().forEach((pid, group) -> {
                if (leaders.contains(group)) {
                    ProcessHandle.of(pid).ifPresent(tree::add);
                }
            });
        } while (tree.size() > size);
    }

    /** Process id to process group id of every process, from {@code /proc}; empty without it. */
    static Map<Long, Long> processGroups() {
        Map<Long, Long> groups = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    // "pid (command) state ppid pgrp ..."; the command may itself hold parentheses
                    String stat = Files.readString(process.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    groups.put(Long.parseLong(process.getFileName().toString()), Long.parseLong(fields[2]));
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile, or not readable: not ours to stop
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of(); // no /proc: not Linux
        }
        return groups;
    }

    private static void awaitExit(Set<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessTrees::running) && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
