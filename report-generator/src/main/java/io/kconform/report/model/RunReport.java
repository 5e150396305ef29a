package io.kconform.report.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run of kconform: which checks against which targets, with what result. The root of
 * results.json.
 *
 * @param schemaVersion the version of the results.json shape; raised on any incompatible change
 * @param tool          always "kconform"
 * @param toolVersion   the kconform version that ran
 * @param baseline      the Apache Kafka release the checks are written against
 * @param startedAt     when the run began
 * @param finishedAt    when it ended
 * @param selection     how checks were selected, as the command line said it
 * @param targets       one report per target, in the order they ran
 * @param checkList     the digest of the suite's check list; {@link CheckList#UNKNOWN} in a file of an older writer
 * @param comparison    how the run compares with a baseline results.json, when one was given
 * @param expectations  the expected-outcomes file, when one was given
 * @param interrupted   present when a signal (Ctrl-C, SIGTERM) stopped the run before every check ran
 */
public record RunReport(int schemaVersion, String tool, String toolVersion, String baseline, Instant startedAt,
                        Instant finishedAt, String selection, List<TargetReport> targets, CheckList checkList,
                        Optional<BaselineComparison> comparison, Optional<Expectations> expectations,
                        Optional<Interruption> interrupted) {

    /** A run that was not interrupted. */
    public RunReport(int schemaVersion, String tool, String toolVersion, String baseline, Instant startedAt,
                     Instant finishedAt, String selection, List<TargetReport> targets, CheckList checkList,
                     Optional<BaselineComparison> comparison, Optional<Expectations> expectations) {
        this(schemaVersion, tool, toolVersion, baseline, startedAt, finishedAt, selection, targets, checkList,
                comparison, expectations, Optional.empty());
    }

    /**
     * The current results.json schema version. Version 2 added capabilities and the execution of each check, and
     * changed what blocks a level: an ERROR leaves it not assessed instead of not certified.
     */
    public static final int SCHEMA_VERSION = 2;

    /** The oldest results.json schema version this build still reads. */
    public static final int OLDEST_READABLE_SCHEMA_VERSION = 1;

    /** A run with no baseline and no expected outcomes, its check list taken from the first target that has checks. */
    public RunReport(int schemaVersion, String tool, String toolVersion, String baseline, Instant startedAt,
                     Instant finishedAt, String selection, List<TargetReport> targets) {
        this(schemaVersion, tool, toolVersion, baseline, startedAt, finishedAt, selection, targets,
                checkListOf(targets), Optional.empty(), Optional.empty());
    }

    /** The check list of the first target that has checks: every target of a run ran the same suite. */
    private static CheckList checkListOf(List<TargetReport> targets) {
        return targets.stream().filter(t -> !t.checks().isEmpty()).findFirst()
                .map(t -> CheckList.ofResults(t.checks())).orElse(CheckList.UNKNOWN);
    }

    /** A run with no baseline and no expected outcomes that a signal may have interrupted. */
    public RunReport(int schemaVersion, String tool, String toolVersion, String baseline, Instant startedAt,
                     Instant finishedAt, String selection, List<TargetReport> targets,
                     Optional<Interruption> interrupted) {
        this(schemaVersion, tool, toolVersion, baseline, startedAt, finishedAt, selection, targets,
                checkListOf(targets), Optional.empty(), Optional.empty(), interrupted);
    }

    public RunReport {
        targets = List.copyOf(targets);
        checkList = checkList == null ? CheckList.UNKNOWN : checkList;
        comparison = comparison == null ? Optional.empty() : comparison;
        expectations = expectations == null ? Optional.empty() : expectations;
        interrupted = interrupted == null ? Optional.empty() : interrupted;
    }

    /** This run with a baseline comparison and expected outcomes. */
    public RunReport gated(Optional<BaselineComparison> comparison, Optional<Expectations> expectations) {
        return new RunReport(schemaVersion, tool, toolVersion, baseline, startedAt, finishedAt, selection, targets,
                checkList, comparison, expectations, interrupted);
    }
}
