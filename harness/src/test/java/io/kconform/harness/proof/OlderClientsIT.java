package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.harness.config.ExternalTargetSpec;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.launch.TargetLauncher;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.proxy.KafkaMutatingProxy;
import io.kconform.harness.proxy.SharedBroker;
import io.kconform.harness.proxy.mutations.CrashOn;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.CheckListener;
import io.kconform.harness.run.RunOptions;
import io.kconform.harness.run.Stoppage;
import io.kconform.harness.run.TargetSession;
import io.kconform.report.model.AssessedWith;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.render.JsonReport;
import io.kconform.report.render.ReportWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target whose ApiVersions handshake current Java clients cannot get past is assessed with an older release:
 * the reference broker behind the rewriting proxy, which closes the connection on ApiVersions v4 and above
 * ({@code close-on-api-versions:4}), as a Kafka-protocol layer on another system was seen to do. The handshake
 * check FAILS; the checks that use Java clients run in a JVM of the release chosen for it and give the
 * reference's outcomes where that release can assess them; the headline names the release; nothing is left under
 * the run's prefix, and no JVM is left running. How long the older clients' JVM takes to start is printed, never
 * asserted. A target that dies while the older clients' checks run ends their session within seconds, as in the
 * harness's own JVM. {@code -Dolder.clients.checks=all} runs the whole catalog instead of the selection, to measure how much
 * of it the older release can assess.
 */
@ExtendWith(SharedBroker.class)
class OlderClientsIT {

    static {
        // What the older clients' JVM logs, which the harness keeps at INFO, is worth reading in this test's output.
        System.setProperty("org.slf4j.simpleLogger.log.io.kconform.harness.run.ClientJvm", "info");
    }

    private static final CheckCatalog CATALOG = CheckCatalog.discover();

    /**
     * Reads the produced batches through kconform's WireClient, whose kafka-clients 4.4 classes moved (LogContext to
     * {@code ...utils.internals}) and which therefore does not link with 3.8.1.
     */
    private static final String NOT_ASSESSABLE_WITH_3_8 = "protocol.compression.zstd";

    /** A few checks per battery; those on connections of their own run in the harness's JVM. */
    private static final List<String> SELECTION = List.of(
            "protocol.apiversions.current-client-handshake",
            "protocol.apiversions.baseline-coverage",
            "protocol.malformed.truncated-frame",
            "protocol.sweep.produce.v9",
            "protocol.produce.acks-all",
            "protocol.produce.headers-round-trip",
            "protocol.admin.create-topics-configs",
            "groups.classic.commit-and-resume",
            "groups.admin.list-describe",
            "storage.log.order-and-dense-offsets",
            "storage.timestamp.offset-for-time",
            "eos.txn.abort-invisible-read-committed",
            "eos.idempotent.default-producer",
            "connect.source.all-records-arrive",
            "streams.eos-v2.output-matches-reference",
            NOT_ASSESSABLE_WITH_3_8);

    /**
     * What the proxy itself changes for every client, whichever release: the outcomes of
     * {@code api-versions-v4-and-above-closed} in {@code proof/controls/protocol-handshake.yaml}.
     */
    private static final Map<String, Outcome> HANDSHAKE_FINDINGS = Map.of(
            "protocol.apiversions.current-client-handshake", Outcome.FAIL,
            "protocol.apiversions.answered", Outcome.FAIL,
            "protocol.apiversions.above-max-version", Outcome.FAIL);

    private static RunningTarget reference;

    @TempDir
    Path dir;

