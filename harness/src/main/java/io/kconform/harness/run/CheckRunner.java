package io.kconform.harness.run;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.CheckFamilies;
import io.kconform.api.context.CheckOptions;
import io.kconform.api.Outcome;
import io.kconform.api.junit.CheckThreads;
import io.kconform.api.junit.KconformExtension;
import io.kconform.api.junit.TargetRegistry;
import io.kconform.api.outcome.Classification;
import io.kconform.api.outcome.OutcomeClassifier;
import io.kconform.api.target.Target;
import io.kconform.report.model.CheckResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherExecutionRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a selection of checks against one target on the JUnit Platform Launcher and returns one
 * result per check. Checks run in parallel, {@link RunOptions#parallelism()} at a time, also the checks
 * of one class; a class whose checks share a fixture (a Connect worker) declares
 * {@code @Execution(SAME_THREAD)} and its checks run one after another. Every check and every fixture
 * is bounded by {@link RunOptions#checkTimeout()}, after which it counts as hung.
 *
 * <p>When the target's {@link LivenessWatch} finds it dead, the run ends within seconds: the launcher's
 * cancellation token keeps any further check or fixture from starting, the check and fixture bodies
 * running are interrupted ({@link CheckThreads}), and {@link StoppedRun} settles the results: the checks
 * that ran while the target died FAIL, the others are not run.
 */
public final class CheckRunner {

    /** Batteries by how long their checks wait on broker timers (heartbeats, lock expiry, the cleaner), longest first. */
    private static final List<Battery> LONG_WAITS = List.of(Battery.STREAMS, Battery.GROUPS, Battery.STORAGE,
            Battery.CONNECT, Battery.EOS, Battery.PROTOCOL);
    private static final Comparator<CheckDescriptor> LONG_WAITS_FIRST =
            Comparator.comparingInt(check -> LONG_WAITS.indexOf(check.battery()));

    private static final Logger LOG = LoggerFactory.getLogger(CheckRunner.class);
    /** How long the bodies a timeout abandoned may take to end once interrupted. */
    private static final Duration ABANDONED_BODIES_BOUND = Duration.ofSeconds(30);

    private CheckRunner() {
    }

    /**
     * What a run gave.
     *
     * @param results   one result per check, in the order given
     * @param stoppage  how the run ended early, when the target stopped answering while it ran
     */
    record Ran(List<CheckResult> results, Optional<Stoppage> stoppage) {
    }

    /**
     * Runs the checks.
     *
     * @param target   the probed target
     * @param checks   the checks to run
     * @param options  parallelism and time bound
     * @param listener told as each check starts and ends
     * @param redact   applied to every message and evidence line before it leaves the runner
     * @param watch    the target's liveness watch, or its relay: when it finds the target dead, the run ends
     */
    static Ran run(Target target, List<CheckDescriptor> checks, RunOptions options, CheckListener listener,
                   UnaryOperator<String> redact, DeathWatch watch) {
        Map<String, CheckResult> unlinked = unlinked(checks, redact);
        unlinked.values().forEach(listener::finished);
        if (unlinked.isEmpty()) {
            return runLinked(target, checks, options, listener, redact, watch);
        }
        Ran ran = runLinked(target, checks.stream().filter(c -> !unlinked.containsKey(c.id())).toList(), options,
                listener, redact, watch);
        Map<String, CheckResult> byId = new java.util.HashMap<>(unlinked);
        ran.results().forEach(r -> byId.put(r.id(), r));
        return new Ran(checks.stream().map(c -> byId.get(c.id())).toList(), ran.stoppage());
    }

    /**
     * The checks whose class cannot even be looked into on this JVM's class path, with their result: where the
     * JVM runs an older Java client release, a class whose methods name a type that release lacks (a lambda's
     * parameter, a helper's signature) does not link, and its checks cannot be assessed with that release
     * ({@link OutcomeClassifier}); one such class must not keep the others from running.
     */
    private static Map<String, CheckResult> unlinked(List<CheckDescriptor> checks, UnaryOperator<String> redact) {
        Map<String, CheckResult> unlinked = new java.util.LinkedHashMap<>();
        for (CheckDescriptor check : checks) {
            try {
                methodOf(check);
            } catch (LinkageError e) {
                Classification classified = OutcomeClassifier.classify(e);
                String message = redact.apply(classified.message());
                LOG.info("{}: {} {}", check.id(), classified.outcome(), message);
                unlinked.put(check.id(), classified.notAssessableHere()
                        ? CheckResult.notAssessableHere(check, Duration.ZERO, message, List.of())
                        : CheckResult.ran(check, classified.outcome(), Duration.ZERO, message, List.of()));
            }
        }
        return unlinked;
    }

    private static Ran runLinked(Target target, List<CheckDescriptor> checks, RunOptions options,
                                 CheckListener listener, UnaryOperator<String> redact, DeathWatch watch) {
        if (checks.isEmpty()) {
            return new Ran(List.of(), Optional.empty());
        }
        String key = "target-" + UUID.randomUUID();
        TargetRegistry.register(key, target);
        CheckThreads threads = CheckThreads.register(key);
        try {
            LauncherDiscoveryRequest request = discoveryRequest(checks, options, key);
            ResultCollector collector = new ResultCollector(listener, redact, new CheckIndex(checks));
            CancellationToken cancellation = CancellationToken.create();
            StopSignal stop = new StopSignal();
            long begin = System.nanoTime();
            watch.onDead(dead -> {
                if (stop.take(dead)) {
                    // In this order: results are settled once the run ends, no check or fixture starts any more,
                    // and those under way end now instead of waiting out their bounds against a dead target.
                    collector.holdBackResults();
                    cancellation.cancel();
                    int interrupted = threads.interruptAll();
                    LOG.warn("target {} stopped answering ({}); {} check or fixture bodies interrupted, no further"
                            + " check starts", target.name(), dead.evidence(), interrupted);
                }
            });
            AutoCloseable onSignal = RunInterruption.onInterrupt(signal -> {
                if (stop.interrupt(signal)) {
                    // As when the target dies, in this order, and quietly: an interruption is nobody's fault.
                    collector.holdBackResults();
                    cancellation.cancel();
                    int interrupted = threads.interruptAll();
                    LOG.warn("{}: {} check or fixture bodies interrupted, no further check starts", signal,
                            interrupted);
                }
            });
            try {
                LauncherFactory.create().execute(LauncherExecutionRequestBuilder.executionRequest(request)
                        .listeners(collector).cancellationToken(cancellation).build());
            } finally {
                closeQuietly(onSignal);
            }
            Optional<LivenessJudge.Dead> dead = stop.end();
            Optional<String> signal = stop.interruptedBy();
            if (signal.isPresent()) {
                return new Ran(InterruptedRun.settle(checks, collector.observed(), collector.starts(), signal.get(),
                        stop.interruptedAtNanos()), Optional.empty());
            }
            if (dead.isPresent()) {
                StoppedRun.Settled settled = StoppedRun.settle(checks, collector.observed(), collector.starts(),
                        dead.get(), begin);
                settled.results().stream().filter(r -> settled.stoppage().running().contains(r.id()))
                        .filter(r -> !collector.told(r.id())).forEach(r -> {
                            LOG.info("{}: {} {}", r.id(), r.outcome(), r.message());
                            listener.finished(r);
                        });
                return new Ran(settled.results(), Optional.of(settled.stoppage()));
            }
            Map<String, CheckResult> byId = collector.results();
            List<CheckResult> results = new ArrayList<>();
            for (CheckDescriptor check : checks) {
                CheckResult result = byId.get(check.id());
                results.add(result != null ? result : CheckResult.ran(check, Outcome.ERROR, Duration.ZERO,
                        "the check did not run: the JUnit Platform did not report it", List.of()));
            }
            return new Ran(results, Optional.empty());
        } finally {
            stopAbandonedBodies(threads);
            CheckThreads.unregister(key);
            TargetRegistry.unregister(key);
        }
    }

    private static LauncherDiscoveryRequest discoveryRequest(List<CheckDescriptor> checks, RunOptions options,
                                                             String key) {
        // A family's members share one method: it is selected once and told which members to run. The launcher
        // starts checks in the order selected: the batteries whose checks wait longest on the target's timers go
        // first, and the many short protocol checks last, where they fill the workers while the long ones end.
        List<MethodSelector> selectors = checks.stream().sorted(LONG_WAITS_FIRST).map(CheckRunner::methodOf).distinct()
                .map(method -> selectMethod(method.getDeclaringClass(), method)).toList();
        String members = checks.stream().filter(CheckRunner::isFamilyMember).map(CheckDescriptor::id)
                .collect(java.util.stream.Collectors.joining(","));
        String timeout = options.checkTimeout().toSeconds() + " s";
        Map<String, String> checkOptions = new java.util.TreeMap<>();
        options.checkOptions().forEach((name, value) -> checkOptions.put(CheckOptions.PREFIX + name, value));
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                // what CheckContext#option reads; set explicitly, they win over system properties of the same name
                .configurationParameters(checkOptions)
                .configurationParameter(TargetRegistry.TARGET_KEY, key)
                .configurationParameter(KconformExtension.SELECTED_MEMBERS_KEY, members)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.executor-service",
                        "WORKER_THREAD_POOL")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism",
                        String.valueOf(options.parallelism()))
                .configurationParameter("junit.jupiter.execution.timeout.testable.method.default", timeout)
                .configurationParameter("junit.jupiter.execution.timeout.lifecycle.method.default", timeout)
                // A hung check is abandoned on its own thread rather than waited for; it is also the thread
                // CheckThreads interrupts when the target stops answering.
                .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                .build();
    }

    /**
     * Whether the target died while the run was under way: a verdict that comes after the launcher
     * returned changes nothing of a run that had ended.
     */
    private static final class StopSignal {
        private LivenessJudge.Dead dead;
        private String signal;
        private long signalNanos;
        private boolean ended;

        synchronized boolean take(LivenessJudge.Dead verdict) {
            if (ended || dead != null || signal != null) {
                // an interrupted run's target that goes away then (Ctrl-C reaches a local broker too) is no finding
                return false;
            }
            dead = verdict;
            return true;
        }

        /** Takes the interruption, unless the run ended or the target's death stopped it first. */
        synchronized boolean interrupt(String name) {
            if (ended || dead != null || signal != null) {
                return false;
            }
            signal = name;
            signalNanos = System.nanoTime();
            return true;
        }

        synchronized Optional<String> interruptedBy() {
            return Optional.ofNullable(signal);
        }

        synchronized long interruptedAtNanos() {
            return signalNanos;
        }

        synchronized Optional<LivenessJudge.Dead> end() {
            ended = true;
            return Optional.ofNullable(dead);
        }
    }

    /**
     * Ends the check and fixture bodies still running once the launcher returned: those it abandoned when they
     * timed out go on on their own threads, and what they start (a Connect worker, a Streams application) would
     * otherwise outlive the run's cleanup and create again what it deleted. Interrupted, they stop and close what
     * they started; waited for at most {@link #ABANDONED_BODIES_BOUND}.
     */
    private static void stopAbandonedBodies(CheckThreads threads) {
        if (threads.running() == 0) {
            return;
        }
        int abandoned = threads.interruptAll();
        try {
            int left = threads.awaitNone(ABANDONED_BODIES_BOUND);
            LOG.info("{} check or fixture bodies were still running after the run (timed out); {} still run after"
                    + " {} s", abandoned, left, ABANDONED_BODIES_BOUND.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("could not unregister", e);
        }
    }

    private static boolean isFamilyMember(CheckDescriptor check) {
        return CheckFamilies.isFamily(methodOf(check));
    }

    private static Method methodOf(CheckDescriptor check) {
        try {
            Class<?> type = Class.forName(check.className(), false, Thread.currentThread().getContextClassLoader());
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals(check.methodName())
                        && (method.isAnnotationPresent(Check.class) || CheckFamilies.isFamily(method))) {
                    return method;
                }
            }
            throw new IllegalStateException("check " + check.id() + " is no longer at " + check.className() + "#"
                    + check.methodName());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("check " + check.id() + ": class " + check.className() + " not found", e);
        }
    }
}
