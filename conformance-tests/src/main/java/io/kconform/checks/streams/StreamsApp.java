package io.kconform.checks.streams;

import io.kconform.api.Outcome;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import io.kconform.api.outcome.OutcomeClassifier;
import io.kconform.checks.Closing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A real Kafka Streams application running against the target, in the harness's JVM.
 *
 * <p>Configured as a careful user would for exactly-once: {@code exactly_once_v2}, the target's client
 * properties (which may hold SASL or TLS settings), the application id from the check's context (so
 * every internal topic and the group are under the run's prefix), state in the check's temporary
 * directory, the broker's default replication factor ({@code -1}) so that it runs on any cluster (an
 * explicit one where the target's CreateTopics cannot ask for the default), a
 * short commit interval and no record cache, so that every update reaches the output and the whole
 * sequence can be compared with the reference.
 *
 * <p>When a stream thread dies, the thread's exception is kept and the client shut down; every wait
 * then ends at once with a {@link StreamsAppFailure} carrying that exception, instead of running into
 * its time bound. Once it is RUNNING, the check has marked the target as having accepted Kafka Streams
 * ({@link CheckContext#accepted}): a refusal that kills it later is the target's FAIL, not UNSUPPORTED. The
 * application is closed with the check's context, leaving the group so that a restarted instance does not
 * wait for the old member's session to expire.
 */
final class StreamsApp implements AutoCloseable {

    /** How long closing may take before the check moves on. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private final CheckContext ctx;
    private final String applicationId;
    private final Path stateDir;
    private final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Throwable> replacedThreads = new CopyOnWriteArrayList<>();
    private final Map<String, String> restores = new ConcurrentHashMap<>();
    private final AtomicLong restoredRecords = new AtomicLong();
    private volatile boolean closed;

    private StreamsApp(Settings settings, Topology topology) {
        this.ctx = settings.ctx;
        this.applicationId = settings.applicationId;
        this.stateDir = settings.stateDir;
        this.streams = new KafkaStreams(topology, settings.properties());
        Predicate<Throwable> replace = settings.replaceThreadOn;
        streams.setUncaughtExceptionHandler(thrown -> {
            if (replace.test(thrown)) {
                replacedThreads.add(thrown);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            failure.compareAndSet(null, thrown);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long startOffset, long endOffset) {
                restores.put(store + "/" + partition.partition(), startOffset + ".." + endOffset);
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restoredInBatch) {
                // counted: how much a take-over restored is what tells a warm standby from a cold start
                restoredRecords.addAndGet(restoredInBatch);
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
                // the ranges are the evidence; batches add nothing a reader needs
            }
        });
    }

    /** Settings for an application of this check, with the battery's defaults. */
    static Settings settings(CheckContext ctx) {
        return new Settings(ctx);
    }

    /** The application id, which is also the group id and the prefix of every internal topic. */
    String applicationId() {
        return applicationId;
    }

    /**
     * The changelog partitions this instance restored, each with the offset range Kafka Streams set out
     * to replay ({@code start..end}); empty when nothing needed restoring.
     */
    Map<String, String> restores() {
        return new TreeMap<>(restores);
    }

    /** How many changelog records this instance has restored into its stores so far (active tasks only). */
    long restoredRecords() {
        return restoredRecords.get();
    }

    /** The ids ({@code subtopology_partition}) of the active tasks of this instance's stream threads, sorted. */
    Set<String> activeTasks() {
        return tasks(ThreadMetadata::activeTasks);
    }

    /** The ids of the standby tasks of this instance's stream threads, sorted. */
    Set<String> standbyTasks() {
        return tasks(ThreadMetadata::standbyTasks);
    }

    private Set<String> tasks(Function<ThreadMetadata, Set<TaskMetadata>> which) {
        Set<String> ids = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            which.apply(thread).forEach(task -> ids.add(task.taskId().toString()));
        }
        return ids;
    }

    /**
     * How far each standby partition of this instance's store is behind the end of its changelog, in offsets
     * ({@code p<partition>=lag}), as Kafka Streams computes it (KIP-535).
     */
    Map<String, Long> standbyLags(String store) {
        Map<String, Long> lags = new TreeMap<>();
        Set<String> standby = standbyTasks();
        streams.allLocalStorePartitionLags().getOrDefault(store, Map.of()).forEach((partition, lag) -> {
            if (standby.stream().anyMatch(task -> task.endsWith("_" + partition))) {
                lags.put("p" + partition, lag.offsetLag());
            }
        });
        return lags;
    }

    /**
     * Where this instance's metadata (the assignment's host map, KIP-67) says the store's key lives: the
     * {@code application.server} of its active host, or {@code null} while the metadata is not available or names
     * no host for the key's partition (under the Streams rebalance protocol the hosts of other members' partitions
     * reach a member in a later heartbeat than its own assignment).
     */
    String hostOf(String store, String key) {
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
                || metadata.activeHost().equals(HostInfo.unavailable())) {
            return null;
        }
        return metadata.activeHost().host() + ":" + metadata.activeHost().port();
    }

    /** The {@code application.server} of every instance this one knows from its assignment (KIP-67). */
    Set<String> knownInstances() {
        Set<String> hosts = new TreeSet<>();
        for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
            hosts.add(metadata.host() + ":" + metadata.port());
        }
        return hosts;
    }

    /**
     * The value of {@code key} in this instance's local key-value store of totals, active partitions only;
     * {@code null} when this instance's store does not hold it.
     *
     * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the store is not queryable
     */
    Long localTotal(String store, String key) {
        ReadOnlyKeyValueStore<String, Long> local = streams.store(StoreQueryParameters
                .fromNameAndType(store, QueryableStoreTypes.<String, Long>keyValueStore()));
        return local.get(key);
    }

    /** The exceptions for which a stream thread was replaced (only those the settings allowed). */
    List<Throwable> replacedThreads() {
        return List.copyOf(replacedThreads);
    }

    /**
     * Waits until the application is RUNNING: it joined its group, the internal topics exist and
     * every store is restored.
     *
     * @throws StreamsAppFailure when the application stopped on its way, with the stream thread's exception
     * @throws TimeoutException  when it did not get there within {@code wait} (the check FAILs: the target hung)
     */
    void awaitRunning(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            KafkaStreams.State state = ensureAlive();
            if (state == KafkaStreams.State.RUNNING) {
                // The target has served the group, the internal topics and the transactional producers: a clean
                // refusal from here on goes back on what it accepted, and the check FAILS instead of UNSUPPORTED.
                ctx.accepted("Kafka Streams (the application " + applicationId + " reached RUNNING)");
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Kafka Streams did not reach RUNNING within " + wait.toSeconds()
                        + " s (still " + state
                        + "): it did not complete its rebalance, create its internal topics or restore its state");
            }
            TargetContext.sleep(Duration.ofMillis(50));
        }
    }

    /**
     * Throws when the application stopped; otherwise returns its state. Called by every wait, so that
     * a dead application ends the wait at once with its cause.
     */
    KafkaStreams.State ensureAlive() {
        Throwable thrown = failure.get();
        KafkaStreams.State state = streams.state();
        if (thrown != null) {
            throwFailure("Kafka Streams stopped (" + state + ") after a stream thread failed", thrown);
        }
        if (!closed && (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                || state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_SHUTDOWN)) {
            throwFailure("Kafka Streams stopped on its own (" + state + ")", null);
        }
        return state;
    }

    /**
     * What a check throws when the application died of {@code thrown}. The outcome classifier reads the
     * cause chain: a clean refusal by the target there (policy violation, unsupported version) makes the
     * check UNSUPPORTED, one of the target's errors or timeouts makes it FAIL, the harness's own
     * credentials being refused makes it ERROR. What remains is how the Kafka clients report a target's
     * answer they did not expect ({@code KafkaException: Unexpected error in InitProducerIdResponse; ...}):
     * the same application runs on the reference, so its death here is the target's doing, a FAIL.
     */
    static void throwFailure(String message, Throwable thrown) {
        StreamsAppFailure failure = new StreamsAppFailure(message, thrown);
        Outcome outcome = OutcomeClassifier.classify(failure).outcome();
        if (outcome == Outcome.ERROR && !blamesHarness(thrown)) {
            throw new AssertionError(failure.getMessage(), thrown);
        }
        throw failure;
    }

    /** Whether the harness's own set-up (or the injected crash) killed the application, not the target. */
    private static boolean blamesHarness(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HarnessException || t instanceof AuthenticationException
                    || t instanceof AuthorizationException || t instanceof CrashOnce.InjectedCrash) {
                return true;
            }
        }
        return false;
    }

    /** Closes the application and leaves its group where its release can ({@link Closing#streams}); idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Closing.streams(streams, CLOSE_WAIT);
        }
    }

    /**
     * Closes the application, which must leave its group for another instance to take over promptly
     * ({@link Closing#streamsLeavingGroup}); idempotent. Returns whether it closed in time.
     */
    synchronized boolean closeInTime() {
        if (closed) {
            return true;
        }
        closed = true;
        return Closing.streamsLeavingGroup(streams, CLOSE_WAIT);
    }

    /**
     * Closes the application and deletes its local state, as when an instance is moved to a machine
     * with an empty disk: everything it knew must then come back from the changelog topics.
     *
     * @return the entries of the application's state directory before the wipe, for the evidence
     */
    synchronized List<String> closeAndWipeState() {
        if (!closeInTime()) {
            throw new TimeoutException("the Kafka Streams application " + applicationId + " did not close within "
                    + CLOSE_WAIT.toSeconds() + " s");
        }
        Path appDir = stateDir.resolve(applicationId);
        List<String> before = list(appDir);
        streams.cleanUp();
        List<String> after = list(appDir).stream().filter(name -> name.matches("\\d+_\\d+")).toList();
        if (!after.isEmpty()) {
            throw new HarnessException("KafkaStreams.cleanUp() left task directories " + after + " in " + appDir);
        }
        return before;
    }

    private static List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new HarnessException("could not list " + dir, e);
        }
    }

    /** How to configure and start an application; defaults are the battery's. */
    static final class Settings {
        private final CheckContext ctx;
        private String applicationId;
        private Path stateDir;
        private final Map<String, Object> overrides = new HashMap<>();
        private Predicate<Throwable> replaceThreadOn = thrown -> false;

        private Settings(CheckContext ctx) {
            this.ctx = ctx;
            this.applicationId = ctx.name("app");
        }

        /** The application id; by default {@code ctx.name("app")}. */
        Settings applicationId(String id) {
            this.applicationId = id;
            return this;
        }

        /** The state directory; by default a new temporary directory of the check. */
        Settings stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        /** A Streams (or prefixed client) property over the battery's defaults. */
        Settings override(String key, Object value) {
            overrides.put(key, value);
            return this;
        }

        /** Exceptions for which the dead stream thread is replaced instead of shutting the client down. */
        Settings replaceThreadOn(Predicate<Throwable> which) {
            this.replaceThreadOn = which;
            return this;
        }

        /** The state directory in use, choosing the default on first call. */
        Path stateDir() {
            if (stateDir == null) {
                stateDir = ctx.tempDir();
            }
            return stateDir;
        }

        Properties properties() {
            Map<String, Object> config = new HashMap<>(ctx.clientConfig(Map.of()));
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
            config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
            // -1, the target's default, where CreateTopics can ask for it (v4 on); an explicit factor before
            config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG,
                    ctx.explicitReplicationFactor().map(Short::intValue).orElse(-1));
            config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
            config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
            config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
            config.putAll(overrides);
            Properties properties = new Properties();
            properties.putAll(config);
            return properties;
        }

        /** Starts the application; it is closed with the check's context. */
        StreamsApp start(Topology topology) {
            stateDir();
            StreamsApp app = new StreamsApp(this, topology);
            ctx.closeLater(app);
            app.streams.start();
            return app;
        }
    }
}
