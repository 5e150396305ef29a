package io.kconform.report.render;

import io.kconform.api.Battery;
import io.kconform.api.Outcome;
import io.kconform.report.model.ApiMatrix;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plain-text summary printed at the end of a run.
 *
 * <p>Guarantees: the first line is the verdict headline, whole and unwrapped, so that {@code head -1}
 * gives the verdict; with several targets the first lines are one headline per target, each
 * prefixed with the target's name. Then, per target, a line naming it, one compact table per battery
 * of the checks the run selected (outcome label, id, duration, message) and one line counting the
 * checks per outcome. Every line but the headlines fits the width given (at least
 * {@value #MIN_WIDTH} columns), messages being cut with an ellipsis. Outcomes are words, so the
 * summary reads without colour; ANSI colour is added only when asked for, and never counts towards
 * the width. Control characters from the endpoint are removed, so a message cannot drive the
 * terminal. Thread-safe.
 */
public final class ConsoleSummary {

    /** The narrowest width honoured; below it the table no longer fits. */
    public static final int MIN_WIDTH = 40;

    private static final String RESET = "\u001b[0m";
    private static final Map<String, String> COLOURS = Map.of(
            "PASS", "\u001b[32m",
            "FAIL", "\u001b[1;31m",
            "UNSUPPORTED", "\u001b[33m",
            "SKIPPED", "\u001b[2m",
            "ERROR", "\u001b[1;35m",
            "NOT_RUN", "\u001b[2m",
            "NOT_SELECTED", "\u001b[2m");
    private static final String BOLD = "\u001b[1m";

    private static final int LABEL_WIDTH = "UNSUPPORTED".length();
    private static final int DURATION_WIDTH = "999 ms".length();
    private static final String INDENT = "    ";

    private final boolean colour;

    /**
     * @param colour whether to add ANSI colour; the caller decides, e.g. only when standard output is
     *               a terminal ({@code System.console() != null}) and {@code NO_COLOR} is not set
     */
    public ConsoleSummary(boolean colour) {
        this.colour = colour;
    }

    /**
     * The summary of {@code report} for a terminal {@code width} columns wide, lines separated by
     * {@code \n}, ending with a line break.
     */
    public String render(RunReport report, int width) {
        int columns = Math.max(MIN_WIDTH, width);
        StringBuilder out = new StringBuilder();
        boolean several = report.targets().size() > 1;
        for (TargetReport target : report.targets()) {
            String headline = Text.oneLine(target.verdict() == null ? "" : target.verdict().headline());
            out.append(style(BOLD, several ? Text.oneLine(target.name()) + ": " + headline : headline)).append('\n');
        }
        for (TargetReport target : report.targets()) {
            out.append('\n');
            appendTarget(out, target, columns);
        }
        return out.toString();
    }

    private void appendTarget(StringBuilder out, TargetReport target, int columns) {
        String title = Text.oneLine(target.name()) + " (" + Text.oneLine(target.kind()) + ")"
                + (target.description() == null || target.description().isBlank() ? ""
                : " — " + Text.oneLine(target.description()))
                + " — " + Text.duration(target.duration());
        out.append(style(BOLD, Text.truncate(title, columns))).append('\n');
        if (target.error().isPresent()) {
            // not the harness's ERROR: the target was not reached or does not speak Kafka, so nothing ran on it
            line(out, "NOT_RUN", "target not available: " + Text.oneLine(target.error().get()), columns, "  ");
            return;
        }
        int idWidth = target.checks().stream().filter(CheckResult::selected)
                .mapToInt(c -> Text.width(c.id())).max().orElse(0);
        for (Battery battery : Battery.values()) {
            List<CheckResult> checks = target.checks().stream()
                    .filter(c -> c.selected() && c.battery() == battery).toList();
            if (checks.isEmpty()) {
                continue;
            }
            out.append("  ").append(battery.id()).append('\n');
            List<CheckResult> condensed = checks.stream().filter(ApiMatrix::condensed).toList();
            if (!condensed.isEmpty()) {
                long passed = condensed.stream().filter(c -> c.outcome() == Outcome.PASS).count();
                line(out, passed > 0 ? "PASS" : "SKIPPED", "protocol.sweep.*: " + passed + " passed, "
                        + (condensed.size() - passed) + " skipped (not advertised); the API-versions matrix of the"
                        + " report shows each", columns, INDENT);
            }
            for (CheckResult check : checks) {
                if (ApiMatrix.condensed(check)) {
                    continue;
                }
                String rest = Text.padRight(check.id(), idWidth) + "  "
                        + Text.padLeft(compact(check.duration()), DURATION_WIDTH)
                        + (check.message().isBlank() ? "" : "  " + Text.oneLine(check.message()));
                line(out, Text.key(check), rest, columns, INDENT);
            }
        }
        out.append(Text.truncate(counts(target), columns)).append('\n');
    }

    /** One table row: the label padded and coloured, the rest cut to the width left. */
    private void line(StringBuilder out, String outcome, String rest, int columns, String indent) {
        int room = columns - indent.length() - LABEL_WIDTH - 1;
        out.append(indent).append(style(COLOURS.get(outcome), Text.padRight(outcome, LABEL_WIDTH))).append(' ')
                .append(Text.truncate(rest, room).stripTrailing()).append('\n');
    }

    private static String counts(TargetReport target) {
        StringBuilder line = new StringBuilder("  ");
        for (Outcome outcome : Outcome.values()) {
            long count = target.checks().stream().filter(c -> Text.key(c).equals(outcome.name())).count();
            line.append(count).append(' ').append(outcome.name()).append(", ");
        }
        // a check not assessable here is counted once, as SKIPPED, so that the counts add up to the catalog
        long notRun = target.checks().stream().filter(c -> c.execution() == CheckResult.Execution.NOT_RUN).count();
        if (notRun > 0) {
            line.append(notRun).append(" not run, ");
        }
        long notSelected = target.checks().stream().filter(c -> !c.selected()).count();
        return line.append(notSelected).append(" not selected").toString();
    }

    /** A duration in at most six columns: "340 ms", "61.5 s", "12m05s", "1h02m". */
    static String compact(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 100_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1_000.0);
        }
        long seconds = millis / 1_000;
        if (seconds < 3_600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3_600, seconds % 3_600 / 60);
    }

    private String style(String code, String text) {
        return colour && code != null ? code + text + RESET : text;
    }
}
