package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Capability;
import io.kconform.api.Level;
import io.kconform.harness.cli.KconformMain;
import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.config.ExternalTargetSpec;
import io.kconform.harness.config.TargetsFile;
import io.kconform.harness.kroxylicious.KroxyliciousProxy;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.launch.TargetLauncher;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.proxy.SharedBroker;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.CheckListener;
import io.kconform.harness.run.ExitCode;
import io.kconform.harness.run.RunOptions;
import io.kconform.harness.run.TargetSession;
import io.kconform.report.model.CapabilityStatus.State;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.render.JsonReport;
import io.kconform.report.render.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the whole catalog on every golden target and compares each check's outcome with the committed
 * {@code golden/outcomes/<target>.tsv} ({@link GoldenOutcomes}); any difference fails with the expected
 * and actual outcome and the check's message. {@code -Dgolden.update=true} rewrites the files instead.
 *
 * <p>Golden targets: the reference Apache Kafka 4.4.0, the same release with classic groups only, and
 * the latest patch of older release lines ({@link #RELEASES}), all in one {@code kconform run} exactly
 * as a user starts it, side by side (each in its own JVM with its own class path, session and resource
 * prefix); and Kroxylicious, an independent Kafka-protocol proxy, in front of a reference broker.
 * Apache Kafka with default settings is certified PLATFORM in every release line; what a release lacks
 * against the baseline shows in the capabilities of its verdict, which are asserted here too.
 */
@ExtendWith(SharedBroker.class)
class GoldenOutcomesIT {

    private static final Path OUT = Path.of("target", "proof", "golden");

    /** The project's own targets file, whose release targets are golden. */
    private static final Path TARGETS = Path.of("..", "targets.yaml");

    private static final State WORKING = State.WORKING;
    private static final State NOT_ENABLED = State.ADVERTISED_NOT_ENABLED;
    private static final State ABSENT = State.ABSENT;

    /**
     * A golden target of targets.yaml: what it is (its golden file's first line) and the state of each
     * capability, in {@link Capability}'s order (KIP-848 groups, share groups, streams groups, transactions
     * v2, DescribeTopicPartitions), that its verdict must show beside PLATFORM.
     */
    private record Golden(String target, String what, List<State> capabilities) {
    }

    /**
     * The release targets, newest first; README.md beside the golden files explains every outcome other than
     * PASS. Adding one: a target in targets.yaml, a line here, then regenerate ({@link GoldenOutcomes#REGENERATE}).
     */
    private static final List<Golden> RELEASES = List.of(
            new Golden("kafka-4.4", "the reference, on which every check PASSES",
                    List.of(WORKING, WORKING, WORKING, WORKING, WORKING)),
            new Golden("kafka-4.4-classic-groups", "the reference with group.coordinator.rebalance.protocols=classic",
                    List.of(NOT_ENABLED, WORKING, NOT_ENABLED, WORKING, WORKING)),
            new Golden("kafka-4.2", "an older release line, with Apache Kafka's own timings where kconform's embedded"
                    + " targets shorten them", List.of(WORKING, WORKING, WORKING, WORKING, WORKING)),
            new Golden("kafka-4.0", "an older release line", List.of(WORKING, ABSENT, ABSENT, WORKING, WORKING)),
            new Golden("kafka-3.9", "an older release line", List.of(NOT_ENABLED, ABSENT, ABSENT, ABSENT, WORKING)),
            new Golden("kafka-3.6", "an older release line", List.of(ABSENT, ABSENT, ABSENT, ABSENT, ABSENT)),
            new Golden("kafka-3.3", "an older release line", List.of(ABSENT, ABSENT, ABSENT, ABSENT, ABSENT)));

    /**
     * Targets at once: all of them. Their checks mostly wait on timers of the brokers (rebalances, transaction
     * markers, the log cleaner), so the run takes about as long as its slowest target, also on two cores.
     */
    private static final int AT_ONCE = RELEASES.size();

    @Test
    void releasesSideBySideInOneRunMatchTheirGoldenOutcomesAndVerdictsAndTheRunLeavesNothingRunning()
            throws Exception {
        Path out = OUT.resolve("releases");
        // the broker SharedBroker gives the other test of this class may already run; it is not this run's
        Set<Long> runningBefore = descendants();
        StringWriter console = new StringWriter();
        List<String> names = RELEASES.stream().map(Golden::target).toList();
        long started = System.nanoTime();
        // nine targets side by side on two processors: four checks each rather than the default eight keeps the
        // timers the checks wait on (heartbeats, lock expiry, compaction) from being starved by the CPU
        int exit = KconformMain.execute(new PrintWriter(console, true), new PrintWriter(console, true),
                "run", "--targets", TARGETS.toString(), "--target", String.join(",", names),
                "--parallel-targets", String.valueOf(AT_ONCE), "--parallelism", "4", "--output", out.toString(), "--overwrite", "--no-color");
        // a figure for the reader of the build log, never an assertion
        System.out.printf("%d release targets side by side: %.0f s%n", names.size(), (System.nanoTime() - started) / 1e9);
        System.out.println(console);

        RunReport run = JsonReport.read(out.resolve("results.json"));
        Map<String, TargetReport> targets = new LinkedHashMap<>();
        run.targets().forEach(t -> targets.put(t.name(), t));
        assertThat(targets.keySet()).containsExactlyElementsOf(names);
        targets.values().forEach(t -> assertThat(t.error()).as("target %s could not run", t.name()).isEmpty());

        TargetsFile file = TargetsFile.load(TARGETS);
        SoftAssertions softly = new SoftAssertions();
        for (Golden golden : RELEASES) {
            TargetReport report = targets.get(golden.target());
            List<String> differences = GoldenOutcomes.compareOrUpdate(golden.target(),
                    describe(golden, (EmbeddedTargetSpec) file.resolve(golden.target())), report);
            softly.assertThat(differences).as(GoldenOutcomes.describe(golden.target(), differences)).isEmpty();
            // Apache Kafka with default settings holds the top level in every release line; what an older release
            // lacks against the baseline shows as capabilities, never as a lost level.
            softly.assertThat(report.verdict().highest()).as("level of %s: %s", golden.target(),
                    report.verdict().headline()).contains(Level.PLATFORM);
            softly.assertThat(capabilities(report)).as("capabilities of %s: %s", golden.target(),
                    report.verdict().headline()).containsExactlyEntriesOf(expected(golden));
            // each release ran on its own class path: the broker logs the version it was built as
            String version = ((EmbeddedTargetSpec) file.resolve(golden.target())).version();
            softly.assertThat(brokerLog(out, golden.target())).as("broker.log of %s", golden.target())
                    .contains("Kafka version: " + version);
            softly.assertThat(console.toString()).containsPattern("\\[" + Pattern.quote(golden.target())
                    + "\\] deleted \\d+ topics and \\d+ groups under kconform-");
        }
        softly.assertAll();

        TargetReport kafka44 = targets.get("kafka-4.4");
        assertThat(kafka44.checks()).allMatch(CheckResult::selected);
        assertThat(targets.values().stream().map(TargetReport::resourcePrefix).distinct())
                .as("every target under a resource prefix of its own").hasSize(RELEASES.size());
        assertThat(exit).isEqualTo(ExitCode.DONE);
        // the summary after the progress lines opens with each target's verdict
        assertThat(console.toString().lines().dropWhile(l -> !l.isEmpty()).filter(l -> !l.isEmpty()).findFirst())
                .hasValueSatisfying(l -> assertThat(l)
                        .startsWith("kafka-4.4: Certified: PLATFORM (Apache Kafka 4.4 baseline) · KIP-848 groups ✓ ·"
                                + " share groups ✓ · streams groups ✓ · transactions v2 ✓ · DescribeTopicPartitions ✓."));
        assertThat(out.resolve("report.html")).exists();
        assertThat(Files.readString(out.resolve("report.html"))).contains("Certified: PLATFORM");
        assertThat(out.resolve("junit.xml")).exists();
        assertThat(brokerLog(out, "kafka-3.9")).doesNotContain("Kafka version: 4.4.0");
        // settings a release does not know are left out of its server.properties
        for (String older : List.of("kafka-3.9", "kafka-3.6", "kafka-3.3")) {
            assertThat(Files.readString(out.resolve("targets").resolve(older).resolve("server.properties")))
                    .as("server.properties of %s", older).doesNotContain("share.coordinator.");
        }
        assertThat(Files.readString(out.resolve("targets/kafka-4.4-classic-groups/server.properties")))
                .contains("group.coordinator.rebalance.protocols=classic");
        Set<Long> left = descendants();
        left.removeAll(runningBefore);
        assertThat(left).as("processes left running by the run").isEmpty();
    }

    /** The first line of a release's golden file: the release, how it runs, and what it is for. */
    private static String describe(Golden golden, EmbeddedTargetSpec spec) {
        String settings = spec.brokerProperties().isEmpty() ? "" : ", " + spec.brokerProperties().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(", "));
        return "Apache Kafka " + spec.version() + ", embedded, KRaft, " + spec.nodes() + " node" + settings
                + " (target " + golden.target() + " of targets.yaml): " + golden.what()
                + (golden.target().equals("kafka-4.4") ? ""
                        : "; every outcome other than PASS is explained in README.md beside this file");
    }

    private static Map<Capability, State> expected(Golden golden) {
        Map<Capability, State> states = new LinkedHashMap<>();
        Capability[] all = Capability.values();
        assertThat(golden.capabilities()).as("capability states of %s", golden.target()).hasSize(all.length);
        for (int i = 0; i < all.length; i++) {
            states.put(all[i], golden.capabilities().get(i));
        }
        return states;
    }

    @Test
    void kroxyliciousInFrontOfTheReferenceMatchesItsGoldenOutcomes(RunningTarget reference) throws Exception {
        Path out = OUT.resolve("kroxylicious");
        TargetReport report;
        String what;
        try (KroxyliciousProxy proxy = KroxyliciousProxy.start(reference.bootstrapServers(), 1, out,
                line -> System.out.println("[kroxylicious] " + line))) {
            assertThat(listeningAddresses(proxy.process().pid()))
                    .as("addresses Kroxylicious listens on (ss -ltnp)")
                    .hasSizeGreaterThanOrEqualTo(2) // the bootstrap port and the node's port
                    .allSatisfy(address -> assertThat(address).matches("(127\\.0\\.0\\.1|\\[::ffff:127\\.0\\.0\\.1\\]):\\d+"));
            what = proxy.description() + ", bound to 127.0.0.1, in front of the reference Apache Kafka 4.4.0: an"
                    + " independent implementation of the protocol's front end; every difference from the bare"
                    + " broker is explained in README.md beside this file";
            TargetSession session = new TargetSession(new TargetLauncher(new ArtifactResolver()), CheckCatalog.discover(),
                    RunOptions.DEFAULTS);
            report = session.run(new ExternalTargetSpec("kroxylicious", proxy.bootstrapServers(), Map.of(), Set.of()),
                    CheckCatalog.discover().checks(), out, line -> System.out.println("[kroxylicious] " + line),
                    CheckListener.NONE).report();
            assertThat(proxy.process().isAlive()).as("Kroxylicious still running after the run").isTrue();
        }
        new ReportWriter().writeAll(new RunReport(RunReport.SCHEMA_VERSION, "kconform", "test", "Apache Kafka 4.4",
                Instant.now(), Instant.now(), "kroxylicious", List.of(report)), out);
        report.checks().stream().filter(c -> !c.message().isEmpty())
                .forEach(c -> System.out.println("[kroxylicious] " + c.id() + " " + c.outcome() + ": " + c.message()));
        assertThat(report.error()).as("Kroxylicious could not be reached").isEmpty();
        List<String> differences = GoldenOutcomes.compareOrUpdate("kroxylicious", what, report);
        assertThat(differences).as(GoldenOutcomes.describe("kroxylicious", differences)).isEmpty();
    }

    /** Each capability's state, in the verdict's order. */
    private static Map<Capability, State> capabilities(TargetReport target) {
        Map<Capability, State> states = new LinkedHashMap<>();
        target.verdict().capabilities().forEach(c -> states.put(c.capability(), c.state()));
        return states;
    }

    private static Set<Long> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    private static String brokerLog(Path out, String target) throws IOException {
        return Files.readString(out.resolve("targets").resolve(target).resolve("broker.log"), StandardCharsets.UTF_8);
    }

    /** The local addresses a process listens on, as {@code ss -ltnp} shows them. */
    private static List<String> listeningAddresses(long pid) throws Exception {
        Process ss = new ProcessBuilder("ss", "-H", "-ltnp").redirectErrorStream(true).start();
        String text = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(10, TimeUnit.SECONDS)).as("ss finished").isTrue();
        assertThat(ss.exitValue()).as("ss -ltnp exit code; output: %s", text).isZero();
        // State Recv-Q Send-Q Local-Address:Port Peer-Address:Port Process
        return text.lines().filter(l -> l.contains("pid=" + pid + ",")).map(l -> l.trim().split("\\s+")[3]).toList();
    }
}
