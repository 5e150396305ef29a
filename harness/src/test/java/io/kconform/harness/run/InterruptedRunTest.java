package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.harness.run.StoppedRun.Observed;
import io.kconform.report.model.CheckResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * How the results of a run a signal stopped are settled, without running anything: the signal came 10 s after
 * the run began. An interruption is nobody's fault: no check fails or errs because of it.
 */
class InterruptedRunTest {

    private static final long BEGIN = 7_000_000_000L;
    private static final long SIGNAL = at(10);

    private static long at(double seconds) {
        return BEGIN + (long) (seconds * 1e9);
    }

    private static CheckDescriptor check(String id) {
        return new CheckDescriptor(id, "title of " + id, Battery.PROTOCOL, Level.INGEST, Strength.MUST, List.of(),
                "hint", List.of(), List.of(), "Checks", "method");
    }

    private static Observed ran(CheckDescriptor check, Outcome outcome, double start, double end) {
        return new Observed(CheckResult.ran(check, outcome, Duration.ofMillis((long) ((end - start) * 1000)),
                outcome + " of its own", List.of()), OptionalLong.of(at(start)), at(end), Optional.empty());
    }

    private final CheckDescriptor failedBefore = check("protocol.x.failed-before");
    private final CheckDescriptor passedBefore = check("protocol.x.passed-before");
    private final CheckDescriptor erroredByIt = check("protocol.x.errored-by-it");
    private final CheckDescriptor failedByIt = check("protocol.x.failed-by-it");
    private final CheckDescriptor passedMeanwhile = check("protocol.x.passed-meanwhile");
    private final CheckDescriptor cancelled = check("protocol.x.cancelled");
    private final CheckDescriptor ofFixture = check("connect.x.of-fixture");
    private final CheckDescriptor stillRunning = check("protocol.x.still-running");
    private final CheckDescriptor neverReported = check("protocol.x.never-reported");
    private final List<CheckDescriptor> all = List.of(failedBefore, passedBefore, erroredByIt, failedByIt,
            passedMeanwhile, cancelled, ofFixture, stillRunning, neverReported);

    @Test
    void whatEndedBeforeTheSignalKeepsItsResultTheRestIsNotRunNeverAnError() {
        Map<String, Observed> observed = new HashMap<>();
        Map<String, Long> started = new HashMap<>();
        observed.put(failedBefore.id(), ran(failedBefore, Outcome.FAIL, 1, 9));
        started.put(failedBefore.id(), at(1));
        observed.put(passedBefore.id(), ran(passedBefore, Outcome.PASS, 2, 3));
        started.put(passedBefore.id(), at(2));
        observed.put(erroredByIt.id(), ran(erroredByIt, Outcome.ERROR, 8, 10.2));
        started.put(erroredByIt.id(), at(8));
        observed.put(failedByIt.id(), ran(failedByIt, Outcome.FAIL, 9, 10.3));
        started.put(failedByIt.id(), at(9));
        observed.put(passedMeanwhile.id(), ran(passedMeanwhile, Outcome.PASS, 9.5, 10.1));
        started.put(passedMeanwhile.id(), at(9.5));
        observed.put(cancelled.id(), new Observed(CheckResult.ran(cancelled, Outcome.SKIPPED, Duration.ZERO,
                "Execution cancelled", List.of()), OptionalLong.empty(), at(10.1), Optional.empty()));
        observed.put(ofFixture.id(), new Observed(CheckResult.ran(ofFixture, Outcome.ERROR, Duration.ZERO,
                "fixture failed: interrupted while setting up a Connect worker", List.of()), OptionalLong.empty(),
                at(10.4), Optional.of("ConnectDeliveryChecks")));
        started.put(stillRunning.id(), at(9.9));

        List<CheckResult> settled = InterruptedRun.settle(all, observed, started, "SIGINT", SIGNAL);
        Map<String, CheckResult> results = new HashMap<>();
        settled.forEach(r -> results.put(r.id(), r));

        assertThat(settled).extracting(CheckResult::id)
                .containsExactlyElementsOf(all.stream().map(CheckDescriptor::id).toList());
        assertThat(results.get(failedBefore.id()).outcome()).as("a failure before the signal is the target's")
                .isEqualTo(Outcome.FAIL);
        assertThat(results.get(passedBefore.id()).outcome()).isEqualTo(Outcome.PASS);
        assertThat(results.get(passedMeanwhile.id()).outcome()).as("passed while the run stopped")
                .isEqualTo(Outcome.PASS);
        for (CheckDescriptor quiet : List.of(erroredByIt, failedByIt, stillRunning)) {
            assertThat(results.get(quiet.id()).execution()).as(quiet.id()).isEqualTo(CheckResult.Execution.NOT_RUN);
            assertThat(results.get(quiet.id()).message()).as(quiet.id())
                    .isEqualTo("not run: the run was interrupted (SIGINT) while this check ran");
        }
        for (CheckDescriptor notStarted : List.of(cancelled, ofFixture, neverReported)) {
            assertThat(results.get(notStarted.id()).execution()).as(notStarted.id())
                    .isEqualTo(CheckResult.Execution.NOT_RUN);
            assertThat(results.get(notStarted.id()).message()).as(notStarted.id())
                    .isEqualTo("not run: the run was interrupted (SIGINT) before this check's turn");
        }
        assertThat(settled).extracting(CheckResult::outcome).as("no ERROR comes of an interruption")
                .doesNotContain(Outcome.ERROR);
    }
}
