package io.kconform.report.model;

import java.util.Locale;

/**
 * How a run that a signal stopped ended: which signal, and how far it got. The checks it did not run are in each
 * target's checks, as {@link CheckResult.Execution#NOT_RUN}. Immutable.
 *
 * @param signal          the signal's name, {@code SIGINT} or {@code SIGTERM}
 * @param completedChecks how many selected checks, over all targets, ran to their own end (or were found not
 *                        assessable here) before the run stopped
 * @param selectedChecks  how many checks the run selected, over all targets
 */
public record Interruption(String signal, int completedChecks, int selectedChecks) {

    /** "interrupted (SIGINT) after 12 of 40 checks". */
    public String describe() {
        return String.format(Locale.ROOT, "interrupted (%s) after %d of %d checks", signal, completedChecks,
                selectedChecks);
    }
}
