package io.kconform.harness.run;

import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.TargetReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * When a run should end with exit code 1, for CI pipelines. Several conditions may be given; any
 * one met is enough. Immutable.
 *
 * <ul>
 *   <li>{@code must-fail} (the default): a MUST check FAILED;</li>
 *   <li>{@code fail}: any check FAILED;</li>
 *   <li>{@code must-not-pass}: a selected MUST check did not pass (FAIL, UNSUPPORTED or ERROR);</li>
 *   <li>{@code below:<level>}: a target is not certified at that level (e.g. {@code below:storage});</li>
 *   <li>{@code never}: never.</li>
 * </ul>
 */
public final class FailOn {

    /** The conditions' syntax, for help text and errors. */
    public static final String SYNTAX = "must-fail, fail, must-not-pass, below:<level>, never";

    private final List<String> conditions;

    private FailOn(List<String> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    /**
     * Parses a comma-separated list of conditions.
     *
     * @throws IllegalArgumentException naming the bad condition and the valid ones
     */
    public static FailOn parse(String text) {
        List<String> parsed = new ArrayList<>();
        for (String part : text.split(",")) {
            String condition = part.strip().toLowerCase(Locale.ROOT);
            if (condition.startsWith("below:")) {
                Level.fromName(condition.substring("below:".length()));
            } else if (!List.of("must-fail", "fail", "must-not-pass", "never").contains(condition)) {
                throw new IllegalArgumentException("unknown --fail-on condition '" + part.strip() + "' (valid: "
                        + SYNTAX + ")");
            }
            parsed.add(condition);
        }
        return new FailOn(parsed);
    }

    /** The first condition one of the targets meets, described; empty when none is met. */
    public Optional<String> metBy(List<TargetReport> targets) {
        for (String condition : conditions) {
            for (TargetReport target : targets) {
                Optional<String> met = met(condition, target);
                if (met.isPresent()) {
                    return met;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> met(String condition, TargetReport target) {
        List<CheckResult> selected = target.checks().stream().filter(CheckResult::selected).toList();
        switch (condition) {
            case "must-fail":
                return first(selected.stream().filter(c -> c.strength() == Strength.MUST && c.outcome() == Outcome.FAIL)
                        .toList(), target, "a MUST check failed");
            case "fail":
                return first(selected.stream().filter(c -> c.outcome() == Outcome.FAIL).toList(), target,
                        "a check failed");
            case "must-not-pass":
                return first(selected.stream().filter(c -> c.strength() == Strength.MUST
                        && c.ran() && c.outcome() != Outcome.PASS && c.outcome() != Outcome.SKIPPED).toList(), target,
                        "a MUST check did not pass");
            case "never":
                return Optional.empty();
            default:
                Level wanted = Level.fromName(condition.substring("below:".length()));
                boolean certified = target.verdict().highest().map(h -> h.compareTo(wanted) >= 0).orElse(false);
                return certified ? Optional.empty() : Optional.of(target.name() + " is not certified at "
                        + wanted.name() + " (--fail-on " + condition + ")");
        }
    }

    private static Optional<String> first(List<CheckResult> matching, TargetReport target, String what) {
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(target.name() + ": " + what + ": " + matching.get(0).id()
                + (matching.size() > 1 ? " and " + (matching.size() - 1) + " more" : ""));
    }

    @Override
    public String toString() {
        return String.join(",", conditions);
    }
}