    @BeforeAll
    static void shareTheReference(RunningTarget broker) {
        reference = broker;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void aTargetCurrentClientsCannotConnectToIsAssessedWithAnOlderRelease() throws Exception {
        boolean all = "all".equals(System.getProperty("older.clients.checks"));
        List<CheckDescriptor> checks = all ? CATALOG.checks()
                : SELECTION.stream().map(id -> CATALOG.find(id).orElseThrow(() -> new AssertionError("no check " + id)))
                        .toList();
        List<String> progress = new ArrayList<>();
        TargetSession.SessionResult result;
        Instant started = Instant.now();
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(reference.bootstrapServers(),
                List.of(MutationSpec.parse("close-on-api-versions:4")))) {
            TargetSession session = new TargetSession(new TargetLauncher(new ArtifactResolver()), CATALOG,
                    RunOptions.DEFAULTS);
            long begin = System.nanoTime();
            result = session.run(new ExternalTargetSpec("closes-on-api-versions-v4", proxy.bootstrapServers(),
                    Map.of(), Set.of()), checks, dir.resolve("target"), line -> {
                        progress.add(line);
                        System.out.printf(Locale.ROOT, "[older clients +%.1f s] %s%n", (System.nanoTime() - begin) / 1e9,
                                line);
                    }, CheckListener.NONE);
        }
        System.out.printf(Locale.ROOT, "figure: %d checks through the proxy in %.1f s%n", checks.size(),
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
        progress.stream().filter(line -> line.contains("JVM ready")).forEach(line -> System.out.println("figure: " + line));
        TargetReport report = result.report();
        System.out.println("verdict: " + report.verdict().headline());

        assertThat(result.availability()).isEqualTo(TargetSession.Availability.AVAILABLE);
        AssessedWith assessed = report.assessedWith();
        assertThat(assessed.javaClients()).as("the newest release that sends ApiVersions v3 (measured)").isEqualTo("3.8.1");
        assertThat(assessed.cannotConnect()).isEqualTo("3.9 and later");
        assertThat(assessed.reason()).startsWith("current Java clients cannot connect: ApiVersions v5: no response");
        assertThat(report.verdict().headline()).contains("Assessed with Java clients 3.8.1; 3.9 and later cannot connect.");

        Map<String, Outcome> golden = GoldenOutcomes.reference();
        Map<String, CheckResult> byId = report.checks().stream().filter(CheckResult::selected)
                .collect(Collectors.toMap(CheckResult::id, c -> c, (a, b) -> a, TreeMap::new));
        assertThat(byId).hasSize(checks.size());
        List<CheckResult> notAssessable = byId.values().stream()
                .filter(c -> c.execution() == CheckResult.Execution.NOT_ASSESSABLE_HERE).toList();
        byId.values().forEach(c -> System.out.printf(Locale.ROOT, "%-70s %-8s %-20s %s%n", c.id(), c.outcome(),
                c.execution(), c.message()));
        System.out.printf(Locale.ROOT, "figure: %d of %d checks assessed with Java clients 3.8.1 or on connections of"
                + " their own; %d not assessable with 3.8.1%n", checks.size() - notAssessable.size(), checks.size(),
                notAssessable.size());
        List<String> differing = new ArrayList<>();
        for (CheckResult check : byId.values()) {
            Outcome expected = HANDSHAKE_FINDINGS.getOrDefault(check.id(), golden.get(check.id()));
            if (check.execution() == CheckResult.Execution.NOT_ASSESSABLE_HERE
                    && check.message().startsWith("not assessable with Java clients 3.8.1")) {
                continue;
            }
            if (check.outcome() != expected) {
                differing.add(check.id() + ": " + check.outcome() + " (reference " + expected + "): " + check.message());
            }
            assertThat(check.outcome()).as("%s: %s", check.id(), check.message()).isNotEqualTo(Outcome.ERROR);
        }
        if (!all) {
            assertThat(notAssessable).as("checks of the selection the older release could not assess")
                    .extracting(CheckResult::id).containsExactly(NOT_ASSESSABLE_WITH_3_8);
            assertThat(notAssessable.get(0).outcome()).isEqualTo(Outcome.SKIPPED);
            assertThat(notAssessable.get(0).message()).startsWith("not assessable with Java clients 3.8.1: kconform's"
                    + " code for it needs kafka-clients 4.4.0 API that 3.8.1 lacks (NoClassDefFoundError: ");
            assertThat(differing).as("outcomes that differ from the reference's").isEmpty();
            for (Battery battery : Battery.values()) {
                assertThat(byId.values().stream().filter(c -> c.battery() == battery && c.outcome() == Outcome.PASS))
                        .as("passing checks of battery %s", battery).isNotEmpty();
            }
        } else {
            differing.forEach(line -> System.out.println("differs: " + line));
        }

        assertThat(leftovers(report.resourcePrefix())).as("what the run left under its prefix").isEmpty();
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().commandLine()
                .map(c -> c.contains("ClientJvmMain")).orElse(false)).map(ProcessHandle::pid).toList())
                .as("JVMs of older Java clients still running").isEmpty();

