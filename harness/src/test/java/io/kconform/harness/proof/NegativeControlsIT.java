package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.config.ExternalTargetSpec;
import io.kconform.harness.config.TargetSpec;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.launch.TargetLauncher;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.proxy.KafkaMutatingProxy;
import io.kconform.harness.proxy.Mutation;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.CheckListener;
import io.kconform.harness.run.RunOptions;
import io.kconform.harness.run.TargetSession;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.render.ReportWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import io.kconform.harness.proxy.SharedBroker;

/**
 * Runs every negative control of {@code proof/controls/*.yaml} and asserts that each named check has
 * exactly the expected outcome there. Proxy controls share one reference broker, each with a fresh
 * rewriting proxy in front; broker controls start a broker of their own (a cluster of several brokers
 * with {@code nodes:}, behind the proxy when they also name mutations). Proxy controls run four at a time and
 * controls with brokers of their own two at a time, on pools of the test's own, each under its own resource prefix, as
 * parallel runs against one cluster would. After each proxy
 * control, nothing the run created is left on the broker. Every FAIL's message starts with a sentence, not raw
 * assertion text ({@link FailHeadlines}).
 */
@ExtendWith(SharedBroker.class)
class NegativeControlsIT {

    private static final Path OUT = Path.of("target", "proof", "controls");
    private static final TargetLauncher LAUNCHER = new TargetLauncher(new ArtifactResolver());
    private static final CheckCatalog CATALOG = CheckCatalog.discover();
    /**
     * Controls in front of the shared broker run this many at a time; they mostly wait on the broker's timers and the
     * checks' bounds.
     */
    private static final int PARALLEL_PROXY_CONTROLS = 4;
    /**
     * Controls with brokers of their own run this many at a time, in a pool apart: their brokers start one at a time
     * per two processors (the launcher's gate), and a control waiting at that gate must not hold a slot a proxy
     * control could use (in one pool of five, the own-broker controls of one file queued at the gate together and
     * made the build's tail).
     */
    private static final int PARALLEL_OWN_BROKER_CONTROLS = 2;
    /** Every check has its own time bound; this only keeps a harness fault from hanging the build. */
    private static final Duration CONTROL_BOUND = Duration.ofMinutes(20);
    private static RunningTarget reference;

    @BeforeAll
    static void shareTheReference(RunningTarget broker) {
        reference = broker;
    }

    @TestFactory
    Stream<DynamicTest> everyControlBreaksTheChecksItNames() {
        // -Dproof.controls=storage.yaml,eos.yaml (or control names) narrows the run while working on a battery.
        List<String> only = List.of(System.getProperty("proof.controls", "").split(",")).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<NegativeControl> controls = ControlsFile.loadAll().stream()
                .filter(c -> only.isEmpty() || only.contains(c.source()) || only.contains(c.name())).toList();
        // All controls are submitted at once to pools of our own, and each dynamic test awaits its control's
        // result: JUnit's own parallel execution of dynamic tests kept only about three of five busy. Clusters of
        // several brokers are submitted first, so the slowest controls do not make the tail.
        ExecutorService proxies = Executors.newFixedThreadPool(PARALLEL_PROXY_CONTROLS);
        ExecutorService ownBrokers = Executors.newFixedThreadPool(PARALLEL_OWN_BROKER_CONTROLS);
        Map<NegativeControl, Future<?>> runs = new LinkedHashMap<>();
        controls.stream()
                .sorted(Comparator.comparingInt((NegativeControl c) -> -c.nodes()))
                .forEach(control -> runs.put(control, (control.ownTarget() ? ownBrokers : proxies).submit(() -> {
                    verify(control);
                    return null;
                })));
        proxies.shutdown();
        ownBrokers.shutdown();
        return controls.stream().map(control -> DynamicTest.dynamicTest(control.source() + ": " + control.name(),
                () -> awaitControl(runs.get(control))));
    }

