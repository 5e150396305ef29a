package io.kconform.harness.run;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.harness.run.LivenessJudge.Dead;
import io.kconform.report.model.CheckResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Settles the results of a run that the target's death ended: pure, given what the run observed and
 * when. A dead target is the target's fault, and a check that never started says nothing about it:
 * <ul>
 *   <li>A check that ended before the target last answered keeps its result.</li>
 *   <li>A check that ran while the target died (started, and not ended before its last answer) and did
 *       not end by itself in a PASS, UNSUPPORTED or SKIPPED (what the target did or offered before it died)
 *       is FAIL, "the target stopped answering while this check ran", naming the other checks running then
 *       and keeping what the check itself reported (an ERROR too: a dead target is the target's fault).</li>
 *   <li>Every other selected check is {@linkplain CheckResult#notRun not run}: cancelled before it
 *       started, or held back by a fixture ({@code @BeforeAll}: a Connect worker) that failed because the
 *       target died while it was being set up.</li>
 * </ul>
 */
final class StoppedRun {

    private StoppedRun() {
    }

    /**
     * What the run saw of one check.
     *
     * @param result        the result as recorded
     * @param startNanos    when it started, if it did ({@link System#nanoTime()})
     * @param recordedNanos when its result was recorded
     * @param fixture       the class whose failed fixture gave it its result, if that is how it got one
     */
    record Observed(CheckResult result, OptionalLong startNanos, long recordedNanos, Optional<String> fixture) {
    }

    /** The settled results, in the order of the checks given, and what happened. */
    record Settled(List<CheckResult> results, Stoppage stoppage) {
    }

    /**
     * @param checks        the checks the run was given, in order
     * @param observed      what was seen of each check that got a result, by id
     * @param started       when each check that started did, by id
     * @param dead          the watch's verdict
     * @param runStartNanos when the run's checks began
     */
    static Settled settle(List<CheckDescriptor> checks, Map<String, Observed> observed, Map<String, Long> started,
                          Dead dead, long runStartNanos) {
        long lastAnswer = dead.lastAnswerNanos();
        List<CheckDescriptor> running = checks.stream()
                .filter(c -> started.containsKey(c.id()))
                .filter(c -> !observed.containsKey(c.id()) || observed.get(c.id()).recordedNanos() > lastAnswer)
                .sorted(Comparator.comparing((CheckDescriptor c) -> started.get(c.id())))
                .toList();
        List<String> settingUp = observed.values().stream()
                .filter(o -> o.fixture().isPresent() && o.startNanos().isEmpty() && o.recordedNanos() > lastAnswer)
                .map(o -> o.fixture().get()).distinct().sorted().toList();
        String where = !running.isEmpty() ? "during check " + firstToRunIntoIt(running, observed).id()
                : !settingUp.isEmpty() ? "while the checks of " + String.join(", ", settingUp) + " were being set up"
                : "between checks";

        List<CheckResult> results = new ArrayList<>();
        int notRun = 0;
        for (CheckDescriptor check : checks) {
            Observed seen = observed.get(check.id());
            if (seen != null && seen.recordedNanos() <= lastAnswer) {
                results.add(seen.result());
            } else if (running.contains(check)) {
                results.add(ranWhileDying(check, seen, running, started, dead));
            } else {
                notRun++;
                String reason = seen != null && seen.fixture().isPresent()
                        ? "not run: the target stopped answering while the checks of " + seen.fixture().get()
                                + " were being set up"
                        : "not run: the target stopped answering " + where;
                results.add(CheckResult.notRun(check, reason));
            }
        }
        Duration after = Duration.ofNanos(Math.max(0, dead.declaredNanos() - runStartNanos));
        Stoppage stoppage = new Stoppage(where, after, notRun, running.stream().map(CheckDescriptor::id).toList(),
                dead.evidence());
        return new Settled(results, stoppage);
    }

    /**
     * The check to name: the first of those running that ended in a FAIL or ERROR after the target's last
     * answer (it ran into the death first; the check that crashed a target is the one whose request it
     * died on), or else the one running longest.
     */
    private static CheckDescriptor firstToRunIntoIt(List<CheckDescriptor> running, Map<String, Observed> observed) {
        return running.stream()
                .filter(c -> observed.containsKey(c.id()) && casualty(observed.get(c.id()).result()))
                .min(Comparator.comparing((CheckDescriptor c) -> observed.get(c.id()).recordedNanos()))
                .orElse(running.get(0));
    }

    /** Whether a result is one the target's death may have caused: a FAIL or an ERROR. */
    private static boolean casualty(CheckResult result) {
        return result.ran() && (result.outcome() == Outcome.FAIL || result.outcome() == Outcome.ERROR);
    }

    private static CheckResult ranWhileDying(CheckDescriptor check, Observed seen, List<CheckDescriptor> running,
                                             Map<String, Long> started, Dead dead) {
        if (seen != null && !casualty(seen.result())) {
            // It passed, or found the feature not offered or not applicable: what the target did or offered
            // before it died, not a casualty of its death.
            return seen.result();
        }
        String others = running.stream().filter(c -> !c.equals(check)).map(CheckDescriptor::id)
                .collect(Collectors.joining(", "));
        String own = seen == null ? "" : "; the check itself reported " + seen.result().outcome()
                + (seen.result().message().isEmpty() ? "" : ": " + seen.result().message());
        String message = "the target stopped answering while this check ran"
                + (others.isEmpty() ? "" : " (also running: " + others + ")") + own;
        List<String> evidence = new ArrayList<>(seen == null ? List.of() : seen.result().evidence());
        evidence.add("liveness watch: " + dead.evidence());
        Duration duration = seen != null ? seen.result().duration()
                : Duration.ofNanos(Math.max(0, dead.declaredNanos() - started.get(check.id())));
        return CheckResult.ran(check, Outcome.FAIL, duration, message, evidence);
    }
}