        RunReport run = new RunReport(RunReport.SCHEMA_VERSION, "kconform", "test", "Apache Kafka 4.4", Instant.now(),
                Instant.now(), "older clients", List.of(report));
        new ReportWriter().writeAll(run, dir.resolve("reports"));
        assertThat(JsonReport.read(dir.resolve("reports").resolve(JsonReport.FILE_NAME)).targets().get(0).assessedWith())
                .isEqualTo(assessed);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aTargetThatDiesWhileTheOlderClientsRunEndsTheirChecksWithinSeconds() throws Exception {
        // The first JoinGroup, a consumer group's or a Connect worker's sent by the older clients, crashes the target:
        // the harness's liveness watch finds it dead and relays it to the older clients' JVM.
        List<CheckDescriptor> checks = List.of("protocol.produce.acks-all", "groups.classic.commit-and-resume",
                "storage.log.replay-identical", "connect.source.all-records-arrive", "streams.join.stream-table")
                .stream().map(id -> CATALOG.find(id).orElseThrow()).toList();
        CrashOn crash = CrashOn.nthRequest(ApiKeys.JOIN_GROUP, 1);
        TargetSession.SessionResult result;
        Instant ended;
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(reference.bootstrapServers(),
                List.of(MutationSpec.parse("close-on-api-versions:4"), crash))) {
            TargetSession session = new TargetSession(new TargetLauncher(new ArtifactResolver()), CATALOG,
                    RunOptions.DEFAULTS);
            long begin = System.nanoTime();
            result = session.run(new ExternalTargetSpec("dies-under-older-clients", proxy.bootstrapServers(), Map.of(),
                    Set.of()), checks, dir.resolve("target"), line -> System.out.printf(Locale.ROOT,
                    "[dying +%.1f s] %s%n", (System.nanoTime() - begin) / 1e9, line), CheckListener.NONE);
            ended = Instant.now();
        }
        TargetReport report = result.report();
        Instant crashed = crash.crashedAt().orElseThrow(() -> new AssertionError("the proxy never crashed"));
        System.out.printf(Locale.ROOT, "figure: the session with Java clients 3.8.1 ended %.1f s after the crash%n",
                Duration.between(crashed, ended).toMillis() / 1000.0);
        report.checks().stream().filter(CheckResult::selected).forEach(c -> System.out.printf(Locale.ROOT,
                "%-45s %-8s %-12s %s%n", c.id(), c.outcome(), c.execution(), c.message()));

        assertThat(result.availability()).isEqualTo(TargetSession.Availability.STOPPED_ANSWERING);
        assertThat(report.assessedWith().javaClients()).isEqualTo("3.8.1");
        Stoppage stoppage = result.stoppage().orElseThrow();
        assertThat(stoppage.running()).as("checks that ran while the target died").isNotEmpty();
        for (CheckResult check : report.checks().stream().filter(CheckResult::selected).toList()) {
            assertThat(check.outcome()).as("%s: %s", check.id(), check.message()).isNotEqualTo(Outcome.ERROR);
            if (check.execution() == CheckResult.Execution.NOT_RUN) {
                assertThat(check.message()).startsWith("not run: the target stopped answering ");
            } else if (stoppage.running().contains(check.id()) && check.outcome() == Outcome.FAIL) {
                assertThat(check.message()).startsWith("the target stopped answering while this check ran");
            }
        }
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().commandLine()
                .map(c -> c.contains("ClientJvmMain")).orElse(false)).map(ProcessHandle::pid).toList())
                .as("JVMs of older Java clients still running").isEmpty();
        deleteLeftovers(report.resourcePrefix());
    }

    /** The crashed proxy kept the run's cleanup from the broker, which other tests of this JVM share. */
    private static void deleteLeftovers(String prefix) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                reference.bootstrapServers()))) {
            List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.contains(prefix)).toList();
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
            List<String> groups = admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(GroupListing::groupId).filter(g -> g.contains(prefix)).toList();
            if (!groups.isEmpty()) {
                admin.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.out.println("leftovers under " + prefix + " not all deleted: " + e);
        }
    }

    /** Topics and groups under the prefix, seen on the broker itself: the proxy's clients are not needed for it. */
    private static List<String> leftovers(String prefix) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                reference.bootstrapServers()))) {
            List<String> left = new ArrayList<>(admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.contains(prefix)).toList());
            admin.listGroups().all().get(30, TimeUnit.SECONDS).stream().map(GroupListing::groupId)
                    .filter(g -> g.contains(prefix)).forEach(left::add);
            return left;
        }
    }
}
