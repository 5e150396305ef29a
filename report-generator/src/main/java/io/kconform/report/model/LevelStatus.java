package io.kconform.report.model;

import io.kconform.api.Level;
import java.util.List;

/**
 * Where a target stands at one certification level.
 *
 * @param level    the level
 * @param state    certified, or why not
 * @param blockers the MUST checks of this level that did not pass (FAIL, UNSUPPORTED or ERROR)
 * @param missing  the MUST checks of this level the run did not select
 * @param summary  one line for people, e.g. "compaction FAIL (2 checks)"
 */
public record LevelStatus(Level level, State state, List<CheckResult> blockers, List<String> missing, String summary) {

    /** Certified, or the reason it is not. */
    public enum State {
        /** Every MUST check of this level and the levels below passed. */
        CERTIFIED,
        /** A MUST check of this level failed, is unsupported, or could not be run. */
        NOT_CERTIFIED,
        /** This level's own MUST checks pass, but a level below is not certified. */
        BLOCKED_BELOW,
        /** Some of this level's MUST checks were not selected, or it has none: no verdict. */
        NOT_ASSESSED
    }

    public LevelStatus {
        blockers = List.copyOf(blockers);
        missing = List.copyOf(missing);
    }
}
