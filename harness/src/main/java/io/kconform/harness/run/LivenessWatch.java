package io.kconform.harness.run;

import io.kconform.api.target.TargetProbe;
import io.kconform.harness.run.LivenessJudge.Attempt;
import io.kconform.harness.run.LivenessJudge.Dead;
import io.kconform.harness.run.LivenessJudge.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one target while its checks run: every {@link #PERIOD} it asks the target a cheap question
 * (an ApiVersions round trip, {@link LivenessProbe}) and tells {@link #onDead listeners}, once, when
 * {@link LivenessJudge} finds the target dead, so that the session ends within seconds instead of
 * every remaining check waiting out its own bound against a dead process. One watch per target
 * session, with its own thread, connection and state: sessions of several targets running side by side
 * share nothing. Thread-safe.
 */
final class LivenessWatch implements DeathWatch, AutoCloseable {

    /** Between the end of one attempt and the start of the next. */
    static final Duration PERIOD = Duration.ofSeconds(1);
    /**
     * The bound of each connection (TLS and SASL included) and of each round trip. Apache Kafka answers
     * ApiVersions in milliseconds; five seconds leave room for a loaded machine, and an attempt this slow
     * that is answered in the end still counts as an answer.
     */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(LivenessWatch.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(1);

    private final String target;
    private final LivenessProbe probe;
    private final LivenessJudge judge;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final List<Consumer<Dead>> listeners = new ArrayList<>();
    private final Thread thread;
    private final Set<Integer> brokersDown = new HashSet<>();
    private Dead dead;
    private int attempts;
    private int answered;
    private Duration slowest = Duration.ZERO;

    private LivenessWatch(String target, LivenessProbe probe, long startNanos) {
        this.target = target;
        this.probe = probe;
        this.judge = new LivenessJudge(startNanos);
        this.thread = new Thread(this::watch, "kconform-liveness-" + target);
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching a target that has just answered its probe.
     *
     * @param target             the target's name, for logs and thread names
     * @param bootstrapServers   {@code host:port[,...]}: the target is alive while any of them answers
     * @param clientProperties   the target's client properties (security settings)
     * @param apiVersionsVersion the ApiVersions version the target answered when probed
     * @param clientId           the client id of the watch's requests
     */
    static LivenessWatch start(String target, String bootstrapServers, Map<String, Object> clientProperties,
                                      short apiVersionsVersion, String clientId) {
        LivenessProbe probe = new LivenessProbe(TargetProbe.parseBootstrap(bootstrapServers), clientProperties,
                apiVersionsVersion, ATTEMPT_TIMEOUT, clientId);
        LivenessWatch watch = new LivenessWatch(target, probe, System.nanoTime());
        watch.thread.start();
        return watch;
    }

    /**
     * Calls {@code action} once, on the watch's thread, when the target is found dead; at once, on the
     * caller's thread, when it already was.
     */
    @Override
    public void onDead(Consumer<Dead> action) {
        Dead already;
        synchronized (this) {
            already = dead;
            if (already == null) {
                listeners.add(action);
            }
        }
        if (already != null) {
            action.accept(already);
        }
    }

    /** The verdict, when the target was found dead. */
    synchronized Optional<Dead> dead() {
        return Optional.ofNullable(dead);
    }

    /**
     * A check took broker {@code brokerId} down on purpose (through broker control): nothing counts
     * against the target until every broker taken down is back ({@link #brokerBack}).
     */
    synchronized void brokerDownOnPurpose(int brokerId) {
        brokersDown.add(brokerId);
        judge.hold(true, System.nanoTime());
    }

    /** A broker taken down on purpose runs again (or its check gave up on it). */
    synchronized void brokerBack(int brokerId) {
        brokersDown.remove(brokerId);
        if (brokersDown.isEmpty()) {
            judge.hold(false, System.nanoTime());
        }
    }

    /** One line for the log: how many attempts, how many answered, the slowest answer. */
    synchronized String summary() {
        return String.format(Locale.ROOT, "liveness watch of %s: %d attempts, %d answered, slowest answer %d ms%s",
                target, attempts, answered, slowest.toMillis(), dead == null ? "" : "; dead: " + dead.evidence());
    }

    private void watch() {
        try {
            while (stopped.getCount() > 0) {
                Attempt attempt = probe.attempt();
                Optional<Dead> verdict = recorded(attempt);
                if (verdict.isPresent()) {
                    LOG.warn("target {} stopped answering: {}", target, verdict.get().evidence());
                    announce(verdict.get());
                    return;
                }
                if (stopped.await(PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The watch is a safety net: if it fails, the checks keep their own bounds.
            LOG.warn("liveness watch of {} failed; the checks keep their own time bounds", target, e);
        } finally {
            probe.close();
        }
    }

    private synchronized Optional<Dead> recorded(Attempt attempt) {
        attempts++;
        if (attempt.kind() == Kind.ANSWERED) {
            answered++;
            if (attempt.took().compareTo(slowest) > 0) {
                slowest = attempt.took();
            }
        } else {
            LOG.info("target {}: attempt {} {} after {} ms: {}", target, attempts, attempt.kind(),
                    attempt.took().toMillis(), attempt.detail());
        }
        Optional<Dead> verdict = judge.record(attempt);
        verdict.ifPresent(v -> dead = v);
        return verdict;
    }

    private void announce(Dead verdict) {
        List<Consumer<Dead>> toTell;
        synchronized (this) {
            toTell = List.copyOf(listeners);
            listeners.clear();
        }
        for (Consumer<Dead> listener : toTell) {
            try {
                listener.accept(verdict);
            } catch (RuntimeException e) {
                LOG.warn("a listener of {}'s liveness watch failed", target, e);
            }
        }
    }

    /** Stops watching; waits briefly for an attempt under way, which ends by its own bound anyway. */
    @Override
    public void close() {
        stopped.countDown();
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info(summary());
    }
}
