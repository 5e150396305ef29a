package io.kconform.report.model;

import io.kconform.api.Outcome;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a check's result differs from its result in a baseline run. Immutable.
 *
 * <p>A result is the outcome of a check that ran ({@code PASS}, {@code FAIL}, ...), or else why it did not run
 * ({@code NOT_RUN}, {@code NOT_ASSESSABLE_HERE}). A check is compared only where both runs selected it.
 *
 * @param before     its result in the baseline
 * @param now        its result in this run
 * @param regression whether it passed in the baseline and, this time, ran and did not pass (FAIL, UNSUPPORTED or
 *                   SKIPPED); an ERROR is the harness's fault and a check that did not run says nothing about the
 *                   target, so neither is a regression
 */
public record Change(String before, String now, boolean regression) {

    private static final Set<Outcome> NOT_PASSING = Set.of(Outcome.FAIL, Outcome.UNSUPPORTED, Outcome.SKIPPED);

    public Change {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(now, "now");
    }

    /** The change from {@code before} to {@code now}; empty when the result is the same or either run left it out. */
    public static Optional<Change> between(CheckResult before, CheckResult now) {
        if (!before.selected() || !now.selected()) {
            return Optional.empty();
        }
        String was = result(before);
        String is = result(now);
        if (was.equals(is)) {
            return Optional.empty();
        }
        boolean regression = before.ran() && before.outcome() == Outcome.PASS && now.ran()
                && NOT_PASSING.contains(now.outcome());
        return Optional.of(new Change(was, is, regression));
    }

    /** The outcome of a check that ran, else its execution ({@code NOT_RUN}, ...). */
    public static String result(CheckResult check) {
        return check.ran() ? check.outcome().name() : check.execution().name();
    }

    /** For people: {@code PASS → FAIL}. */
    public String describe() {
        return before + " → " + now;
    }
}