    /** The control's own assertion error or exception, as if it had run in this thread. */
    private static void awaitControl(Future<?> run) throws Throwable {
        try {
            run.get(CONTROL_BOUND.toMinutes(), TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void verify(NegativeControl control) throws Exception {
        Map<String, Outcome> expected = control.expectations(CATALOG);
        List<CheckDescriptor> checks = expected.keySet().stream()
                .map(id -> CATALOG.find(id).orElseThrow(() -> new AssertionError("unknown check " + id))).toList();
        TargetSession session = new TargetSession(LAUNCHER, CATALOG, RunOptions.DEFAULTS);
        Path workDir = OUT.resolve(control.name());
        TargetReport report;
        if (control.ownTarget()) {
            EmbeddedTargetSpec spec = new EmbeddedTargetSpec(control.name(), EmbeddedTargetSpec.DEFAULT_VERSION,
                    control.broker(), control.nodes(), control.security(), control.features());
            if (control.usesProxy()) {
                report = throughProxy(session, spec, control, checks, workDir);
            } else {
                report = session.run(spec, checks, workDir, line -> log(control, line), CheckListener.NONE).report();
            }
        } else {
            List<Mutation> mutations = control.mutations().stream().map(MutationSpec::parse).toList();
            try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(reference.bootstrapServers(), mutations)) {
                TargetSpec spec = new ExternalTargetSpec(control.name(), proxy.bootstrapServers(), Map.of(), Set.of());
                report = session.run(spec, checks, workDir, line -> log(control, line), CheckListener.NONE).report();
                // A mutation that threw, or a frame the proxy could not decode, would make the proof unreliable.
                assertThat(proxy.problems()).as("problems of the proxy for control %s", control.name()).isEmpty();
            }
            assertNothingLeftOnTheReference(report.resourcePrefix());
        }
        new ReportWriter().writeAll(new RunReport(RunReport.SCHEMA_VERSION, "kconform", "test", "Apache Kafka 4.4",
                Instant.now(), Instant.now(), control.name(), List.of(report)), workDir);

        Map<String, Outcome> actual = new LinkedHashMap<>();
        Map<String, String> messages = new LinkedHashMap<>();
        for (CheckResult result : report.checks()) {
            if (expected.containsKey(result.id())) {
                actual.put(result.id(), result.outcome());
                messages.put(result.id(), result.outcome() + ": " + result.message());
            }
        }
        // A glob names hundreds of checks: print those that differ, and a count of the rest.
        messages.forEach((id, message) -> {
            if (expected.size() <= 40 || actual.get(id) != expected.get(id)) {
                System.out.println("[" + control.name() + "] " + id + " " + message);
            }
        });
        System.out.println("[" + control.name() + "] " + expected.size() + " check(s) expected, "
                + actual.entrySet().stream().filter(e -> e.getValue() == expected.get(e.getKey())).count()
                + " as expected");
        assertThat(report.error()).as("control %s could not be started or reached", control.name()).isEmpty();
        assertThat(actual).as("outcomes on control %s (%s); messages: %s", control.name(), control.why(), messages)
                .containsExactlyInAnyOrderEntriesOf(expected);
        // Every FAIL says first, in a sentence, what was sent, expected and came back; raw assertion text only after.
        assertThat(FailHeadlines.offenders(report.checks().stream().filter(r -> expected.containsKey(r.id())).toList()))
                .as("FAILs on control %s whose message does not start with a sentence", control.name()).isEmpty();
    }

    /**
     * The control's own target with the proxy in front: clients see the proxy's addresses, while
     * broker control still acts on the target's brokers, by the same ids.
     */
    private static TargetReport throughProxy(TargetSession session, EmbeddedTargetSpec spec, NegativeControl control,
                                             List<CheckDescriptor> checks, Path workDir) {
        List<Mutation> mutations = control.mutations().stream().map(MutationSpec::parse).toList();
        try (RunningTarget target = LAUNCHER.start(spec, workDir, line -> log(control, line));
             KafkaMutatingProxy proxy = KafkaMutatingProxy.start(target.bootstrapServers(), mutations)) {
            TargetReport report = session.runStarted(spec, new ProxiedTarget(target, proxy), checks,
                    line -> log(control, line), CheckListener.NONE).report();
            assertThat(proxy.problems()).as("problems of the proxy for control %s", control.name()).isEmpty();
            return report;
        }
    }

    private static void assertNothingLeftOnTheReference(String prefix) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, reference.bootstrapServers()))) {
            // Topic deletion completes asynchronously; what is still listed after a few seconds was left behind.
            List<String> left = List.of();
            for (long deadline = System.nanoTime() + 15_000_000_000L; System.nanoTime() < deadline; Thread.sleep(500)) {
                left = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(t -> t.contains(prefix))
                        .toList();
                if (left.isEmpty()) {
                    return;
                }
            }
            assertThat(left).as("topics left under %s", prefix).isEmpty();
        }
    }

    private static void log(NegativeControl control, String line) {
        System.out.println("[" + control.name() + "] " + line);
    }
}
