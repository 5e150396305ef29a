package io.kconform.harness.engine;

import io.kconform.api.Outcome;
import io.kconform.report.model.ApiMatrix;
import io.kconform.report.model.CheckResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress on the terminal: one line per step and per finished check, prefixed with the target's
 * name. Thread-safe: checks finish on many threads.
 */
public final class Console {

    private final PrintWriter out;
    private final boolean color;

    public Console(PrintWriter out, boolean color) {
        this.out = out;
        this.color = color;
    }

    /** Whether colour makes sense: a terminal that is not dumb, and no NO_COLOR in the environment. */
    public static boolean colorWanted(boolean noColorOption) {
        String term = System.getenv("TERM");
        return !noColorOption && System.console() != null && System.getenv("NO_COLOR") == null
                && term != null && !term.equals("dumb");
    }

    public boolean color() {
        return color;
    }

    public synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Prints a step of a target, e.g. "[kafka-4.4] starting ...". */
    public void step(String target, String text) {
        line("[" + target + "] " + text);
    }

    /** A progress printer for the checks of one target: "[kafka-4.4]  3/40 PASS  id (1.2 s) message". */
    public CheckProgress checks(String target, int total) {
        return new CheckProgress(target, total);
    }

    /** Counts and prints finished checks. */
    public final class CheckProgress implements io.kconform.harness.run.CheckListener {
        private final String target;
        private final int total;
        private final AtomicInteger done = new AtomicInteger();

        CheckProgress(String target, int total) {
            this.target = target;
            this.total = total;
        }

        @Override
        public void finished(CheckResult result) {
            int n = done.incrementAndGet();
            if (ApiMatrix.condensed(result)) {
                // hundreds of sweep checks pass in seconds; the counter of the next line shows their progress
                return;
            }
            String width = String.valueOf(total);
            String counter = String.format(Locale.ROOT, "%" + width.length() + "d/%s", n, width);
            String message = result.message().isEmpty() ? "" : "  " + abbreviate(result.message(), 110);
            step(target, counter + " " + label(result.outcome()) + " " + result.id()
                    + String.format(Locale.ROOT, " (%.1f s)", result.duration().toMillis() / 1000.0) + message);
        }
    }

    public String label(Outcome outcome) {
        String text = String.format(Locale.ROOT, "%-11s", outcome.name());
        if (!color) {
            return text;
        }
        String code = switch (outcome) {
            case PASS -> "32";
            case FAIL -> "31;1";
            case UNSUPPORTED -> "33";
            case SKIPPED -> "90";
            case ERROR -> "35;1";
        };
        return "\u001b[" + code + "m" + text + "\u001b[0m";
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
