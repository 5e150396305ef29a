package io.kconform.harness.run;

import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.report.model.BaselineComparison;
import io.kconform.report.model.Change;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.Expectations;
import io.kconform.report.model.LevelStatus;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * When a run should end with exit code 1, for CI pipelines. Several conditions may be given; any one met is
 * enough. Immutable.
 *
 * <ul>
 *   <li>{@code must-fail}: a MUST check FAILED;</li>
 *   <li>{@code level-lost}: a level the run assessed is not held: a MUST check that decides it FAILED or is
 *       UNSUPPORTED (the level is NOT_CERTIFIED); a level not assessed (checks not selected, not run, in ERROR)
 *       never meets it;</li>
 *   <li>{@code fail}: any check FAILED;</li>
 *   <li>{@code must-not-pass}: a selected MUST check ran and did not pass (FAIL, UNSUPPORTED or ERROR);</li>
 *   <li>{@code below:<level>}: a target holds less than that level because a level up to it is NOT_CERTIFIED;
 *       levels not assessed do not meet it, and {@link #undecided} says so;</li>
 *   <li>{@code regression}: a check that passed in the baseline ran and did not pass (needs a baseline);</li>
 *   <li>{@code unexpected}: a check ran with another outcome than the expected-outcomes file says (needs one);</li>
 *   <li>{@code never}: never.</li>
 * </ul>
 *
 * <p>The default, {@value #DEFAULT}, fails a run on what a CI user would call red: a MUST check broken, or a
 * target that lost a level, and never on what the run did not assess.
 */
public final class FailOn {

    /** The conditions' syntax, for help text and errors. */
    public static final String SYNTAX = "must-fail, level-lost, fail, must-not-pass, below:<level>, regression,"
            + " unexpected, never";

    /** The default conditions. */
    public static final String DEFAULT = "must-fail,level-lost";

    private static final List<String> NAMED = List.of("must-fail", "level-lost", "fail", "must-not-pass", "regression",
            "unexpected", "never");

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
            } else if (!NAMED.contains(condition)) {
                throw new IllegalArgumentException("unknown --fail-on condition '" + part.strip() + "' (valid: "
                        + SYNTAX + ")");
            }
            parsed.add(condition);
        }
        return new FailOn(parsed);
    }

    /** Whether {@code condition} (e.g. {@code regression}) is among these. */
    public boolean has(String condition) {
        return conditions.contains(condition);
    }

    /** The first condition one of the targets meets, described; empty when none is met. */
    public Optional<String> metBy(List<TargetReport> targets) {
        List<String> met = metBy(targets, Optional.empty(), Optional.empty());
        return met.isEmpty() ? Optional.empty() : Optional.of(met.get(0));
    }

    /**
     * Every condition a target of {@code run} meets, one line each, in the order the conditions were given.
     * The caller leaves out targets that could not be reached or stopped answering: what they did is no finding.
     */
    public List<String> metBy(RunReport run, List<TargetReport> targets) {
        return metBy(targets, run.comparison(), run.expectations());
    }

    private List<String> metBy(List<TargetReport> targets, Optional<BaselineComparison> comparison,
                               Optional<Expectations> expected) {
        List<String> met = new ArrayList<>();
        for (String condition : conditions) {
            for (TargetReport target : targets) {
                met(condition, target, comparison, expected).ifPresent(met::add);
            }
        }
        return met;
    }

    /**
     * For each {@code below:<level>} condition, the targets where it could not decide: no level up to it is
     * NOT_CERTIFIED, but one is NOT_ASSESSED (its MUST checks not selected, not run, or in ERROR). One line each.
     */
    public List<String> undecided(List<TargetReport> targets) {
        List<String> lines = new ArrayList<>();
        for (String condition : conditions) {
            if (!condition.startsWith("below:")) {
                continue;
            }
            Level wanted = Level.fromName(condition.substring("below:".length()));
            for (TargetReport target : targets) {
                if (target.verdict() == null || heldBelow(target, wanted).isPresent()) {
                    continue;
                }
                target.verdict().levels().stream()
                        .filter(l -> l.level().compareTo(wanted) <= 0 && l.state() == LevelStatus.State.NOT_ASSESSED)
                        .findFirst()
                        .ifPresent(l -> lines.add(target.name() + ": " + l.level() + " not assessed (" + l.summary()
                                + "), so --fail-on " + condition + " cannot say whether it holds " + wanted.name()));
            }
        }
        return lines;
    }

    private static Optional<String> met(String condition, TargetReport target, Optional<BaselineComparison> comparison,
                                        Optional<Expectations> expected) {
        List<CheckResult> selected = target.checks().stream().filter(CheckResult::selected).toList();
        switch (condition) {
            case "must-fail":
                return first(selected.stream().filter(c -> c.strength() == Strength.MUST && c.outcome() == Outcome.FAIL)
                        .map(CheckResult::id).toList(), target, "a MUST check failed");
            case "fail":
                return first(selected.stream().filter(c -> c.outcome() == Outcome.FAIL).map(CheckResult::id).toList(),
                        target, "a check failed");
            case "must-not-pass":
                return first(selected.stream().filter(c -> c.strength() == Strength.MUST
                        && c.ran() && c.outcome() != Outcome.PASS && c.outcome() != Outcome.SKIPPED)
                        .map(CheckResult::id).toList(), target, "a MUST check did not pass");
            case "level-lost":
                return heldBelow(target, Level.values()[Level.values().length - 1])
                        .map(l -> target.name() + " lost " + l.level().name() + ": " + l.summary());
            case "regression":
                Map<String, Change> changes = comparison.map(b -> b.changesOf(target.name())).orElse(Map.of());
                return first(changes.entrySet().stream().filter(e -> e.getValue().regression())
                        .map(e -> e.getKey() + " " + e.getValue().describe()).toList(), target,
                        "passed in the baseline, not now");
            case "unexpected":
                return first(expected.map(e -> e.unexpected(target)).orElse(List.of()).stream()
                        .map(Expectations.Unexpected::describe).toList(), target, "an outcome differs from the expected");
            case "never":
                return Optional.empty();
            default:
                Level wanted = Level.fromName(condition.substring("below:".length()));
                return heldBelow(target, wanted).map(l -> target.name() + " holds less than " + wanted.name() + ": "
                        + l.level().name() + " not certified (" + l.summary() + ")");
        }
    }

    /** The lowest level up to {@code wanted} a MUST check holds back (NOT_CERTIFIED). */
    private static Optional<LevelStatus> heldBelow(TargetReport target, Level wanted) {
        if (target.verdict() == null) {
            return Optional.empty();
        }
        return target.verdict().levels().stream()
                .filter(l -> l.level().compareTo(wanted) <= 0 && l.state() == LevelStatus.State.NOT_CERTIFIED)
                .findFirst();
    }

    private static Optional<String> first(List<String> matching, TargetReport target, String what) {
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(target.name() + ": " + what + ": " + matching.get(0)
                + (matching.size() > 1 ? " and " + (matching.size() - 1) + " more" : ""));
    }

    @Override
    public String toString() {
        return String.join(",", conditions);
    }
}
