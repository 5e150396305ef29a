package io.kconform.harness.launch;

import io.kconform.api.wire.WireClient;
import io.kconform.api.wire.WireException;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;

/**
 * Launches an Apache Kafka broker in KRaft mode, one node acting as broker and controller, in a
 * JVM of its own with the release's artifacts from Maven repositories. It binds 127.0.0.1 only,
 * keeps its data in a temporary directory deleted on close, and writes its configuration and log
 * into the run's output folder.
 *
 * <p>Because the broker is ours, some timers are shortened so that checks of compaction,
 * transactions and groups finish quickly; every such default is listed in {@link #DEFAULTS} and a
 * target's {@code brokerProperties} override them.
 *
 * <p>Any release from 3.3 to 4.x can run; what differs between them is {@link KafkaRelease}'s to know.
 * Each release gets a class path of its own, resolved once per launcher and reused by every target
 * of that release; two releases in one run are two JVMs with two class paths.
 */
public final class EmbeddedKafka {

    /** Broker settings the harness applies before a target's own. */
    public static final Map<String, String> DEFAULTS = defaults();

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 3;

    private final ArtifactResolver resolver;
    private final Map<String, List<Path>> classPaths = new ConcurrentHashMap<>();

    public EmbeddedKafka(ArtifactResolver resolver) {
        this.resolver = resolver;
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
     * Resolves, formats and starts the broker and waits until it answers ApiVersions.
     *
     * @param spec     which release, with which broker properties
     * @param workDir  where server.properties and broker.log go
     * @param progress told what is happening, for the console
     * @throws TargetStartException with the cause and the last lines of the broker's log
     */
    public RunningTarget start(EmbeddedTargetSpec spec, Path workDir, Consumer<String> progress) {
        if (spec.nodes() != 1 || spec.security().isPresent()) {
            throw new TargetStartException(spec.name(), "several nodes and secured listeners are not supported by"
                    + " this build of kconform yet", List.of());
        }
        KafkaRelease release = KafkaRelease.of(spec.name(), spec.version());
        List<Path> classPath = classPath(release, progress);
        if (release.isNewerThanKnown()) {
            throw new TargetStartException(spec.name(), release + " is newer than the releases kconform knows how to"
                    + " launch (" + KafkaRelease.OLDEST + " to 4.x)", List.of());
        }
        TargetStartException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(spec, release, workDir, classPath, progress);
            } catch (PortTakenException e) {
                // another process took a port between choosing and binding it; choose again
                last = e;
            }
        }
        throw last;
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
        int brokerPort = FreePorts.onLoopback();
        int controllerPort = FreePorts.onLoopback();
        Path dataDir;
        try {
            Files.createDirectories(workDir);
            dataDir = Files.createTempDirectory("kconform-kafka-data-");
        } catch (IOException e) {
            throw new TargetStartException(spec.name(), "cannot create its directories: " + e.getMessage(), List.of());
        }
        Path config = workDir.resolve("server.properties");
        Path log = workDir.resolve("broker.log");
        writeConfig(config, serverProperties(spec, release, brokerPort, controllerPort, dataDir));

        progress.accept("formatting KRaft storage");
        format(spec, release, classPath, config, log, dataDir);

        progress.accept("starting Apache Kafka " + spec.version() + " on 127.0.0.1:" + brokerPort);
        Process process = launch(classPath, List.of("kafka.Kafka", config.toString()), log, true);
        long launched = System.nanoTime();
        Broker broker = new Broker(spec, "127.0.0.1:" + brokerPort, process, log, dataDir);
        ExitCleanup.register(broker);
        try {
            awaitReady(spec, process, brokerPort, log);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        progress.accept(String.format(java.util.Locale.ROOT, "broker ready: answered ApiVersions %.1f s after launch",
                (System.nanoTime() - launched) / 1e9));
        return broker;
    }

    private static Map<String, String> serverProperties(EmbeddedTargetSpec spec, KafkaRelease release, int brokerPort,
                                                        int controllerPort, Path dataDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        // only the defaults the release knows; a target's own settings are passed as written
        p.putAll(release.known(DEFAULTS));
        p.putAll(spec.brokerProperties());
        return p;
    }

