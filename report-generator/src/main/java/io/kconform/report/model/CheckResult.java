package io.kconform.report.model;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one check against one target.
 *
 * @param id         the check's stable id
 * @param title      what the check verifies
 * @param battery    its battery
 * @param level      the level it counts towards
 * @param strength   MUST, SHOULD or MAY
 * @param capability the optional capability it exercises; such a check never decides a level
 * @param spec       KIPs, documentation and protocol requirements it traces to
 * @param hint       what to look at when it fails
 * @param execution  whether the run selected it and ran it; a check that did not run is SKIPPED and never
 *                   passes a level
 * @param outcome    the outcome
 * @param duration   how long it ran, kept to whole milliseconds as results.json holds it
 * @param message    why, in one line; empty for a plain pass
 * @param evidence   what the check recorded it saw
 */
public record CheckResult(String id, String title, Battery battery, Level level, Strength strength,
                          Optional<Capability> capability, List<String> spec, String hint, Execution execution,
                          Outcome outcome, Duration duration, String message, List<String> evidence) {

    /** Whether a check ran, and if not, why not. */
    public enum Execution {
        /** Selected and run: its outcome says what the target did. */
        RAN,
        /** Not selected by the run (a battery, id glob or level the user chose left it out). */
        NOT_SELECTED,
        /**
         * Selected but never run: the target stopped answering before its turn, or the run was interrupted (SIGINT,
         * SIGTERM) before it or while it ran. Its level is not assessed; the message says which, and when.
         */
        NOT_RUN,
        /**
         * Selected, but this deployment cannot assess it: no broker control, too few brokers, a listener the check
         * cannot speak. The implementation may well do it; the verdict names the check so a reader knows it was not
         * verified here. A MUST check so neither passes nor blocks its level.
         */
        NOT_ASSESSABLE_HERE
    }

    public CheckResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(execution, "execution");
        capability = capability == null ? Optional.empty() : capability;
        spec = List.copyOf(spec);
        evidence = List.copyOf(evidence);
        message = message == null ? "" : message;
        // results.json holds whole milliseconds; keeping the same precision here makes a round trip exact.
        duration = duration == null ? Duration.ZERO : duration.truncatedTo(ChronoUnit.MILLIS);
        if (execution != Execution.RAN && outcome != Outcome.SKIPPED) {
            throw new IllegalArgumentException("check " + id + " did not run (" + execution + ") but has outcome "
                    + outcome);
        }
    }

    /** A result for a check that ran. */
    public static CheckResult ran(CheckDescriptor check, Outcome outcome, Duration duration, String message,
                                  List<String> evidence) {
        return of(check, Execution.RAN, outcome, duration, message, evidence);
    }

    /** A result for a check the run did not select. */
    public static CheckResult notSelected(CheckDescriptor check) {
        return of(check, Execution.NOT_SELECTED, Outcome.SKIPPED, Duration.ZERO, "not selected", List.of());
    }

    /** A result for a selected check this deployment cannot assess ({@link Execution#NOT_ASSESSABLE_HERE}). */
    public static CheckResult notAssessableHere(CheckDescriptor check, Duration duration, String reason,
                                                List<String> evidence) {
        return of(check, Execution.NOT_ASSESSABLE_HERE, Outcome.SKIPPED, duration, reason, evidence);
    }

    /**
     * A result for a selected check that never ran because the target stopped answering first, or that the run's
     * interruption stopped.
     *
     * @param reason what happened, e.g. "not run: the target stopped answering during check X"
     */
    public static CheckResult notRun(CheckDescriptor check, String reason) {
        return of(check, Execution.NOT_RUN, Outcome.SKIPPED, Duration.ZERO, reason, List.of());
    }

    private static CheckResult of(CheckDescriptor check, Execution execution, Outcome outcome, Duration duration,
                                  String message, List<String> evidence) {
        return new CheckResult(check.id(), check.title(), check.battery(), check.level(), check.strength(),
                check.capability(), check.references(), check.hint(), execution, outcome, duration, message, evidence);
    }

    /** Whether the run selected this check (it may still not have run: {@link Execution#NOT_RUN}). */
    public boolean selected() {
        return execution != Execution.NOT_SELECTED;
    }

    /** Whether the check ran and its outcome is about the target. */
    public boolean ran() {
        return execution == Execution.RAN;
    }

    /** Whether this check decides its level: a MUST check of no capability. */
    public boolean gatesLevel() {
        return strength == Strength.MUST && capability.isEmpty();
    }
}
