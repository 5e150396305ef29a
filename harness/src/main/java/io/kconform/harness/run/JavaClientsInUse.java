package io.kconform.harness.run;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.JavaClients;
import io.kconform.api.cleanup.RunCleanup;
import io.kconform.api.target.Handshake;
import io.kconform.api.target.KafkaTarget;
import io.kconform.api.target.ResourceNames;
import io.kconform.api.target.Target;
import io.kconform.harness.clients.ClientChoice;
import io.kconform.harness.clients.ClientRelease;
import io.kconform.harness.clients.ClientReleases;
import io.kconform.harness.maven.ResolutionException;
import io.kconform.report.model.AssessedWith;
import io.kconform.report.model.CheckResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java clients a target's checks run with: the release kconform is built against, in the harness's JVM, where
 * they connect; where they cannot get past the target's ApiVersions handshake, the newest older release whose
 * handshake the target answers ({@link ClientReleases}), in a JVM of its own ({@link ClientJvm}), for every check
 * but those that speak the protocol on connections of their own ({@link OwnConnectionChecks}), which stay here.
 * The same release deletes what the run created, since only its clients reach the target. Not thread-safe but
 * for {@link #cleanUp}, which the exit cleanup may call while the session ends.
 */
final class JavaClientsInUse implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JavaClientsInUse.class);

    private final AssessedWith assessedWith;
    private final Optional<ClientJvm> jvm;

    private JavaClientsInUse(AssessedWith assessedWith, Optional<ClientJvm> jvm) {
        this.assessedWith = assessedWith;
        this.jvm = jvm;
    }

    /**
     * The clients for a target: the current ones where they connect; otherwise an older release's, started now.
     *
     * @param target   the probed target, with the run's prefix
     * @param progress told what is chosen, resolved and started
     */
    static JavaClientsInUse forTarget(KafkaTarget target, RunOptions options, ClientReleases releases,
                                      UnaryOperator<String> redact, Consumer<String> progress) {
        Handshake handshake = target.facts().handshake();
        if (handshake.currentClientsConnect()) {
            return new JavaClientsInUse(AssessedWith.currentClients(), Optional.empty());
        }
        String current = JavaClients.builtAgainst();
        ClientChoice choice = releases.choose(handshake, progress);
        choice.unavailable().forEach(none -> progress.accept("Java clients " + none + " could not be measured"));
        if (choice.chosen().isEmpty()) {
            String why = handshake.summary() + "; no Java client release from " + ClientReleases.CANDIDATES.get(
                    ClientReleases.CANDIDATES.size() - 1) + " to " + ClientReleases.CANDIDATES.get(0)
                    + " sends ApiVersions v" + choice.limit() + " or older";
            progress.accept(why + ": the checks run with the current Java clients " + current);
            return new JavaClientsInUse(new AssessedWith(current, current, why, choice.cannotConnect(current)),
                    Optional.empty());
        }
        ClientRelease release = choice.chosen().get();
        progress.accept(String.format(Locale.ROOT, "Java clients %s send ApiVersions v%d, which the target answers"
                        + " (%s send v%d or above): the checks that use Java clients run with %s, in a JVM of its own",
                release.version(), release.apiVersionsVersion(), choice.cannotConnect(current),
                choice.refused().isEmpty() ? handshake.clientVersion()
                        : choice.refused().get(choice.refused().size() - 1).apiVersionsVersion(),
                release.version()));
        long begin = System.nanoTime();
        try {
            List<Path> classPath = releases.classPath(release, progress);
            long resolved = System.nanoTime();
            ClientJvm started = ClientJvm.start(release, classPath, new ClientJvmMessages.Setup(target.name(),
                    target.bootstrapServers(), target.clientProperties(), target.restrictedPrincipal(),
                    target.names().prefix(), target.facts(), options), redact);
            progress.accept(String.format(Locale.ROOT, "Java clients %s: class path of %d entries resolved in %.1f s,"
                            + " JVM ready %.1f s after launch", release.version(), classPath.size(),
                    (resolved - begin) / 1e9, started.startup().toMillis() / 1000.0));
            return new JavaClientsInUse(new AssessedWith(release.version(), current, handshake.summary(),
                    choice.cannotConnect(current)), Optional.of(started));
        } catch (ResolutionException | IllegalStateException e) {
            String why = handshake.summary() + "; Java clients " + release.version() + " could not be started: "
                    + e.getMessage();
            LOG.warn("{}", redact.apply(why), e);
            progress.accept(redact.apply(why) + "; the checks run with the current Java clients " + current);
            return new JavaClientsInUse(new AssessedWith(current, current, redact.apply(why),
                    choice.cannotConnect(current)), Optional.empty());
        }
    }

    /** Which Java client release assesses the target, and why. */
    AssessedWith assessedWith() {
        return assessedWith;
    }

    /**
     * Runs {@code checks}: all of them here with the current clients; or, with an older release, those on
     * connections of their own here first, then the others in its JVM. The results come in the order given. With
     * {@link RunOptions#noClusterChanges()}, those that change cluster-wide state are SKIPPED without running
     * ({@link ClusterChanges}).
     */
    CheckRunner.Ran run(Target target, List<CheckDescriptor> checks, RunOptions options, CheckListener listener,
                        UnaryOperator<String> redact, DeathWatch watch) {
        Map<String, CheckResult> withheld = ClusterChanges.withheld(checks, options);
        if (withheld.isEmpty()) {
            return runAllowed(target, checks, options, listener, redact, watch);
        }
        withheld.values().forEach(result -> {
            LOG.info("{}: {} {}", result.id(), result.outcome(), result.message());
            listener.finished(result);
        });
        CheckRunner.Ran ran = runAllowed(target, checks.stream().filter(c -> !withheld.containsKey(c.id())).toList(),
                options, listener, redact, watch);
        Map<String, CheckResult> byId = new HashMap<>(withheld);
        ran.results().forEach(r -> byId.put(r.id(), r));
        return new CheckRunner.Ran(checks.stream().map(c -> byId.get(c.id())).toList(), ran.stoppage());
    }

    /** Runs checks the options allow, as {@link #run} says. */
    private CheckRunner.Ran runAllowed(Target target, List<CheckDescriptor> checks, RunOptions options,
                                       CheckListener listener, UnaryOperator<String> redact, DeathWatch watch) {
        if (checks.isEmpty()) {
            return new CheckRunner.Ran(List.of(), Optional.empty());
        }
        if (jvm.isEmpty()) {
            return CheckRunner.run(target, checks, options, listener, redact, watch);
        }
        List<CheckDescriptor> here = checks.stream().filter(OwnConnectionChecks::includes).toList();
        List<CheckDescriptor> there = checks.stream().filter(c -> !OwnConnectionChecks.includes(c)).toList();
        long begin = System.nanoTime();
        CheckRunner.Ran ownConnections = here.isEmpty() ? new CheckRunner.Ran(List.of(), Optional.empty())
                : CheckRunner.run(target, here, options, listener, redact, watch);
        CheckRunner.Ran olderClients;
        Optional<Stoppage> stoppage;
        if (ownConnections.stoppage().isPresent()) {
            Stoppage stopped = ownConnections.stoppage().get();
            List<CheckResult> notRun = there.stream().map(c -> CheckResult.notRun(c, "not run: the target stopped"
                    + " answering " + stopped.where())).toList();
            olderClients = new CheckRunner.Ran(notRun, Optional.empty());
            stoppage = Optional.of(new Stoppage(stopped.where(), stopped.after(), stopped.notRun() + notRun.size(),
                    stopped.running(), stopped.evidence()));
        } else {
            long theirs = System.nanoTime();
            olderClients = there.isEmpty() ? new CheckRunner.Ran(List.of(), Optional.empty())
                    : jvm.get().run(there, listener, watch);
            // the older clients' JVM counts from when its checks began; the session from when the first check did
            stoppage = olderClients.stoppage().map(s -> new Stoppage(s.where(),
                    s.after().plus(Duration.ofNanos(theirs - begin)), s.notRun(), s.running(), s.evidence()));
        }
        Map<String, CheckResult> byId = new HashMap<>();
        ownConnections.results().forEach(r -> byId.put(r.id(), r));
        olderClients.results().forEach(r -> byId.put(r.id(), r));
        List<CheckResult> results = new ArrayList<>();
        checks.forEach(c -> results.add(byId.get(c.id())));
        return new CheckRunner.Ran(results, stoppage);
    }

    /**
     * Deletes what the run created, with the clients that reach the target: in one short try where it stopped
     * answering. Never throws.
     */
    RunCleanup.Report cleanUp(String bootstrapServers, Map<String, Object> clientProperties, ResourceNames names,
                              boolean deadTarget) {
        if (jvm.isPresent()) {
            return jvm.get().cleanUp(deadTarget);
        }
        return deadTarget ? RunCleanup.deleteFromDeadTarget(bootstrapServers, clientProperties, names)
                : RunCleanup.delete(bootstrapServers, clientProperties, names);
    }

    /**
     * Deletes what a killed earlier run left under {@code theirs}, with the clients that reach the target, within
     * {@code bound}. Never throws.
     */
    RunCleanup.Report cleanUpLeftovers(String bootstrapServers, Map<String, Object> clientProperties,
                                       ResourceNames theirs, Duration bound) {
        if (jvm.isPresent()) {
            return jvm.get().cleanUpLeftovers(theirs, bound);
        }
        return RunCleanup.deleteLeftovers(bootstrapServers, clientProperties, theirs, bound);
    }

    /** The harness is exiting: the checks under way in the older release's JVM end now, if one runs. */
    void interrupt() {
        jvm.ifPresent(ClientJvm::interrupt);
    }

    /** Ends the older release's JVM, if one runs. */
    @Override
    public void close() {
        jvm.ifPresent(ClientJvm::close);
    }
}
