package io.kconform.checks.connect;

import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.UnsupportedFeatureException;
import io.kconform.api.target.TargetFacts;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.isolation.LoaderSwap;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.ConnectRestServer;
import org.apache.kafka.connect.runtime.rest.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Connect 4.4.0 worker in distributed mode, running in the harness JVM against the
 * target, with its REST listener on an ephemeral loopback port. It is started the way
 * {@code connect-distributed.sh} starts one (plugins, config, REST server, herder), except that a
 * failure to start becomes an exception with its cause instead of the end of the JVM.
 *
 * <p>{@link #start} returns once the worker is ready ({@code GET /health} answers 200: it created
 * or found its internal topics, read them to the end and joined its group). {@link #close} stops the
 * worker and everything it started (connectors, tasks, their clients, the REST server), bounded in
 * time: a worker that does not stop is abandoned on a daemon thread rather than hanging the run.
 */
final class ConnectWorker implements AutoCloseable {

    /** How long a worker may take to become ready: REST server, internal topics, group join. */
    static final Duration START_WAIT = Duration.ofSeconds(60);

    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    /** How long the worker's threads may take to end after its stop returned. */
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);
    private static final long REST_REQUEST_TIMEOUT_MS = 25_000;
    private static final Logger LOG = LoggerFactory.getLogger(ConnectWorker.class);
    // Without CreateTopics Connect falls back to topics auto-created with the target's default policy
    // and then refuses them for not being compacted; that is the target not offering the feature.
    private static final List<ApiKeys> REQUIRED_APIS = List.of(ApiKeys.METADATA, ApiKeys.PRODUCE, ApiKeys.FETCH,
            ApiKeys.LIST_OFFSETS, ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP,
            ApiKeys.HEARTBEAT, ApiKeys.CREATE_TOPICS);
    private static final List<ApiKeys> EXACTLY_ONCE_APIS = List.of(ApiKeys.INIT_PRODUCER_ID,
            ApiKeys.ADD_PARTITIONS_TO_TXN, ApiKeys.END_TXN);

    private final WorkerNames names;
    private final Connect<DistributedHerder> connect;
    private final ObservedHerder herder;
    private final URI url;
    private ConnectRest rest;
    private Duration startTime = Duration.ZERO;
    private boolean stopped;

    /**
     * Every thread the worker makes, and the threads those make, belong to this group: Java gives a
     * new thread the group of the thread that creates it.
     */
    private ThreadGroup threads;

    private ConnectWorker(WorkerNames names, Connect<DistributedHerder> connect, ObservedHerder herder, URI url) {
        this.names = names;
        this.connect = connect;
        this.herder = herder;
        this.url = url;
    }

    /**
     * Starts a worker of the Connect cluster {@code names} against the context's target and waits
     * until it is ready.
     *
     * @param exactlyOnce whether the worker offers exactly-once source support (KIP-618)
     * @throws UnsupportedFeatureException when the target does not advertise an API the worker needs
     * @throws ConnectWorkerException with the worker's own error as the cause when it cannot start
     */
    static ConnectWorker start(TargetContext ctx, WorkerNames names, boolean exactlyOnce) {
        return start(ctx, names, exactlyOnce, Map.of());
    }

    /**
     * As {@link #start(TargetContext, WorkerNames, boolean)}, with worker properties over the battery's
     * (for example {@code offset.storage.segment.ms}, a topic config of an internal topic, KIP-605).
     */
    static ConnectWorker start(TargetContext ctx, WorkerNames names, boolean exactlyOnce, Map<String, String> overrides) {
        List<String> missing = missingApis(ctx.target().facts(), exactlyOnce);
        if (!missing.isEmpty()) {
            throw new UnsupportedFeatureException("a distributed Connect worker needs " + String.join(", ", missing)
                    + ", which the target does not advertise in ApiVersions");
        }
        ExitGuard.install();
        Map<String, String> props = new LinkedHashMap<>(WorkerProperties.build(ctx.clientConfig(Map.of()), names,
                exactlyOnce, ctx.explicitReplicationFactor()));
        props.putAll(overrides);
        long started = System.nanoTime();
        ThreadGroup group = new ThreadGroup("kconform-connect-" + names.groupId());
        ConnectWorker worker = inGroup(group, () -> launch(names, props), launched -> {
            launched.threads = group;
            launched.close();
        });
        worker.threads = group;
        try {
            worker.awaitReady(started);
        } catch (RuntimeException | Error e) {
            worker.close();
            throw e;
        }
        worker.startTime = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("Connect worker of group {} at {} ready in {} ms", names.groupId(), worker.rest().base(),
                worker.startTime.toMillis());
        return worker;
    }

    /**
     * The APIs a distributed worker cannot do without that the target does not advertise: the
     * group protocol its workers share, the creation of its internal topics, and for exactly-once
     * the transactional producer.
     */
    static List<String> missingApis(TargetFacts facts, boolean exactlyOnce) {
        List<ApiKeys> needed = new ArrayList<>(REQUIRED_APIS);
        if (exactlyOnce) {
            needed.addAll(EXACTLY_ONCE_APIS);
        }
        return needed.stream().filter(api -> !facts.advertises(api)).map(api -> api.name).toList();
    }

    /** Runs {@code action} on a thread of {@code group}, so that the threads it makes belong there too. */
    private static <T> T inGroup(ThreadGroup group, java.util.function.Supplier<T> action,
                                 java.util.function.Consumer<T> discard) {
        java.util.concurrent.atomic.AtomicReference<T> result = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread launcher = new Thread(group, () -> {
            try {
                result.set(action.get());
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        }, group.getName() + "-launcher");
        launcher.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        launcher.start();
        try {
            launcher.join();
        } catch (InterruptedException e) {
            // The launch goes on on its own thread: wait for it and stop what it started, or a worker nobody stops
            // would go on writing its internal topics after the run's cleanup (the run was interrupted).
            joinUninterruptibly(launcher, START_WAIT);
            if (result.get() != null) {
                discard.accept(result.get());
            }
            Thread.currentThread().interrupt();
            throw new ConnectWorkerException("interrupted while setting up a Connect worker", e);
        }
        if (failure.get() instanceof RuntimeException e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
        return result.get();
    }

    private static void joinUninterruptibly(Thread thread, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        boolean interrupted = false;
        while (thread.isAlive() && System.nanoTime() < deadline) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static ConnectWorker launch(WorkerNames names, Map<String, String> props) {
        Plugins plugins = new Plugins(props);
        ConnectRestServer restServer = null;
        Connect<DistributedHerder> connect = null;
        // The worker's threads are made while the plugins' loader is the context class loader, as
        // in connect-distributed.sh; the caller's thread gets its own loader back afterwards.
        try (LoaderSwap swap = plugins.withClassLoader(plugins.delegatingLoader())) {
            DistributedConfig config = new DistributedConfig(props);
            RestClient restClient = new RestClient(config);
            restServer = new ConnectRestServer(config.rebalanceTimeout(), restClient, config.originals());
            restServer.initializeServer();
            restServer.requestTimeout(REST_REQUEST_TIMEOUT_MS);
            URI url = restServer.advertisedUrl();
            // newPlugins rather than newPlugin: the latter's overloads name a Maven class that is
            // only on the run-time class path.
            ConnectorClientConfigOverridePolicy policy = plugins.newPlugins(
                    List.of(config.getString(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG)), config,
                    ConnectorClientConfigOverridePolicy.class).get(0);
            ObservedHerder herder = ObservedHerder.create(config, url.getHost() + ":" + url.getPort(), plugins,
                    policy, restServer, restClient);
            connect = new Connect<>(herder, restServer);
            connect.start();
            return new ConnectWorker(names, connect, herder, url);
        } catch (RuntimeException e) {
            if (connect != null) {
                connect.stop();
            } else if (restServer != null) {
                restServer.stop();
            }
            throw new ConnectWorkerException("the Connect worker of group " + names.groupId() + " could not be set up: "
                    + e.getMessage(), e);
        }
    }

    private void awaitReady(long startedNanos) {
        long deadline = startedNanos + START_WAIT.toNanos();
        String health = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ConnectWorkerException("interrupted while the Connect worker of group " + names.groupId()
                        + " started", new InterruptedException());
            }
            Throwable failure = herder.failure();
            if (failure != null) {
                throw startFailure(names.groupId(), failure);
            }
            if (herder.ended()) {
                throw new ConnectWorkerException("the Connect worker of group " + names.groupId()
                        + " stopped while starting without an error of its own; see kconform.log");
            }
            ConnectRest.Answer answer = rest().get("/health");
            if (answer.status() == 200) {
                return;
            }
            // Connect before 3.9 has no /health (KIP-1017), which answers 200 once the herder has started its
            // stores: there the herder says so itself (the checks run with such a release where current clients
            // cannot connect to a target).
            if (answer.status() == 404 && herder.servicesStarted() && rest().get("/").status() == 200) {
                return;
            }
            health = "HTTP " + answer.status() + " " + answer.text();
            TargetContext.sleep(Duration.ofMillis(200));
        }
        TimeoutException timeout = new TimeoutException("the Connect worker of group " + names.groupId()
                + " was not ready within " + START_WAIT.toSeconds() + " s; last GET /health: " + health);
        throw new ConnectWorkerException(timeout.getMessage(), timeout);
    }

    /**
     * What a worker whose herder stopped while starting throws: its own error as the
     * cause, so that the outcome follows from it (a clean refusal of the internal topics is
     * UNSUPPORTED). One case is the target's fault outright and FAILs: a worker that finds its internal
     * topics already there (the second worker of a cluster) verifies with DescribeConfigs that they are
     * compacted, and refuses to start when the target reports another {@code cleanup.policy} for topics
     * the first worker created with {@code cleanup.policy=compact} (the run's topics are new, so no one
     * else made them). Topics it has just created itself it does not verify.
     */
    static ConnectWorkerException startFailure(String groupId, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigException && String.valueOf(t.getMessage()).contains("cleanup.policy")) {
                AssertionError wrong = new AssertionError("the target accepted the worker's internal topics with"
                        + " cleanup.policy=compact and then reported another policy for them: " + t.getMessage());
                wrong.initCause(failure);
                return new ConnectWorkerException("the Connect worker of group " + groupId
                        + " refused its internal topics: " + wrong.getMessage(), wrong);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return new ConnectWorkerException("the Connect worker of group " + groupId
                + " could not start: " + failure.getMessage(), failure);
    }

    /** The worker's REST API. */
    synchronized ConnectRest rest() {
        // Made on first use by a caller's thread, outside the worker's thread group, whose leftover
        // threads are stopped when the worker closes.
        if (rest == null) {
            rest = new ConnectRest(url);
        }
        return rest;
    }

    /** The worker's id in its group's statuses: the host and port of its REST listener. */
    String workerId() {
        return url.getHost() + ":" + url.getPort();
    }

    /** The worker group and internal topics. */
    WorkerNames names() {
        return names;
    }

    /** How long the worker took from launch to ready. */
    Duration startTime() {
        return startTime;
    }

    /**
     * Stops the worker, its connectors and tasks and the REST server, waiting at most 30 s.
     * Never throws: stopping must not hide a check's outcome.
     */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        long begin = System.nanoTime();
        Thread stopper = new Thread(() -> {
            try {
                connect.stop();
            } catch (RuntimeException e) {
                LOG.warn("Connect worker of group {} did not stop cleanly", names.groupId(), e);
            }
        }, "kconform-connect-stop-" + names.groupId());
        stopper.setDaemon(true);
        stopper.start();
        long deadline = begin + STOP_WAIT.toNanos();
        boolean interrupted = false;
        // Waited for also when interrupted (the run is ending): the run's cleanup must come after the worker stopped,
        // or the worker would re-create what the cleanup deletes.
        while (stopper.isAlive() && System.nanoTime() < deadline) {
            stopSpinningLogReaders();
            try {
                stopper.join(100);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            LOG.warn("Connect worker of group {} did not stop within {} s", names.groupId(), STOP_WAIT.toSeconds());
        } else {
            LOG.info("Connect worker of group {} stopped in {} ms", names.groupId(),
                    Duration.ofNanos(System.nanoTime() - begin).toMillis());
        }
        stopLeftoverThreads();
    }

    /**
     * Ends the threads a worker left running after its stop. Against a target that broke the worker
     * (one that forgets delivered records, so that reading an internal topic to its end never ends),
     * Connect's stop interrupts a KafkaBasedLog thread that then catches its own InterruptException in
     * a loop that logs and polls again, for ever: gigabytes of log and a core of CPU for the rest of
     * the run. Such threads are of no further use to anyone, and a run must not pay for them.
     */
    @SuppressWarnings("removal")
    private void stopLeftoverThreads() {
        if (threads == null) {
            return;
        }
        long deadline = System.nanoTime() + LEFTOVER_GRACE.toNanos();
        List<Thread> alive = aliveThreads();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofMillis(100));
            alive = aliveThreads();
        }
        for (Thread thread : alive) {
            LOG.warn("Connect worker of group {} left thread {} running after its stop; stopping it", names.groupId(),
                    thread.getName());
            try {
                thread.stop();
            } catch (UnsupportedOperationException e) {
                // Java 20 and later no longer stop threads; the run then carries the thread to its end.
                LOG.warn("cannot stop thread {} on this Java runtime", thread.getName());
            }
        }
    }

    /**
     * A KafkaBasedLog thread that Connect interrupted while it read an internal topic that never
     * reaches its end catches its own InterruptException and polls again, with the interrupt still
     * set, in a tight loop that logs on every turn: it is stopped at once rather than at the end.
     */
    @SuppressWarnings("removal")
    private void stopSpinningLogReaders() {
        if (threads == null) {
            return;
        }
        for (Thread thread : aliveThreads()) {
            if (thread.isInterrupted() && Arrays.stream(thread.getStackTrace())
                    .anyMatch(f -> f.getClassName().equals("org.apache.kafka.connect.util.KafkaBasedLog"))) {
                LOG.warn("Connect worker of group {}: thread {} spins on an interrupted read of an internal topic;"
                        + " stopping it", names.groupId(), thread.getName());
                try {
                    thread.stop();
                } catch (UnsupportedOperationException e) {
                    return;
                }
            }
        }
    }

    private List<Thread> aliveThreads() {
        Thread[] found = new Thread[threads.activeCount() * 2 + 16];
        int count = threads.enumerate(found, true);
        List<Thread> alive = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (found[i].isAlive()) {
                alive.add(found[i]);
            }
        }
        return alive;
    }
}
