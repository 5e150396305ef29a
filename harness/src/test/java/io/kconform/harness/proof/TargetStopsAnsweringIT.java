package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.harness.cli.KconformMain;
import io.kconform.harness.config.ExternalTargetSpec;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.launch.TargetLauncher;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.proxy.KafkaMutatingProxy;
import io.kconform.harness.proxy.SharedBroker;
import io.kconform.harness.proxy.mutations.CrashOn;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.CheckListener;
import io.kconform.harness.run.ExitCode;
import io.kconform.harness.run.RunOptions;
import io.kconform.harness.run.Stoppage;
import io.kconform.harness.run.TargetSession;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.render.JsonReport;
import io.kconform.report.render.ReportWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * A target that dies mid-run ends its session within seconds: the reference broker behind the rewriting
 * proxy, which crashes ({@code crash-on}) when it meets its trigger, closing every connection and refusing
 * new ones. The check that ran into it FAILs with "the target stopped answering while this check ran", the
 * checks that had not started are not run (their fixtures too: a Connect worker that was starting makes its
 * checks not run, not FAIL), the report is written, the cleanup is bounded and says what it left, and the
 * command line exits with 3. How long the run took after the crash is printed, never asserted: the JUnit
 * timeouts only keep a harness fault from hanging the build.
 */
@ExtendWith(SharedBroker.class)
class TargetStopsAnsweringIT {

    private static final CheckCatalog CATALOG = CheckCatalog.discover();
    private static final String DIED_WHILE_RUNNING = "the target stopped answering while this check ran";
    private static RunningTarget reference;

    @TempDir
    Path dir;

    @BeforeAll
    static void shareTheReference(RunningTarget broker) {
        reference = broker;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aTargetThatCrashesDuringACheckEndsItsSession() throws Exception {
        // The protocol's malformed input, whose unknown API key crashes the target (as it crashed an independent
        // implementation once), then the metadata and produce checks, which the launcher starts after it. One
        // worker, so that which checks had started when the target died is fixed: the launch order, not the
        // scheduler, decides. (Not the header of the wrong version: the proxy records a header it cannot parse as
        // a problem of its own.) Checks that die while several run are a run of Connect workers, below.
        List<CheckDescriptor> checks = CATALOG.checks().stream()
                .filter(c -> c.id().startsWith("protocol.malformed.") || c.id().startsWith("protocol.metadata.")
                        || c.id().startsWith("protocol.produce."))
                .filter(c -> !c.id().equals("protocol.malformed.wrong-header-version"))
                .toList();
        CrashOn crash = CrashOn.unknownApiKey();
        TargetSession.SessionResult result;
        Instant ended;
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(reference.bootstrapServers(), List.of(crash))) {
            TargetSession session = new TargetSession(new TargetLauncher(new ArtifactResolver()), CATALOG,
                    new RunOptions(1, RunOptions.DEFAULTS.checkTimeout()));
            long begin = System.nanoTime();
            result = session.run(new ExternalTargetSpec("crashes-on-unknown-api-key", proxy.bootstrapServers(),
                    Map.of(), Set.of()), checks, dir.resolve("target"), line -> System.out.printf(Locale.ROOT,
                    "[crash +%.1f s] %s%n", (System.nanoTime() - begin) / 1e9, line), CheckListener.NONE);
            ended = Instant.now();
            assertThat(proxy.problems()).as("problems of the proxy").isEmpty();
        }
        TargetReport report = result.report();
        deleteLeftovers(report.resourcePrefix());
        Instant crashed = crash.crashedAt().orElseThrow(() -> new AssertionError("the proxy never crashed"));
        System.out.printf(Locale.ROOT, "figure: the session of %d checks ended %.1f s after the crash (%s)%n",
                checks.size(), Duration.between(crashed, ended).toMillis() / 1000.0,
                result.stoppage().map(s -> s.describe("crashes-on-unknown-api-key")).orElse("no stoppage"));

        assertThat(result.availability()).isEqualTo(TargetSession.Availability.STOPPED_ANSWERING);
        Stoppage stoppage = result.stoppage().orElseThrow();
        report.checks().stream().filter(c -> stoppage.running().contains(c.id())).forEach(c -> System.out.printf(
                Locale.ROOT, "ran while it died: %s %s after %.1f s: %s%n", c.id(), c.outcome(),
                c.duration().toMillis() / 1000.0, c.message()));
        assertThat(stoppage.running()).contains("protocol.malformed.unknown-api-key");
        assertThat(stoppage.where()).startsWith("during check ");
        Map<String, CheckResult> byId = byId(report);
        CheckResult crashing = byId.get("protocol.malformed.unknown-api-key");
        assertThat(crashing.outcome()).as("the check during which it died: %s", crashing).isEqualTo(Outcome.FAIL);
        assertThat(crashing.message()).startsWith(DIED_WHILE_RUNNING);

        List<CheckResult> selected = report.checks().stream().filter(CheckResult::selected).toList();
        assertThat(selected).hasSize(checks.size());
        List<CheckResult> notRun = selected.stream().filter(c -> c.execution() == CheckResult.Execution.NOT_RUN)
                .toList();
        assertThat(notRun).as("checks not run").hasSize(stoppage.notRun()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.message()).startsWith("not run: the target stopped answering "));
        // Checks keep starting until the watch finds the target dead (about 2 s): those run and FAIL as dying with
        // it; every check the launcher had not reached by then is not run.
        assertThat(notRun).as("not run: only metadata and produce checks, which come after the crash")
                .extracting(CheckResult::id).isSubsetOf(checks.stream()
                        .map(CheckDescriptor::id).filter(id -> !id.startsWith("protocol.malformed.")).toList());
        for (CheckResult check : selected) {
            if (check.ran() && check.outcome() == Outcome.FAIL) {
                assertThat(check.message()).as("a FAIL of %s", check.id()).startsWith(DIED_WHILE_RUNNING);
                assertThat(stoppage.running()).contains(check.id());
            }
            assertThat(check.outcome()).as("%s: %s", check.id(), check.message()).isNotEqualTo(Outcome.ERROR);
        }
        System.out.println("verdict: " + report.verdict().headline());

