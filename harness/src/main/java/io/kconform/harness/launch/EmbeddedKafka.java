package io.kconform.harness.launch;

import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.maven.ArtifactResolver;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * Launches Apache Kafka in KRaft mode from the release's artifacts in Maven repositories, every node
 * in a JVM of its own: one node acting as broker and controller, or several brokers beside a quorum
 * of three controllers ({@link ClusterLayout}). Every node binds 127.0.0.1 only, on ports chosen
 * free at start (chosen again when another process takes one first), keeps its data in a folder
 * {@code kafka-data-*} of its work directory (under the run's output folder), deleted on close, and writes its
 * configuration and log into the run's output folder. A secured target ({@link ListenerSecurity}) gets
 * credentials and certificates made for the run.
 *
 * <p>Because the cluster is ours, some timers are shortened so that checks of compaction,
 * transactions and groups finish quickly; every such default is listed in {@link #DEFAULTS}, a
 * cluster of several brokers adds {@linkplain NodeConfig#replicationDefaults replication defaults},
 * and a target's {@code brokerProperties} override them all.
 *
 * <p>Any release from 3.3 to 4.x can run; what differs between them is {@link KafkaRelease}'s to know.
 * Each release gets a class path of its own, resolved once per launcher and reused by every target
 * of that release; two releases in one run are two sets of JVMs with two class paths.
 */
public final class EmbeddedKafka {

    /** Broker settings the harness applies before a target's own. */
    public static final Map<String, String> DEFAULTS = defaults();

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    /** Several JVMs start at once on as few as two cores. */
    private static final Duration CLUSTER_READY_TIMEOUT = Duration.ofSeconds(150);

    private final ArtifactResolver resolver;
    private final Map<String, List<Path>> classPaths = new ConcurrentHashMap<>();
    /**
     * Starting a broker is the CPU-hungry part of a target's life (JVM start, class loading, JIT): several
     * targets launched at once on two cores would each take minutes and could miss their readiness bound.
     * So brokers start a few at a time (half the processors, at least one), while the targets already
     * started run their checks, which mostly wait on the brokers' timers.
     */
    private final Semaphore starting;
    private final int startingAtOnce;

    public EmbeddedKafka(ArtifactResolver resolver) {
        this(resolver, Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    }

    /** With at most {@code startingAtOnce} targets formatting and starting their nodes at a time. */
    EmbeddedKafka(ArtifactResolver resolver, int startingAtOnce) {
        this.resolver = resolver;
        this.startingAtOnce = startingAtOnce;
        this.starting = new Semaphore(startingAtOnce, true);
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("num.partitions", "1");
        d.put("offsets.topic.replication.factor", "1");
        d.put("offsets.topic.num.partitions", "5");
        d.put("transaction.state.log.replication.factor", "1");
        d.put("transaction.state.log.min.isr", "1");
        d.put("transaction.state.log.num.partitions", "5");
        d.put("share.coordinator.state.topic.replication.factor", "1");
        d.put("share.coordinator.state.topic.min.isr", "1");
        // A group's first rebalance waits 3 s by default for more members; checks start them together.
        d.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner looks for dirty logs every 15 s by default; compaction checks would wait that long.
        d.put("log.cleaner.backoff.ms", "500");
        d.put("log.retention.check.interval.ms", "5000");
        d.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "5000");
        return Map.copyOf(d);
    }

    /**
     * Resolves, formats and starts every node and waits until every broker answers ApiVersions and
     * the cluster's metadata lists them all.
     *
     * @param spec     which release, how many brokers, which security, with which broker properties
     * @param workDir  where each node's configuration and log go (server.properties and broker.log
     *                 for a single node; broker-1.properties, broker-1.log, controller-101.log, ...)
     * @param progress told what is happening, for the console
     * @throws TargetStartException with the cause and the last lines of the log of the node at fault
     */
    public RunningTarget start(EmbeddedTargetSpec spec, Path workDir, Consumer<String> progress) {
        KafkaRelease release = KafkaRelease.of(spec.name(), spec.version());
        spec.security().flatMap(s -> ListenerSecurity.unsupported(s, spec.version())).ifPresent(reason -> {
            throw new TargetStartException(spec.name(), reason, List.of());
        });
        if (!spec.features().isEmpty() && !release.formatsFeatureLevels()) {
            throw new TargetStartException(spec.name(), "features: " + release + " cannot be formatted with chosen"
                    + " feature levels; its storage tool takes --feature from Apache Kafka 3.9 on", List.of());
        }
        List<Path> classPath = classPath(release, progress);
        if (release.isNewerThanKnown()) {
            throw new TargetStartException(spec.name(), release + " is newer than the releases kconform knows how to"
                    + " launch (" + KafkaRelease.OLDEST + " to 4.x)", List.of());
        }
        awaitTurnToStart(spec, progress);
        try {
            return PortTakenException.retrying(attempt -> startOnce(spec, release, workDir, classPath, progress),
                    progress);
        } finally {
            starting.release();
        }
    }

    private void awaitTurnToStart(EmbeddedTargetSpec spec, Consumer<String> progress) {
        if (starting.tryAcquire()) {
            return;
        }
        progress.accept("waiting while other targets start (" + startingAtOnce + " at a time)");
        try {
            starting.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetStartException(spec.name(), "interrupted while waiting to start", List.of());
        }
    }

    private List<Path> classPath(KafkaRelease release, Consumer<String> progress) {
        return classPaths.computeIfAbsent(release.version(), v -> {
            progress.accept("resolving " + release);
            List<Path> jars = new ArrayList<>(resolver.resolve(List.of(
                    release.brokerArtifact(),
                    // Kafka logs through SLF4J; this binding writes its log to our broker.log. Listed here,
                    // it wins over the slf4j-api 1.7 that 3.x releases declare, and serves them as well.
                    "org.slf4j:slf4j-api:2.0.17",
                    "org.slf4j:slf4j-simple:2.0.17"), jar -> progress.accept("downloading " + jar)));
            jars.add(codeSourceOf(ParentWatchdog.class));
            return List.copyOf(jars);
        });
    }

    private RunningTarget startOnce(EmbeddedTargetSpec spec, KafkaRelease release, Path workDir, List<Path> classPath,
                                    Consumer<String> progress) {
        ClusterLayout layout = ClusterLayout.of(spec.nodes(), FreePorts::onLoopback);
        Path dataDir;
        try {
            Files.createDirectories(workDir);
            // Under the run's output folder, not the system's temporary one: a harness killed outright (SIGKILL)
            // leaves the broker's data where its reports are, not somewhere nobody looks.
            dataDir = Files.createTempDirectory(workDir.toAbsolutePath(), "kafka-data-");
        } catch (IOException e) {
            throw new TargetStartException(spec.name(), "cannot create its directories: " + e.getMessage(), List.of());
        }
        ListenerSecurity security = spec.security()
                .map(s -> ListenerSecurity.generate(s, workDir.resolve("security")))
                .orElseGet(ListenerSecurity::plaintext);
        List<NodeProcess> processes = new ArrayList<>();
        try {
            for (ClusterLayout.Node node : layout.nodes()) {
                Path nodeData = layout.combined() ? dataDir : dataDir.resolve(node.role());
                Map<String, String> properties = serverProperties(spec, release,
                        NodeConfig.of(layout, node, nodeData, security));
                String file = layout.combined() ? "server.properties" : node.role() + ".properties";
                // A configuration holding secrets is read from the secrets folder; people get a redacted copy.
                Path config = security.secretsDir().map(d -> d.resolve(file)).orElse(workDir.resolve(file));
                NodeConfig.write(config, properties, Set.of());
                if (security.hasSecrets()) {
                    NodeConfig.write(workDir.resolve(file), properties, security.secretValues());
                }
                processes.add(new NodeProcess(node, config, workDir.resolve(node.role() + ".log"),
                        p -> launch(classPath, List.of("kafka.Kafka", p.config().toString()), p.log(), true)));
            }
            List<String> formatArguments = new ArrayList<>(security.formatArguments());
            spec.features().forEach((feature, level) -> formatArguments.addAll(List.of("--feature", feature + "=" + level)));
            progress.accept("formatting KRaft storage" + (processes.size() > 1 ? " of " + processes.size() + " nodes" : "")
                    + (security.formatArguments().isEmpty() ? "" : ", with SCRAM credentials")
                    + (spec.features().isEmpty() ? "" : ", with " + spec.features().entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))));
            formatAll(spec, release, classPath, processes, formatArguments);
        } catch (RuntimeException e) {
            deleteRecursively(dataDir);
            security.close();
            throw e;
        }

        progress.accept("starting Apache Kafka " + spec.version() + " on " + layout.bootstrapServers()
                + (layout.combined() ? "" : " (" + layout.brokers().size() + " brokers, controllers on "
                + layout.controllers().stream().map(n -> "127.0.0.1:" + n.controllerPort())
                        .collect(Collectors.joining(",")) + ")")
                + (security.hasSecrets() ? ", " + security.describe() : ""));
        EmbeddedCluster cluster = new EmbeddedCluster(spec, layout, processes, security, dataDir);
        ExitCleanup.register(cluster);
        long launched = System.nanoTime();
        try {
            processes.forEach(NodeProcess::start);
            cluster.awaitReady(layout.combined() ? READY_TIMEOUT : CLUSTER_READY_TIMEOUT);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        progress.accept(String.format(java.util.Locale.ROOT, "%s ready: %s ApiVersions %.1f s after launch",
                layout.combined() ? "broker" : "cluster", layout.combined() ? "answered" : "every broker answered"
                        + " and the metadata lists all " + layout.brokers().size() + ";",
                (System.nanoTime() - launched) / 1e9));
        return cluster;
    }

    /**
     * The complete configuration of one node: its place in the cluster, the harness's defaults (those
     * the release knows), the replication defaults of a cluster of several brokers, and the target's
     * own properties last, passed as written.
     */
    private static Map<String, String> serverProperties(EmbeddedTargetSpec spec, KafkaRelease release,
                                                        Map<String, String> node) {
        Map<String, String> p = new LinkedHashMap<>(node);
        p.putAll(release.known(DEFAULTS));
        p.putAll(release.known(NodeConfig.replicationDefaults(spec.nodes())));
        p.putAll(spec.brokerProperties());
        return p;
    }

    /** Formats every node's storage at once, with one cluster id; a failure names the node and shows its log. */
    private void formatAll(EmbeddedTargetSpec spec, KafkaRelease release, List<Path> classPath, List<NodeProcess> nodes,
                           List<String> extraArguments) {
        String clusterId;
        do {
            clusterId = Uuid.randomUuid().toString();
        } while (clusterId.startsWith("-")); // the storage tool would read it as an option
        List<Process> formats = new ArrayList<>();
        for (NodeProcess node : nodes) {
            List<String> command = new ArrayList<>(List.of(release.storageTool(), "format", "-t", clusterId,
                    "-c", node.config().toString()));
            command.addAll(extraArguments);
            formats.add(launch(classPath, command, node.log(), false));
        }
        for (int i = 0; i < nodes.size(); i++) {
            format(spec, nodes.get(i), formats.get(i));
        }
    }

    private void format(EmbeddedTargetSpec spec, NodeProcess node, Process format) {
        String who = spec.nodes() > 1 ? " of " + node : "";
        try {
            if (!format.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new TargetStartException(spec.name(), "formatting storage" + who + " did not finish within "
                        + FORMAT_TIMEOUT.toSeconds() + " s", tail(node.log()));
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TargetStartException(spec.name(), "interrupted while formatting storage", List.of());
        }
        if (format.exitValue() != 0) {
            throw new TargetStartException(spec.name(), "formatting storage" + who + " failed (exit "
                    + format.exitValue() + ")", tail(node.log()));
        }
    }

    private static Process launch(List<Path> classPath, List<String> mainAndArgs, Path log, boolean append) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The client compiler only (C1): the reference broker serves light test traffic for a minute or a few, where
        // the optimizing compiler's work costs more processor time than it saves; on two processors that time is
        // taken from the checks (bench/default-run.sh: 98 s of processor time for the default run, 66 s so).
        // With C1 alone the JVM reserves 48 MB for compiled code instead of 240 MB, which a long run can fill: the
        // compiler then stops ("CodeCache is full") and new hot code is interpreted. The usual size is asked back.
        command.addAll(List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=240m",
                "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                ParentWatchdog.class.getName()));
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
    }

    /** The last lines of a log, for error messages. */
    static List<String> tail(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            return all.subList(Math.max(0, all.size() - 20), all.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static Path codeSourceOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the harness's own classes", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // the broker may still be writing while it dies; what is left is in the run's output folder
        }
    }
}
