package io.kconform.harness.run;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.report.model.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settles the results of a run a signal stopped (Ctrl-C, SIGTERM): pure, given what the run observed and when.
 * An interruption is nobody's fault and says nothing about the target, so it never shows as a failure:
 * <ul>
 *   <li>A check that ended before the signal keeps its result.</li>
 *   <li>A check that was running at the signal and ended after it keeps a PASS, UNSUPPORTED or SKIPPED (what the
 *       target did before the run stopped); a FAIL or ERROR then is most likely the interruption itself (its thread interrupted, the naming
 *       of new resources closed), so it is {@linkplain CheckResult#notRun not run}, "interrupted while it ran".</li>
 *   <li>Every other selected check is not run: cancelled before it started, or held back by a fixture (a Connect
 *       worker) that the interruption stopped while it was being set up.</li>
 * </ul>
 */
final class InterruptedRun {

    private InterruptedRun() {
    }

    /**
     * @param checks          the checks the run was given, in order
     * @param observed        what was seen of each check that got a result, by id
     * @param started         when each check that started did, by id
     * @param signal          {@code SIGINT} or {@code SIGTERM}
     * @param interruptNanos  when the signal came ({@link System#nanoTime()})
     * @return one result per check, in order
     */
    static List<CheckResult> settle(List<CheckDescriptor> checks, Map<String, StoppedRun.Observed> observed,
                                    Map<String, Long> started, String signal, long interruptNanos) {
        List<CheckResult> results = new ArrayList<>();
        for (CheckDescriptor check : checks) {
            StoppedRun.Observed seen = observed.get(check.id());
            boolean ranBefore = started.containsKey(check.id()) && started.get(check.id()) <= interruptNanos;
            if (seen != null && (seen.recordedNanos() <= interruptNanos || ranBefore && ownOutcome(seen.result()))) {
                results.add(seen.result());
            } else if (ranBefore) {
                results.add(CheckResult.notRun(check, "not run: the run was interrupted (" + signal
                        + ") while this check ran"));
            } else {
                results.add(CheckResult.notRun(check, "not run: the run was interrupted (" + signal
                        + ") before this check's turn"));
            }
        }
        return results;
    }

    /**
     * A result a check that was running reached by itself, which an interruption cannot have caused: not a FAIL or
     * ERROR (a check cancelled before it started is SKIPPED by the platform, and it never started).
     */
    private static boolean ownOutcome(CheckResult result) {
        return result.outcome() != Outcome.FAIL && result.outcome() != Outcome.ERROR;
    }
}
