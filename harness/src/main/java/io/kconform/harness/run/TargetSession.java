package io.kconform.harness.run;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.cleanup.RunCleanup;
import io.kconform.api.target.KafkaTarget;
import io.kconform.api.target.NotKafkaException;
import io.kconform.api.target.ResourceNames;
import io.kconform.api.target.TargetFacts;
import io.kconform.api.target.TargetProbe;
import io.kconform.api.target.UnreachableTargetException;
import io.kconform.harness.Kconform;
import io.kconform.harness.clients.ClientReleases;
import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.config.ExternalTargetSpec;
import io.kconform.harness.config.TargetSpec;
import io.kconform.harness.launch.ExitCleanup;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.launch.TargetLauncher;
import io.kconform.harness.launch.TargetStartException;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.maven.ResolutionException;
import io.kconform.report.model.Advertisement;
import io.kconform.report.model.Certification;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.Software;
import io.kconform.report.model.TargetReport;
import io.kconform.report.model.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One target's part of a run, start to finish: start it, probe it, run the selected checks, delete
 * what the run created, stop it, and report. Whatever happens, what was created is deleted and what
 * was started is stopped. On Ctrl-C or SIGTERM ({@link RunInterruption}) the checks stop, and this session still
 * deletes, stops and reports, marking what was not run; {@link ExitCleanup} is the safety net when the JVM exits
 * without that (a second signal). A run against an external target records itself in the {@link RunLedger}, and
 * deletes first what earlier runs against the same target left when they were killed. While the checks run, a
 * {@link LivenessWatch} of this session's own asks the target every second whether it still answers;
 * when it stops answering, the session ends within seconds ({@link Availability#STOPPED_ANSWERING}): no
 * further check starts, the report says which checks ran into it and which were not run, and the
 * cleanup gets one short try ({@link RunCleanup#deleteFromDeadTarget}). Where current Java clients cannot get
 * past the target's ApiVersions handshake, the checks that use Java clients run with an older release whose
 * handshake it answers, in a JVM of its own, and the verdict says which ({@link JavaClientsInUse}); the session,
 * its watch, the cleanup's decisions and the report stay here.
 */
public final class TargetSession {

    /** Why a target has no check results. */
    public enum Availability {
        /** The target was started and reached; its checks ran. */
        AVAILABLE,
        /** The target could not be started, or did not answer the probe. */
        UNAVAILABLE,
        /** The target was reached, and stopped answering while its checks ran: the rest were not run. */
        STOPPED_ANSWERING,
        /**
         * The target's address accepted a connection, and what answered does not speak Kafka (bytes that are
         * not a Kafka response, a connection closed or left silent on ApiVersions): no check was run.
         */
        NOT_KAFKA
    }

    /**
     * The report, whether the target was available at all, and how its session ended early if it did.
     *
     * @param stoppage present when {@code availability} is {@link Availability#STOPPED_ANSWERING}
     */
    public record SessionResult(TargetReport report, Availability availability, Optional<Stoppage> stoppage) {
        public SessionResult(TargetReport report, Availability availability) {
            this(report, availability, Optional.empty());
        }
    }

    /** How long deleting a killed run's leftovers may take before this run's checks start. */
    private static final Duration LEFTOVER_BOUND = RunCleanup.KILLED_MEMBERS_EXPIRE.plusSeconds(25);

    private final TargetLauncher launcher;
    private final CheckCatalog catalog;
    private final RunOptions options;
    private final ClientReleases releases;

    public TargetSession(TargetLauncher launcher, CheckCatalog catalog, RunOptions options) {
        this(launcher, catalog, options, new ClientReleases(new ArtifactResolver()));
    }

    /**
     * @param releases the Java client releases to assess a target with when current clients cannot connect to it
     */
    public TargetSession(TargetLauncher launcher, CheckCatalog catalog, RunOptions options, ClientReleases releases) {
        this.launcher = launcher;
        this.catalog = catalog;
        this.options = options;
        this.releases = releases;
    }

    /**
     * Runs {@code selected} against the target.
     *
     * @param workDir  where the target's own files go
     * @param progress told what happens, one line at a time
     * @param listener told about each check
     */
    public SessionResult run(TargetSpec spec, List<CheckDescriptor> selected, Path workDir, Consumer<String> progress,
                       CheckListener listener) {
        long start = System.nanoTime();
        Optional<String> signal = RunInterruption.signal();
        if (signal.isPresent()) {
            return notStarted(spec, selected, signal.get(), start);
        }
        RunningTarget running;
        // A target still starting (a process target's startTimeout can be minutes) stops starting on Ctrl-C/SIGTERM:
        // the launchers stop what they started when interrupted.
        Thread starting = Thread.currentThread();
        AutoCloseable stopStarting = RunInterruption.onInterrupt(name -> starting.interrupt());
        try {
            running = launcher.start(spec, workDir, progress);
        } catch (TargetStartException e) {
            if (RunInterruption.signal().isPresent()) {
                Thread.interrupted();
                return notStarted(spec, selected, RunInterruption.signal().get(), start);
            }
            String tail = e.logTail().isEmpty() ? "" : "\n  last lines of its log:\n    "
                    + String.join("\n    ", e.logTail());
            progress.accept(e.getMessage() + tail);
            return unavailable(spec, spec.kind(), e.getMessage(), start);
        } catch (ResolutionException e) {
            progress.accept("target " + spec.name() + " did not start: " + e.getMessage());
            return unavailable(spec, spec.kind(), "target " + spec.name() + " did not start: " + e.getMessage(), start);
        } finally {
            closeQuietly(stopStarting);
        }
        // an interruption that came as the start ended is the runner's to act on, not this thread's flag
        Thread.interrupted();
        try (running) {
            return runOn(spec, running, selected, progress, listener, start);
        }
    }

    /**
     * Runs {@code selected} against a target the caller started and will stop itself (a target
     * behind a test's own proxy, for instance); otherwise as {@link #run(TargetSpec, List, Path,
     * Consumer, CheckListener)}.
     */
    public SessionResult runStarted(TargetSpec spec, RunningTarget running, List<CheckDescriptor> selected,
                                    Consumer<String> progress, CheckListener listener) {
        return runOn(spec, running, selected, progress, listener, System.nanoTime());
    }

    private SessionResult runOn(TargetSpec spec, RunningTarget running, List<CheckDescriptor> selected,
                                Consumer<String> progress, CheckListener listener, long start) {
        Redactor redactor = new Redactor(running.secretValues());
        TargetFacts facts;
        try {
            facts = TargetProbe.probe(running.bootstrapServers(), running.clientProperties());
        } catch (NotKafkaException e) {
            String message = redactor.apply(e.getMessage());
            progress.accept(message);
            return notKafka(spec, running.description(), selected, message, start);
        } catch (UnreachableTargetException | IllegalArgumentException e) {
            String message = redactor.apply(e.getMessage());
            progress.accept(message);
            return unavailable(spec, running.description(), message, start);
        }
        progress.accept("probed: " + (facts.apiVersionsError().isEmpty() ? ""
                : "ApiVersions answered with error " + facts.apiVersionsError() + ", ")
                + facts.apiVersions().size() + " API keys, " + describeFeatures(facts)
                + ", fingerprint " + facts.fingerprint()
                + (facts.handshake().currentClientsConnect() ? "" : "\n  " + facts.handshake().summary()));
        ResourceNames names = ResourceNames.newRun();
        // Only a target that outlives the run can keep what a killed run created; an embedded one goes with it.
        boolean outlivesRun = spec instanceof ExternalTargetSpec;
        RunLedger ledger = RunLedger.ofThisMachine();
        if (outlivesRun) {
            ledger.begin(names.prefix(), running.bootstrapServers());
        }
        LivenessWatch watch = LivenessWatch.start(spec.name(), running.bootstrapServers(), running.clientProperties(),
                facts.apiVersionsVersion(), names.prefix() + "-liveness");
        watch.onDead(dead -> progress.accept(redactor.apply("stopped answering: " + dead.evidence()
                + "; no further check starts, the checks under way are ended")));
        KafkaTarget target = new KafkaTarget(spec.name(), running.bootstrapServers(), running.clientProperties(),
                facts, names, running.brokerControl().map(brokers -> new WatchedBrokerControl(brokers, watch)),
                running.restrictedPrincipal());
        JavaClientsInUse clients;
        try {
            clients = JavaClientsInUse.forTarget(target, options, releases, redactor, progress);
        } catch (RuntimeException e) {
            watch.close();
            throw e;
        }
        if (outlivesRun) {
            // with the clients chosen for the target: where only older ones reach it, current ones would time out
            deleteLeftoversOfKilledRuns(ledger, clients, running, redactor, progress);
        }
        AutoCloseable cleanupOnExit = () -> {
            names.close();
            clients.interrupt();
            cleanUp(clients, running, names, watch);
            clients.close();
        };
        ExitCleanup.register(cleanupOnExit);
        // On Ctrl-C or SIGTERM nothing new is named (a check still running creates nothing the cleanup would miss),
        // and a JVM of older clients is told; the checks themselves are stopped by the runner.
        AutoCloseable onSignal = RunInterruption.onInterrupt(name -> {
            names.close();
            clients.interrupt();
        });
        CheckRunner.Ran ran;
        try {
            progress.accept("running " + selected.size() + " checks, resources under " + names.prefix());
            ran = clients.run(target, selected, options, listener, redactor, watch);
            ran.stoppage().ifPresent(stoppage -> progress.accept(redactor.apply(stoppage.describe(spec.name()))));
        } finally {
            closeQuietly(onSignal);
            watch.close();
            ExitCleanup.unregister(cleanupOnExit);
            names.close();
            RunCleanup.Report cleaned = cleanUp(clients, running, names, watch);
            progress.accept(redactor.apply(cleaned.describe(names.prefix())));
            if (outlivesRun && cleaned.problem().isEmpty()) {
                ledger.end(names.prefix());
            }
            clients.close();
        }
        List<CheckResult> all = withUnselected(ran.results());
        Map<String, String> advertisedApis = apiVersions(facts);
        Verdict verdict = Certification.evaluate(all, Kconform.BASELINE,
                new Advertisement(advertisedApis, facts.finalizedFeatures()), clients.assessedWith());
        TargetReport report = new TargetReport(spec.name(), spec.kind(), running.description(), facts.fingerprint(),
                facts.clusterId(), facts.nodes(), advertisedApis, facts.finalizedFeatures(), names.prefix(),
                Optional.empty(), verdict, all, elapsed(start), clients.assessedWith());
        if (spec instanceof EmbeddedTargetSpec embedded) {
            // The protocol carries no broker software name; an embedded target's is the release kconform launched.
            report = report.withSoftware(new Software("Apache Kafka", embedded.version(), "launched by kconform"));
        }
        return new SessionResult(report, ran.stoppage().isPresent() ? Availability.STOPPED_ANSWERING
                : Availability.AVAILABLE, ran.stoppage());
    }

    /**
     * Deletes what earlier runs against this target left because they were killed before their own cleanup (their
     * process is gone): each under its own prefix, said in one line each; an entry whose cleanup fails is kept for
     * the next run.
     */
    private static void deleteLeftoversOfKilledRuns(RunLedger ledger, JavaClientsInUse clients, RunningTarget running,
                                                    Redactor redactor, Consumer<String> progress) {
        for (RunLedger.Entry orphan : ledger.orphansOf(running.bootstrapServers())) {
            if (!orphan.prefix().startsWith(ResourceNames.ROOT + "-")) {
                continue; // never a name outside kconform's own
            }
            ResourceNames theirs;
            try {
                theirs = ResourceNames.withPrefix(orphan.prefix());
            } catch (IllegalArgumentException e) {
                continue;
            }
            RunCleanup.Report report = clients.cleanUpLeftovers(running.bootstrapServers(),
                    running.clientProperties(), theirs, LEFTOVER_BOUND);
            progress.accept(redactor.apply("an earlier run against this target was killed (process " + orphan.pid()
                    + " is gone): " + report.describe(orphan.prefix())));
            if (report.problem().isEmpty()) {
                ledger.end(orphan.prefix());
            }
        }
    }

    /**
     * Deletes what the run created, with the clients that reach the target: in one short try when the target
     * stopped answering.
     */
    private static RunCleanup.Report cleanUp(JavaClientsInUse clients, RunningTarget running, ResourceNames names,
                                             LivenessWatch watch) {
        return clients.cleanUp(running.bootstrapServers(), running.clientProperties(), names, watch.dead().isPresent());
    }

    private List<CheckResult> withUnselected(List<CheckResult> results) {
        Set<String> ran = new HashSet<>();
        results.forEach(r -> ran.add(r.id()));
        Map<String, CheckResult> byId = results.stream().collect(Collectors.toMap(CheckResult::id, r -> r));
        List<CheckResult> all = new ArrayList<>();
        for (CheckDescriptor check : catalog.checks()) {
            all.add(ran.contains(check.id()) ? byId.get(check.id()) : CheckResult.notSelected(check));
        }
        return all;
    }

    /** A target the run's interruption kept from starting: its selected checks not run. */
    private SessionResult notStarted(TargetSpec spec, List<CheckDescriptor> selected, String signal, long start) {
        String reason = "not started: the run was interrupted (" + signal + ") before this target was ready";
        Set<String> chosen = new HashSet<>();
        selected.forEach(c -> chosen.add(c.id()));
        List<CheckResult> checks = catalog.checks().stream().map(c -> chosen.contains(c.id())
                ? CheckResult.notRun(c, "not run: the run was interrupted (" + signal + ") before this target was ready")
                : CheckResult.notSelected(c)).toList();
        TargetReport report = new TargetReport(spec.name(), spec.kind(), reason, "", "", List.of(), Map.of(),
                Map.of(), "", Optional.empty(), Certification.evaluate(checks, Kconform.BASELINE,
                        new Advertisement(Map.of(), Map.of())), checks, elapsed(start));
        return new SessionResult(report, Availability.AVAILABLE);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // an unregistration cannot fail in a way that matters
        }
    }

    private SessionResult unavailable(TargetSpec spec, String description, String reason, long start) {
        // No check ran, and none is listed as if the run had chosen to leave it out: the error says why.
        TargetReport report = new TargetReport(spec.name(), spec.kind(), description, "", "", List.of(), Map.of(),
                Map.of(), "", Optional.of(reason), Certification.unavailable(reason, Kconform.BASELINE), List.of(),
                elapsed(start));
        return new SessionResult(report, Availability.UNAVAILABLE);
    }

    /** Every selected check not run, for the one reason the target gave: it does not speak Kafka. */
    private SessionResult notKafka(TargetSpec spec, String description, List<CheckDescriptor> selected, String reason,
                                   long start) {
        Set<String> chosen = selected.stream().map(CheckDescriptor::id).collect(Collectors.toSet());
        List<CheckResult> none = catalog.checks().stream().map(check -> chosen.contains(check.id())
                ? CheckResult.notRun(check, reason) : CheckResult.notSelected(check)).toList();
        TargetReport report = new TargetReport(spec.name(), spec.kind(), description, "", "", List.of(), Map.of(),
                Map.of(), "", Optional.of(reason), Certification.unavailable(reason, Kconform.BASELINE), none,
                elapsed(start));
        return new SessionResult(report, Availability.NOT_KAFKA);
    }

    private static Map<String, String> apiVersions(TargetFacts facts) {
        Map<String, String> byName = new java.util.LinkedHashMap<>();
        facts.apiVersionsByName().forEach((name, range) -> byName.put(name, range.toString()));
        return byName;
    }

    private static String describeFeatures(TargetFacts facts) {
        if (facts.finalizedFeatures().isEmpty()) {
            return "no finalized features";
        }
        return facts.finalizedFeatures().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
