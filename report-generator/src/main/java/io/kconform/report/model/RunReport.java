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
 * @param interrupted   present when a signal (Ctrl-C, SIGTERM) stopped the run before every check ran
 */
public record RunReport(int schemaVersion, String tool, String toolVersion, String baseline, Instant startedAt,
                        Instant finishedAt, String selection, List<TargetReport> targets,
                        Optional<Interruption> interrupted) {

    /** A run that was not interrupted. */
    public RunReport(int schemaVersion, String tool, String toolVersion, String baseline, Instant startedAt,
                     Instant finishedAt, String selection, List<TargetReport> targets) {
        this(schemaVersion, tool, toolVersion, baseline, startedAt, finishedAt, selection, targets, Optional.empty());
    }

    /**
     * The current results.json schema version. Version 2 added capabilities and the execution of each check, and
     * changed what blocks a level: an ERROR leaves it not assessed instead of not certified.
     */
    public static final int SCHEMA_VERSION = 2;

    /** The oldest results.json schema version this build still reads. */
    public static final int OLDEST_READABLE_SCHEMA_VERSION = 1;

    public RunReport {
        targets = List.copyOf(targets);
        interrupted = interrupted == null ? Optional.empty() : interrupted;
    }
}
