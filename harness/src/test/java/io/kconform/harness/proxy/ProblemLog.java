package io.kconform.harness.proxy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What went wrong inside the proxy. A frame the proxy fails to decode or a mutation that throws is
 * passed on untouched, so a test would silently see a working target; tests assert this log is
 * empty instead.
 */
final class ProblemLog {

    private final List<String> problems = new CopyOnWriteArrayList<>();

    void report(String where, Throwable problem) {
        String line = where + ": " + problem;
        problems.add(line);
        System.err.println("kconform proxy: " + line);
        problem.printStackTrace(System.err);
    }

    List<String> all() {
        return List.copyOf(problems);
    }
}