    private static void writeConfig(Path file, Map<String, String> properties) {
        StringBuilder text = new StringBuilder("# written by kconform for this run\n");
        properties.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void format(EmbeddedTargetSpec spec, KafkaRelease release, List<Path> classPath, Path config, Path log,
                        Path dataDir) {
        String clusterId;
        do {
            clusterId = Uuid.randomUuid().toString();
        } while (clusterId.startsWith("-")); // the storage tool would read it as an option
        Process format = launch(classPath, List.of(release.storageTool(), "format", "-t", clusterId,
                "-c", config.toString()), log, false);
        try {
            if (!format.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new TargetStartException(spec.name(), "formatting storage did not finish within "
                        + FORMAT_TIMEOUT.toSeconds() + " s", tail(log));
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TargetStartException(spec.name(), "interrupted while formatting storage", List.of());
        }
        if (format.exitValue() != 0) {
            deleteRecursively(dataDir);
            throw new TargetStartException(spec.name(), "formatting storage failed (exit " + format.exitValue() + ")",
                    tail(log));
        }
    }

    private static Process launch(List<Path> classPath, List<String> mainAndArgs, Path log, boolean append) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
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

    private static void awaitReady(EmbeddedTargetSpec spec, Process process, int port, Path log) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String lastProblem = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                List<String> tail = tail(log);
                if (tail.stream().anyMatch(line -> line.contains("Address already in use"))) {
                    throw new PortTakenException(spec.name(), tail);
                }
                throw new TargetStartException(spec.name(), "the broker exited with code " + process.exitValue()
                        + " before answering ApiVersions", tail);
            }
            if (!listening(port)) {
                sleep(200);
                continue;
            }
            try (WireClient wire = WireClient.connect("127.0.0.1", port, Map.of(), Duration.ofSeconds(2))) {
                wire.send(new ApiVersionsRequest.Builder(), ApiKeys.API_VERSIONS.latestVersion());
                return;
            } catch (WireException e) {
                lastProblem = e.getMessage();
            }
            sleep(200);
        }
        throw new TargetStartException(spec.name(), "no ApiVersions answer within " + READY_TIMEOUT.toSeconds()
                + " s (" + lastProblem + ")", tail(log));
    }

    /** Whether the port accepts connections yet; cheaper and quieter than a Kafka client's attempt. */
    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetStartException("embedded", "interrupted while waiting for the broker", List.of());
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // the broker may still be writing while it dies; what is left is in the temp directory
        }
    }

    /** A started broker; closing it stops the JVM and deletes its data. */
    private static final class Broker implements RunningTarget {
        private final EmbeddedTargetSpec spec;
        private final String bootstrap;
        private final Process process;
        private final Path log;
        private final Path dataDir;
        private boolean closed;

        Broker(EmbeddedTargetSpec spec, String bootstrap, Process process, Path log, Path dataDir) {
            this.spec = spec;
            this.bootstrap = bootstrap;
            this.process = process;
            this.log = log;
            this.dataDir = dataDir;
        }

        @Override
        public String name() {
            return spec.name();
        }

        @Override
        public String kind() {
            return spec.kind();
        }

        @Override
        public String description() {
            return "Apache Kafka " + spec.version() + ", embedded, KRaft, 1 node"
                    + (spec.brokerProperties().isEmpty() ? "" : ", with " + spec.brokerProperties());
        }

        @Override
        public String bootstrapServers() {
            return bootstrap;
        }

        @Override
        public Map<String, Object> clientProperties() {
            return Map.of();
        }

        @Override
        public Set<String> secretValues() {
            return Set.of();
        }

        @Override
        public Optional<Path> logFile() {
            return Optional.of(log);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            ExitCleanup.unregister(this);
            process.destroy();
            try {
                if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            deleteRecursively(dataDir);
        }

        @Override
        public String toString() {
            return description() + " at " + bootstrap;
        }
    }
}
