package io.kconform.harness.kroxylicious;

import io.kconform.api.wire.WireClient;
import io.kconform.api.wire.WireException;
import io.kconform.harness.launch.ExitCleanup;
import io.kconform.harness.launch.FreePorts;
import io.kconform.harness.launch.ParentWatchdog;
import io.kconform.harness.maven.ArtifactResolver;
import io.kroxylicious.proxy.KafkaProxy;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;

/**
 * A running Kroxylicious proxy in front of a Kafka cluster, in a JVM of its own whose class path is
 * the Kroxylicious release's, as Maven resolves {@code io.kroxylicious:kroxylicious-runtime} (with the
 * kafka-clients version that release was built with, not the harness's). It binds 127.0.0.1 only,
 * is ready once it answers ApiVersions, logs into {@link #logFile()}, and stops on {@link #close()}
 * or when the JVM that started it ends.
 */
public final class KroxyliciousProxy implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final String bootstrap;
    private final Path log;
    private final String version;
    private final String kafkaClients;

    private KroxyliciousProxy(Process process, String bootstrap, Path log, String version, String kafkaClients) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.log = log;
        this.version = version;
        this.kafkaClients = kafkaClients;
    }

    /**
     * Starts a proxy in front of a one-node cluster whose node id is {@code nodeId}.
     *
     * @param target   the cluster's bootstrap servers
     * @param workDir  where kroxylicious.log goes
     * @param progress told what is happening
     * @throws IllegalStateException with the end of the proxy's log when it does not become ready
     */
    public static KroxyliciousProxy start(String target, int nodeId, Path workDir, Consumer<String> progress) {
        String version = releaseOnClassPath();
        List<Path> classPath = new ArrayList<>(new ArtifactResolver().resolve(List.of(
                "io.kroxylicious:kroxylicious-runtime:" + version,
                // Kroxylicious logs through SLF4J and ships no backend in its runtime module.
                "org.slf4j:slf4j-simple:2.0.17"), jar -> progress.accept("downloading " + jar)));
        classPath.add(codeSourceOf(KroxyliciousMain.class)); // its main and the loopback address plugin
        classPath.add(codeSourceOf(ParentWatchdog.class)); // stops it when this JVM goes away
        int bootstrapPort = FreePorts.onLoopback();
        int nodePort = FreePorts.onLoopback();
        Path log = workDir.resolve("kroxylicious.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
                "-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                ParentWatchdog.class.getName(), KroxyliciousMain.class.getName(), target,
                Integer.toString(bootstrapPort), Integer.toString(nodePort), Integer.toString(nodeId), "1"));
        Process process;
        try {
            Files.createDirectories(workDir);
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kroxylicious", e);
        }
        KroxyliciousProxy proxy = new KroxyliciousProxy(process, LoopbackPortPerNode.LOOPBACK + ":" + bootstrapPort, log,
                version, kafkaClientsOf(classPath));
        ExitCleanup.register(proxy);
        progress.accept("starting " + proxy.description() + " on " + proxy.bootstrap + " in front of " + target);
        try {
            proxy.awaitReady(bootstrapPort);
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    /** The Kroxylicious release the project's build depends on, read from the jar on the class path. */
    static String releaseOnClassPath() {
        String jar = codeSourceOf(KafkaProxy.class).getFileName().toString();
        Matcher m = Pattern.compile("kroxylicious-runtime-(.+)\\.jar").matcher(jar);
        if (!m.matches()) {
            throw new IllegalStateException("cannot tell the Kroxylicious release from " + jar);
        }
        return m.group(1);
    }

    private void awaitReady(int port) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String problem = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kroxylicious exited with code " + process.exitValue()
                        + " before answering ApiVersions; last lines of its log:\n" + String.join("\n", tail()));
            }
            if (!listening(port)) {
                pause();
                continue;
            }
            try (WireClient wire = WireClient.connect(LoopbackPortPerNode.LOOPBACK, port, Map.of(), Duration.ofSeconds(2))) {
                wire.send(new ApiVersionsRequest.Builder(), ApiKeys.API_VERSIONS.latestVersion());
                return;
            } catch (WireException e) {
                problem = e.getMessage();
            }
            pause();
        }
        throw new IllegalStateException("Kroxylicious did not answer ApiVersions within " + READY_TIMEOUT.toSeconds()
                + " s (" + problem + "); last lines of its log:\n" + String.join("\n", tail()));
    }

    /** Whether the port accepts connections yet; quieter than a Kafka client's attempt. */
    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LoopbackPortPerNode.LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kroxylicious", e);
        }
    }

    /** The proxy's bootstrap address, {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** What runs, e.g. "Kroxylicious 0.12.0 (kafka-clients 4.0.0)". */
    public String description() {
        return "Kroxylicious " + version + " (kafka-clients " + kafkaClients + ")";
    }

    /** Which kafka-clients the release brings: its own API version ranges are that library's. */
    private static String kafkaClientsOf(List<Path> classPath) {
        Pattern jar = Pattern.compile("kafka-clients-(.+)\\.jar");
        return classPath.stream().map(p -> jar.matcher(p.getFileName().toString())).filter(Matcher::matches)
                .map(m -> m.group(1)).findFirst().orElse("none");
    }

    /** The proxy's own process, to see what it listens on. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Where the proxy logs. */
    public Path logFile() {
        return log;
    }

    private List<String> tail() {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            return all.subList(Math.max(0, all.size() - 30), all.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    private static Path codeSourceOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
        }
    }

    @Override
    public synchronized void close() {
        ExitCleanup.unregister(this);
        if (!process.isAlive()) {
            return;
        }
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
    }
}