        RunReport run = new RunReport(RunReport.SCHEMA_VERSION, "kconform", "test", "Apache Kafka 4.4", Instant.now(),
                Instant.now(), "crash", List.of(report));
        List<Path> written = new ReportWriter().writeAll(run, dir.resolve("reports"));
        assertThat(written).isNotEmpty().allSatisfy(file -> assertThat(file).isRegularFile());
        assertThat(JsonReport.read(dir.resolve("reports").resolve(JsonReport.FILE_NAME)).targets().get(0).checks()
                .stream().filter(c -> c.execution() == CheckResult.Execution.NOT_RUN).count())
                .isEqualTo(stoppage.notRun());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aTargetThatCrashesWhileConnectWorkersStartEndsTheRunWithExit3() throws Exception {
        // Connect workers join their group as they start, in the fixtures of their classes and in checks.
        CrashOn crash = CrashOn.nthRequest(ApiKeys.JOIN_GROUP, 1);
        Path out = dir.resolve("out");
        StringWriter console = new StringWriter();
        int exit;
        Instant ended;
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(reference.bootstrapServers(), List.of(crash))) {
            exit = KconformMain.execute(new PrintWriter(console, true), new PrintWriter(console, true), "run",
                    "--bootstrap", proxy.bootstrapServers(), "--check", "connect.*", "--output", out.toString(),
                    "--no-color");
            ended = Instant.now();
            assertThat(proxy.problems()).as("problems of the proxy").isEmpty();
        }
        System.out.println(console);
        RunReport run = JsonReport.read(out.resolve(JsonReport.FILE_NAME));
        TargetReport report = run.targets().get(0);
        deleteLeftovers(report.resourcePrefix());
        Instant crashed = crash.crashedAt().orElseThrow(() -> new AssertionError("the proxy never crashed"));
        System.out.printf(Locale.ROOT, "figure: the command line ended %.1f s after the crash%n",
                Duration.between(crashed, ended).toMillis() / 1000.0);

        assertThat(exit).isEqualTo(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
        assertThat(console.toString())
                .containsPattern("target command-line stopped answering (during check connect\\.\\S+|while the checks"
                        + " of .+ were being set up) after \\d+\\.\\d s; \\d+ checks? not run")
                .containsPattern("Exit 3: target command-line stopped answering .*; \\d+ checks? not run\\.")
                .contains("could not delete the rest").contains("named " + report.resourcePrefix() + "-*");
        for (String file : List.of("results.json", "report.html", "junit.xml", "report.md")) {
            assertThat(out.resolve(file)).isRegularFile();
        }
        Map<String, CheckResult> byId = byId(report);
        // No worker can get ready without joining its group: the classes whose fixture starts one never ran a check.
        for (String id : List.of("connect.worker.internal-topics", "connect.rest.connector-lifecycle",
                "connect.source.all-records-arrive", "connect.sink.all-records-and-offsets-committed",
                "connect.sink.dead-letter-queue")) {
            CheckResult check = byId.get(id);
            assertThat(check.execution()).as("%s: %s %s", id, check.outcome(), check.message())
                    .isEqualTo(CheckResult.Execution.NOT_RUN);
        }
        assertThat(report.checks().stream().filter(CheckResult::selected)).isNotEmpty().allSatisfy(check -> {
            if (check.ran()) {
                assertThat(check.outcome()).as(check.id()).isEqualTo(Outcome.FAIL);
                assertThat(check.message()).as(check.id()).startsWith(DIED_WHILE_RUNNING);
            } else {
                assertThat(check.execution()).as(check.id()).isEqualTo(CheckResult.Execution.NOT_RUN);
                assertThat(check.message()).as(check.id()).startsWith("not run: the target stopped answering ");
            }
        });
    }

    private static Map<String, CheckResult> byId(TargetReport report) {
        return report.checks().stream().collect(java.util.stream.Collectors.toMap(CheckResult::id, c -> c));
    }

    /**
     * The crashed proxy kept the run's cleanup from the broker, which other tests of this JVM share: best
     * effort, since a group whose members are gone may not be deletable until their sessions expire.
     */
    private static void deleteLeftovers(String prefix) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                reference.bootstrapServers()))) {
            List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix)).toList();
            if (!topics.isEmpty()) {
                admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
            }
            List<String> groups = admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(GroupListing::groupId).filter(g -> g.startsWith(prefix)).toList();
            if (!groups.isEmpty()) {
                admin.deleteConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            System.out.println("leftovers under " + prefix + " not all deleted: " + e);
        }
    }
}
