package io.kconform.report.model;

import io.kconform.api.Battery;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one check against one target.
 *
 * @param id       the check's stable id
 * @param title    what the check verifies
 * @param battery  its battery
 * @param level    the level it counts towards
 * @param strength MUST, SHOULD or MAY
 * @param spec     KIPs, documentation and protocol requirements it traces to
 * @param hint     what to look at when it fails
 * @param selected whether the run selected it; a check not selected is SKIPPED and never decides a level
 * @param outcome  the outcome
 * @param duration how long it ran, kept to whole milliseconds as results.json holds it
 * @param message  why, in one line; empty for a plain pass
 * @param evidence what the check recorded it saw
 */
public record CheckResult(String id, String title, Battery battery, Level level, Strength strength,
                          List<String> spec, String hint, boolean selected, Outcome outcome, Duration duration,
                          String message, List<String> evidence) {

    public CheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outcome, "outcome");
        spec = List.copyOf(spec);
        evidence = List.copyOf(evidence);
        message = message == null ? "" : message;
        // results.json holds whole milliseconds; keeping the same precision here makes a round trip exact.
        duration = duration == null ? Duration.ZERO : duration.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A result for a check that ran. */
    public static CheckResult ran(CheckDescriptor check, Outcome outcome, Duration duration, String message,
                                  List<String> evidence) {
        return new CheckResult(check.id(), check.title(), check.battery(), check.level(), check.strength(),
                check.references(), check.hint(), true, outcome, duration, message, evidence);
    }

    /** A result for a check the run did not select. */
    public static CheckResult notSelected(CheckDescriptor check) {
        return new CheckResult(check.id(), check.title(), check.battery(), check.level(), check.strength(),
                check.references(), check.hint(), false, Outcome.SKIPPED, Duration.ZERO, "not selected", List.of());
    }
}
