package io.kconform.harness.run;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.kconform.api.Check;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.CheckFamilies;
import io.kconform.api.junit.KconformExtension;
import io.kconform.api.Outcome;
import io.kconform.api.junit.TargetRegistry;
import io.kconform.api.target.Target;
import io.kconform.report.model.CheckResult;
import java.time.Duration;
import java.util.ArrayList;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs a selection of checks against one target on the JUnit Platform Launcher and returns one
 * result per check. Checks run in parallel, {@link RunOptions#parallelism()} at a time, also the checks
 * of one class; a class whose checks share a fixture (a Connect worker) declares
 * {@code @Execution(SAME_THREAD)} and its checks run one after another. Every check and every fixture
 * is bounded by {@link RunOptions#checkTimeout()}, after which it counts as hung.
 */
public final class CheckRunner {

    private CheckRunner() {
    }

    /**
     * Runs the checks.
     *
     * @param target   the probed target
     * @param checks   the checks to run
     * @param options  parallelism and time bound
     * @param listener told as each check starts and ends
     * @param redact   applied to every message and evidence line before it leaves the runner
     * @return one result per check, in the order given
     */
    public static List<CheckResult> run(Target target, List<CheckDescriptor> checks, RunOptions options,
                                        CheckListener listener, UnaryOperator<String> redact) {
        String key = "target-" + UUID.randomUUID();
        TargetRegistry.register(key, target);
        try {
            // A family's members share one method: it is selected once and told which members to run.
            List<MethodSelector> selectors = checks.stream().map(CheckRunner::methodOf).distinct()
                    .map(method -> selectMethod(method.getDeclaringClass(), method)).toList();
            String members = checks.stream().filter(CheckRunner::isFamilyMember).map(CheckDescriptor::id)
                    .collect(java.util.stream.Collectors.joining(","));
            String timeout = options.checkTimeout().toSeconds() + " s";
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectors)
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
                    // A hung check is abandoned on its own thread rather than waited for.
                    .configurationParameter("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                    .build();
            ResultCollector collector = new ResultCollector(listener, redact);
            LauncherFactory.create().execute(request, collector);
            Map<String, CheckResult> byId = collector.results();
            List<CheckResult> results = new ArrayList<>();
            for (CheckDescriptor check : checks) {
                CheckResult result = byId.get(check.id());
                results.add(result != null ? result : CheckResult.ran(check, Outcome.ERROR, Duration.ZERO,
                        "the check did not run: the JUnit Platform did not report it", List.of()));
            }
            return results;
        } finally {
            TargetRegistry.unregister(key);
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
