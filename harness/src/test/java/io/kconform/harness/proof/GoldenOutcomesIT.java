package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.kconform.api.Capability;
import io.kconform.api.Level;
import io.kconform.harness.cli.KconformMain;
import io.kconform.harness.config.ExternalTargetSpec;
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
import io.kconform.report.model.CapabilityStatus;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the whole catalog on every golden target and compares each check's outcome with the committed
 * {@code golden/outcomes/<target>.tsv} ({@link GoldenOutcomes}); any difference fails with the expected
 * and actual outcome and the check's message. {@code -Dgolden.update=true} rewrites the files instead.
 *
 * <p>Golden targets: the reference Apache Kafka 4.4.0 and the older release 3.9.1, in one
 * {@code kconform run} exactly as a user starts it (two releases side by side, each in its own JVM
 * with its own class path); and Kroxylicious, an independent Kafka-protocol proxy, in front of a
 * reference broker.
 */
@ExtendWith(SharedBroker.class)
class GoldenOutcomesIT {

    private static final Path OUT = Path.of("target", "proof", "golden");

    /** The project's own targets file, whose kafka-4.4 and kafka-3.9 targets are golden. */
    private static final Path TARGETS = Path.of("..", "targets.yaml");

    @Test
    void referenceAndOlderReleaseInOneRunMatchTheirGoldenOutcomesAndTheRunLeavesNothingRunning() throws Exception {
        Path out = OUT.resolve("releases");
        // the broker SharedBroker gives the other test of this class may already run; it is not this run's
        Set<Long> runningBefore = descendants();
        StringWriter console = new StringWriter();
        int exit = KconformMain.execute(new PrintWriter(console, true), new PrintWriter(console, true),
                "run", "--targets", TARGETS.toString(), "--target", "kafka-4.4", "--target", "kafka-3.9",
                "--output", out.toString(), "--no-color");
        System.out.println(console);

        RunReport run = JsonReport.read(out.resolve("results.json"));
        Map<String, TargetReport> targets = new LinkedHashMap<>();
        run.targets().forEach(t -> targets.put(t.name(), t));
        assertThat(targets).containsOnlyKeys("kafka-4.4", "kafka-3.9");
        targets.values().forEach(t -> assertThat(t.error()).as("target %s could not run", t.name()).isEmpty());

        List<String> reference = GoldenOutcomes.compareOrUpdate("kafka-4.4", "Apache Kafka 4.4.0, embedded, KRaft,"
                + " 1 node (target kafka-4.4 of targets.yaml): the reference, on which every check PASSES",
                targets.get("kafka-4.4"));
        List<String> older = GoldenOutcomes.compareOrUpdate("kafka-3.9", "Apache Kafka 3.9.1, embedded, KRaft, 1 node"
                + " (target kafka-3.9 of targets.yaml): an older release; every outcome other than PASS is explained"
                + " in README.md beside this file", targets.get("kafka-3.9"));
        assertThat(reference).as(GoldenOutcomes.describe("kafka-4.4", reference)).isEmpty();
        assertThat(older).as(GoldenOutcomes.describe("kafka-3.9", older)).isEmpty();

        TargetReport kafka44 = targets.get("kafka-4.4");
        assertThat(kafka44.checks()).allMatch(CheckResult::selected);
        assertThat(kafka44.verdict().highest()).contains(Level.PLATFORM);
        assertThat(capabilities(kafka44)).containsExactly(
                entry(Capability.KIP_848_GROUPS, CapabilityStatus.State.WORKING),
                entry(Capability.SHARE_GROUPS, CapabilityStatus.State.WORKING),
                entry(Capability.STREAMS_GROUPS, CapabilityStatus.State.WORKING),
                entry(Capability.TRANSACTIONS_V2, CapabilityStatus.State.WORKING),
                entry(Capability.DESCRIBE_TOPIC_PARTITIONS, CapabilityStatus.State.WORKING));
        // Apache Kafka with default settings holds the top level in every release line; what an older release
        // lacks against the baseline shows as capabilities, never as a lost level.
        TargetReport kafka39 = targets.get("kafka-3.9");
        assertThat(kafka39.verdict().highest()).as(kafka39.verdict().headline()).contains(Level.PLATFORM);
        assertThat(capabilities(kafka39)).containsExactly(
                entry(Capability.KIP_848_GROUPS, CapabilityStatus.State.ADVERTISED_NOT_ENABLED),
                entry(Capability.SHARE_GROUPS, CapabilityStatus.State.ABSENT),
                entry(Capability.STREAMS_GROUPS, CapabilityStatus.State.ABSENT),
                entry(Capability.TRANSACTIONS_V2, CapabilityStatus.State.ABSENT),
                entry(Capability.DESCRIBE_TOPIC_PARTITIONS, CapabilityStatus.State.WORKING));
        assertThat(exit).isEqualTo(ExitCode.DONE);
        // the summary after the progress lines opens with each target's verdict
        assertThat(console.toString().lines().dropWhile(l -> !l.isEmpty()).filter(l -> !l.isEmpty()).findFirst())
                .hasValueSatisfying(l -> assertThat(l)
                        .startsWith("kafka-4.4: Certified: PLATFORM (Apache Kafka 4.4 baseline) · KIP-848 groups ✓ ·"
                                + " share groups ✓ · streams groups ✓ · transactions v2 ✓ · DescribeTopicPartitions ✓."));
        assertThat(out.resolve("report.html")).exists();
        assertThat(Files.readString(out.resolve("report.html"))).contains("Certified: PLATFORM");
        assertThat(out.resolve("junit.xml")).exists();
        assertThat(console.toString()).containsPattern("\\[kafka-4.4\\] deleted \\d+ topics and \\d+ groups under"
                + " kconform-");
        assertThat(console.toString()).containsPattern("\\[kafka-3.9\\] deleted \\d+ topics and \\d+ groups under"
                + " kconform-");

        // each release ran on its own class path: the broker logs the version it was built as
        assertThat(brokerLog(out, "kafka-4.4")).contains("Kafka version: 4.4.0");
        assertThat(brokerLog(out, "kafka-3.9")).contains("Kafka version: 3.9.1").doesNotContain("Kafka version: 4.4.0");
        // settings 3.9 does not know are left out of its server.properties
        assertThat(Files.readString(out.resolve("targets/kafka-3.9/server.properties")))
                .doesNotContain("share.coordinator.");
        Set<Long> left = descendants();
        left.removeAll(runningBefore);
        assertThat(left).as("processes left running by the run").isEmpty();
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
    private static Map<Capability, CapabilityStatus.State> capabilities(TargetReport target) {
        Map<Capability, CapabilityStatus.State> states = new LinkedHashMap<>();
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
