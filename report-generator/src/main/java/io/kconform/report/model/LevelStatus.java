package io.kconform.report.model;

import io.kconform.api.Level;
import java.util.List;

/**
 * Where a target stands at one certification level.
 *
 * @param level      the level
 * @param state      certified, or why not
 * @param blockers   the MUST checks of this level that the target did not pass (FAIL or UNSUPPORTED)
 * @param missing    the MUST checks of this level the run did not select
 * @param unassessed the MUST checks of this level that were selected but say nothing about the target: SKIPPED
 *                   as not applicable here (needs broker control, a cluster, a PLAINTEXT listener), ERROR (the
 *                   harness's fault), or not run (the target stopped answering first)
 * @param summary    one line for people, e.g. "compaction FAIL (2 checks)"
 */
public record LevelStatus(Level level, State state, List<CheckResult> blockers, List<String> missing,
                          List<CheckResult> unassessed, String summary) {

    /** Certified, or the reason it is not. */
    public enum State {
        /** Every MUST check of this level and the levels below passed or is not applicable here. */
        CERTIFIED,
        /** A MUST check of this level failed or is unsupported. */
        NOT_CERTIFIED,
        /** This level's own MUST checks pass, but a level below is not certified. */
        BLOCKED_BELOW,
        /**
         * No verdict: some of this level's MUST checks were not selected, not run or ended in ERROR, or none
         * of them applied to this target.
         */
        NOT_ASSESSED
    }

    public LevelStatus {
        blockers = List.copyOf(blockers);
        missing = List.copyOf(missing);
        unassessed = List.copyOf(unassessed);
    }
}
