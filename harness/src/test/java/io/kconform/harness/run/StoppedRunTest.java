package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.harness.run.LivenessJudge.Dead;
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
 * How the results of a run the target's death ended are settled, without running anything: times are
 * chosen (seconds after the run began), the target last answered at 10 s and was found dead at 12 s.
 */
class StoppedRunTest {

    private static final long BEGIN = 5_000_000_000L;
    private static final Dead DEAD = new Dead(at(10), at(12), "connection refused by every bootstrap address");

    private static long at(double seconds) {
        return BEGIN + (long) (seconds * 1e9);
    }

    private static CheckDescriptor check(String id) {
        return new CheckDescriptor(id, "title of " + id, Battery.PROTOCOL, Level.INGEST, Strength.MUST, List.of(),
                "hint", List.of(), List.of(), "Checks", "method");
    }

    private static Observed ran(CheckDescriptor check, Outcome outcome, String message, double start, double end) {
        return new Observed(CheckResult.ran(check, outcome, Duration.ofMillis((long) ((end - start) * 1000)), message,
                List.of("its own evidence")), OptionalLong.of(at(start)), at(end), Optional.empty());
    }

    private final CheckDescriptor before = check("protocol.x.before");
    private final CheckDescriptor crashing = check("protocol.x.crashing");
    private final CheckDescriptor interrupted = check("protocol.x.interrupted");
    private final CheckDescriptor passedMeanwhile = check("protocol.x.passed-meanwhile");
    private final CheckDescriptor unsupportedMeanwhile = check("protocol.x.unsupported-meanwhile");
    private final CheckDescriptor cancelled = check("protocol.x.cancelled");
    private final CheckDescriptor neverReported = check("protocol.x.never-reported");
    private final CheckDescriptor ofFixture = check("connect.x.of-fixture");
    private final List<CheckDescriptor> all = List.of(before, crashing, interrupted, passedMeanwhile,
            unsupportedMeanwhile, cancelled, neverReported, ofFixture);

