package io.kconform.harness.run;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.api.junit.KconformExtension;
import io.kconform.api.outcome.Classification;
import io.kconform.api.outcome.OutcomeClassifier;
import io.kconform.report.model.CheckResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to the JUnit Platform and turns what it reports into one {@link CheckResult} per check.
 * A class whose fixture fails takes its checks with it: each gets the fixture's classification.
 * Keeps when each check started and ended, so that a run the target's death ended can tell the checks
 * that ran while it died from those that never started ({@link StoppedRun}).
 * Thread-safe: the platform calls it from every worker thread.
 */
final class ResultCollector implements TestExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ResultCollector.class);

    private final CheckListener listener;
    private final UnaryOperator<String> redact;
    private final CheckIndex checks;
    private final Map<String, StoppedRun.Observed> results = new ConcurrentHashMap<>();
    private final Map<String, Long> startNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> startedChecks = new ConcurrentHashMap<>();
    private final Map<String, List<String>> evidence = new ConcurrentHashMap<>();
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    private volatile TestPlan plan;
    private volatile boolean quiet;

    ResultCollector(CheckListener listener, UnaryOperator<String> redact, CheckIndex checks) {
        this.listener = listener;
        this.redact = redact;
        this.checks = checks;
    }

    /** What was seen of each check that has a result, by id. */
    Map<String, StoppedRun.Observed> observed() {
        return Map.copyOf(results);
    }

    /** When each check that started did, by id ({@link System#nanoTime()}). */
    Map<String, Long> starts() {
        return Map.copyOf(startedChecks);
    }

    /**
     * The results recorded from now on are not passed to the listener: the target died, and what they
     * mean is settled when the run has ended ({@link StoppedRun}).
     */
    void holdBackResults() {
        quiet = true;
    }

    /** Whether the listener was told of this check's result. */
    boolean told(String checkId) {
        return told.contains(checkId);
    }

    /** Results as they were recorded, for a run that ended normally. */
    Map<String, CheckResult> results() {
        Map<String, CheckResult> byId = new HashMap<>();
        results.forEach((id, observed) -> byId.put(id, observed.result()));
        return byId;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        checks.of(id).ifPresent(check -> {
            long now = System.nanoTime();
            startNanos.put(id.getUniqueId(), now);
            startedChecks.put(check.id(), now);
            listener.started(check);
        });
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        String line = entry.getKeyValuePairs().get(KconformExtension.EVIDENCE_KEY);
        if (line != null) {
            String redacted = redact.apply(line);
            evidence.computeIfAbsent(id.getUniqueId(), k -> new ArrayList<>()).add(redacted);
            // Mirrored into kconform.log, so the evidence sits next to the library logs of the same moment.
            checks.of(id).ifPresent(check -> LOG.info("{}: {}", check.id(), redacted));
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        Classification skipped = new Classification(Outcome.SKIPPED, reason);
        if (id.isTest()) {
            record(id, skipped);
        } else {
            forEachCheckBelow(id, check -> record(check, skipped));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Classification classification = switch (result.getStatus()) {
            case SUCCESSFUL -> OutcomeClassifier.passed();
            case ABORTED, FAILED -> result.getThrowable().map(OutcomeClassifier::classify)
                    .orElse(new Classification(Outcome.ERROR, "failed without a cause"));
        };
        if (id.isTest()) {
            record(id, classification);
        } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            // A failed fixture (@BeforeAll) means its checks never started; they share its fate.
            Classification fixture = new Classification(classification.outcome(),
                    "fixture failed: " + classification.message(), classification.notAssessableHere());
            Optional<String> owner = Optional.of(id.getDisplayName());
            forEachCheckBelow(id, check -> record(check, fixture, owner));
        }
    }

    private void forEachCheckBelow(TestIdentifier container, java.util.function.Consumer<TestIdentifier> action) {
        TestPlan current = plan;
        if (current == null) {
            return;
        }
        for (TestIdentifier descendant : current.getDescendants(container)) {
            if (descendant.isTest()) {
                action.accept(descendant);
            }
        }
    }

    private void record(TestIdentifier id, Classification classification) {
        record(id, classification, Optional.empty());
    }

    private void record(TestIdentifier id, Classification classification, Optional<String> fixture) {
        Optional<CheckDescriptor> check = checks.of(id);
        if (check.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Long start = startNanos.get(id.getUniqueId());
        Duration duration = start == null ? Duration.ZERO : Duration.ofNanos(now - start);
        String message = redact.apply(classification.message());
        List<String> lines = evidence.getOrDefault(id.getUniqueId(), List.of());
        CheckResult result = classification.notAssessableHere()
                ? CheckResult.notAssessableHere(check.get(), duration, message, lines)
                : CheckResult.ran(check.get(), classification.outcome(), duration, message, lines);
        StoppedRun.Observed observed = new StoppedRun.Observed(result, start == null ? OptionalLong.empty()
                : OptionalLong.of(start), now, fixture);
        if (results.putIfAbsent(check.get().id(), observed) == null) {
            LOG.info("{}: {} in {} ms {}", result.id(), result.outcome(), result.duration().toMillis(), result.message());
            if (!quiet) {
                told.add(result.id());
                listener.finished(result);
            }
        }
    }
}
