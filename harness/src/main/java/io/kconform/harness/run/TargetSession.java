package io.kconform.harness.run;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.target.KafkaTarget;
import io.kconform.api.target.NotKafkaException;
import io.kconform.api.target.ResourceNames;
import io.kconform.api.target.TargetFacts;
import io.kconform.api.target.TargetProbe;
import io.kconform.api.target.UnreachableTargetException;
import io.kconform.harness.Kconform;
import io.kconform.harness.config.TargetSpec;
import io.kconform.harness.launch.ExitCleanup;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.launch.TargetLauncher;
import io.kconform.harness.launch.TargetStartException;
import io.kconform.harness.clients.ClientReleases;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.maven.ResolutionException;
import io.kconform.report.model.Advertisement;
import io.kconform.report.model.Certification;
import io.kconform.report.model.CheckResult;
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
 * was started is stopped — also on Ctrl-C, through {@link ExitCleanup}. While the checks run, a
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
        RunningTarget running;
        try {
            running = launcher.start(spec, workDir, progress);
        } catch (TargetStartException e) {
            String tail = e.logTail().isEmpty() ? "" : "\n  last lines of its log:\n    "
                    + String.join("\n    ", e.logTail());
            progress.accept(e.getMessage() + tail);
            return unavailable(spec, spec.kind(), e.getMessage(), start);
        } catch (ResolutionException e) {
            progress.accept("target " + spec.name() + " did not start: " + e.getMessage());
            return unavailable(spec, spec.kind(), "target " + spec.name() + " did not start: " + e.getMessage(), start);
        }
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
        AutoCloseable cleanupOnExit = () -> {
            names.close();
            clients.interrupt();
            cleanUp(clients, running, names, watch);
            clients.close();
        };
        ExitCleanup.register(cleanupOnExit);
        CheckRunner.Ran ran;
        try {
            progress.accept("running " + selected.size() + " checks, resources under " + names.prefix());
            ran = clients.run(target, selected, options, listener, redactor, watch);
            ran.stoppage().ifPresent(stoppage -> progress.accept(redactor.apply(stoppage.describe(spec.name()))));
        } finally {
            watch.close();
            ExitCleanup.unregister(cleanupOnExit);
            names.close();
            progress.accept(redactor.apply(cleanUp(clients, running, names, watch).describe(names.prefix())));
            clients.close();
        }
        List<CheckResult> all = withUnselected(ran.results());
        Map<String, String> advertisedApis = apiVersions(facts);
        Verdict verdict = Certification.evaluate(all, Kconform.BASELINE,
                new Advertisement(advertisedApis, facts.finalizedFeatures()), clients.assessedWith());
        TargetReport report = new TargetReport(spec.name(), spec.kind(), running.description(), facts.fingerprint(),
                facts.clusterId(), facts.nodes(), advertisedApis, facts.finalizedFeatures(), names.prefix(),
                Optional.empty(), verdict, all, elapsed(start), clients.assessedWith());
        return new SessionResult(report, ran.stoppage().isPresent() ? Availability.STOPPED_ANSWERING
                : Availability.AVAILABLE, ran.stoppage());
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

    private SessionResult unavailable(TargetSpec spec, String description, String reason, long start) {
        List<CheckResult> none = catalog.checks().stream().map(CheckResult::notSelected).toList();
        TargetReport report = new TargetReport(spec.name(), spec.kind(), description, "", "", List.of(), Map.of(),
                Map.of(), "", Optional.of(reason), Certification.unavailable(reason, Kconform.BASELINE), none,
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