    @Test
    void checksThatRanIntoItFailTheRestAreNotRun() {
        Map<String, Observed> observed = new HashMap<>();
        Map<String, Long> started = new HashMap<>();
        observed.put(before.id(), ran(before, Outcome.FAIL, "its own failure", 1, 9));
        started.put(before.id(), at(1));
        observed.put(crashing.id(), ran(crashing, Outcome.FAIL, "no fresh connection", 9.5, 10.2));
        started.put(crashing.id(), at(9.5));
        observed.put(interrupted.id(), ran(interrupted, Outcome.ERROR, "interrupted", 3, 12.5));
        started.put(interrupted.id(), at(3));
        observed.put(passedMeanwhile.id(), ran(passedMeanwhile, Outcome.PASS, "", 8, 10.5));
        started.put(passedMeanwhile.id(), at(8));
        observed.put(unsupportedMeanwhile.id(), ran(unsupportedMeanwhile, Outcome.UNSUPPORTED, "not advertised", 10.1,
                10.1));
        started.put(unsupportedMeanwhile.id(), at(10.1));
        observed.put(cancelled.id(), new Observed(CheckResult.ran(cancelled, Outcome.SKIPPED, Duration.ZERO,
                "Execution cancelled", List.of()), OptionalLong.empty(), at(12.1), Optional.empty()));
        observed.put(ofFixture.id(), new Observed(CheckResult.ran(ofFixture, Outcome.ERROR, Duration.ZERO,
                "fixture failed: interrupted", List.of()), OptionalLong.empty(), at(12.6),
                Optional.of("ConnectWorkerChecks")));

        StoppedRun.Settled settled = StoppedRun.settle(all, observed, started, DEAD, BEGIN);
        Map<String, CheckResult> results = new HashMap<>();
        settled.results().forEach(r -> results.put(r.id(), r));

        assertThat(settled.results()).extracting(CheckResult::id).containsExactlyElementsOf(all.stream()
                .map(CheckDescriptor::id).toList());
        assertThat(results.get(before.id())).as("ended before the last answer: its own").isEqualTo(
                observed.get(before.id()).result());
        assertThat(results.get(crashing.id()).outcome()).isEqualTo(Outcome.FAIL);
        assertThat(results.get(crashing.id()).message()).isEqualTo("the target stopped answering while this check ran"
                + " (also running: protocol.x.interrupted, protocol.x.passed-meanwhile,"
                + " protocol.x.unsupported-meanwhile); the check itself reported FAIL: no fresh connection");
        assertThat(results.get(crashing.id()).evidence()).containsExactly("its own evidence",
                "liveness watch: connection refused by every bootstrap address");
        assertThat(results.get(interrupted.id()).outcome()).as("ERROR is the dead target's: FAIL")
                .isEqualTo(Outcome.FAIL);
        assertThat(results.get(passedMeanwhile.id())).as("a PASS stands").isEqualTo(
                observed.get(passedMeanwhile.id()).result());
        assertThat(results.get(unsupportedMeanwhile.id())).as("so does what the target does not offer").isEqualTo(
                observed.get(unsupportedMeanwhile.id()).result());
        for (CheckDescriptor check : List.of(cancelled, neverReported)) {
            assertThat(results.get(check.id()).execution()).isEqualTo(CheckResult.Execution.NOT_RUN);
            assertThat(results.get(check.id()).message()).isEqualTo("not run: the target stopped answering during"
                    + " check protocol.x.crashing");
        }
        assertThat(results.get(ofFixture.id()).execution()).isEqualTo(CheckResult.Execution.NOT_RUN);
        assertThat(results.get(ofFixture.id()).message()).isEqualTo("not run: the target stopped answering while the"
                + " checks of ConnectWorkerChecks were being set up");

        Stoppage stoppage = settled.stoppage();
        assertThat(stoppage.where()).as("the first that ended without passing after the last answer")
                .isEqualTo("during check protocol.x.crashing");
        assertThat(stoppage.running()).containsExactly(interrupted.id(), passedMeanwhile.id(), crashing.id(),
                unsupportedMeanwhile.id());
        assertThat(stoppage.notRun()).isEqualTo(3);
        assertThat(stoppage.after()).isEqualTo(Duration.ofSeconds(12));
        assertThat(stoppage.describe("t")).isEqualTo("target t stopped answering during check protocol.x.crashing"
                + " after 12.0 s; 3 checks not run (connection refused by every bootstrap address)");
    }

    @Test
    void aDeathWhileOnlyAFixtureWasStartingIsNamedSo() {
        Map<String, Observed> observed = Map.of(ofFixture.id(), new Observed(CheckResult.ran(ofFixture, Outcome.ERROR,
                Duration.ZERO, "fixture failed: interrupted", List.of()), OptionalLong.empty(), at(12.6),
                Optional.of("ConnectWorkerChecks")));
        StoppedRun.Settled settled = StoppedRun.settle(List.of(ofFixture, cancelled), observed, Map.of(), DEAD, BEGIN);
        assertThat(settled.stoppage().where()).isEqualTo("while the checks of ConnectWorkerChecks were being set up");
        assertThat(settled.results()).allSatisfy(r -> assertThat(r.execution())
                .isEqualTo(CheckResult.Execution.NOT_RUN));
        assertThat(settled.results().get(1).message()).isEqualTo("not run: the target stopped answering while the"
                + " checks of ConnectWorkerChecks were being set up");
    }

    @Test
    void aDeathBetweenChecksLeavesEveryUnstartedCheckNotRun() {
        StoppedRun.Settled settled = StoppedRun.settle(List.of(cancelled), Map.of(), Map.of(), DEAD, BEGIN);
        assertThat(settled.stoppage().where()).isEqualTo("between checks");
        assertThat(settled.stoppage().describe("t")).isEqualTo("target t stopped answering between checks after"
                + " 12.0 s; 1 check not run (connection refused by every bootstrap address)");
        assertThat(settled.results().get(0).message()).isEqualTo("not run: the target stopped answering between checks");
    }
}
