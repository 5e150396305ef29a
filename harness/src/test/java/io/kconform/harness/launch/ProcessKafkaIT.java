package io.kconform.harness.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.harness.config.ProcessTargetSpec;
import io.kconform.harness.config.TargetSpec;
import io.kconform.harness.config.TargetsFile;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.proof.GoldenOutcomes;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.CheckListener;
import io.kconform.harness.run.CheckSelection;
import io.kconform.harness.run.RunOptions;
import io.kconform.harness.run.TargetSession;
import io.kconform.report.model.CheckResult;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * A {@code process} target as a vendor would declare it, proven with a real server: Apache Kafka
 * 4.4.0 started by a start script through its own command line, in targets.yaml. The protocol
 * battery runs through the normal session with the reference's outcomes; the server listens on 127.0.0.1 only, on the
 * ports the harness chose; and stopping the target stops the whole process tree (watchdog, shell,
 * broker JVM).
 */
class ProcessKafkaIT {

    private static final Path OUT = Path.of("target", "process-kafka-it");
    private static final Pattern PORTS = Pattern.compile("ports \\{port=(\\d+), port:controller=(\\d+)}");

    @Test
    void aKafkaBrokerStartedByItsOwnCommandLineMatchesTheReferenceOnTheProtocolBattery() throws Exception {
        Files.createDirectories(OUT);
        TargetSpec spec = TargetsFile.load(targetsFile()).resolve("kafka-by-script");
        assertThat(spec).isInstanceOf(ProcessTargetSpec.class);

        CheckCatalog catalog = CheckCatalog.discover();
        List<CheckDescriptor> protocol = new CheckSelection(Set.of(Battery.PROTOCOL), List.of(), Optional.empty())
                .apply(catalog);
        List<String> progress = new CopyOnWriteArrayList<>();
        AtomicReference<List<ProcessHandle>> treeWhileRunning = new AtomicReference<>();
        AtomicReference<List<String>> listeningWhileRunning = new AtomicReference<>();
        CheckListener snapshot = new CheckListener() {
            @Override
            public void started(CheckDescriptor check) {
                if (treeWhileRunning.get() == null) {
                    treeWhileRunning.compareAndSet(null, ProcessHandle.current().descendants()
                            .filter(ProcessTrees::running).toList());
                    listeningWhileRunning.compareAndSet(null, listeningAddresses(ports(progress)));
                }
            }

            @Override
            public void finished(CheckResult result) {
            }
        };
        TargetSession.SessionResult result = new TargetSession(new TargetLauncher(new ArtifactResolver()), catalog,
                RunOptions.DEFAULTS).run(spec, protocol, OUT.resolve("targets").resolve(spec.name()),
                line -> {
                    progress.add(line);
                    System.out.println("[kafka-by-script] " + line);
                }, snapshot);

        assertThat(result.report().error()).as("the target could not be started or reached").isEmpty();
        // The same release as the reference, started by a script instead: the same outcomes (golden kafka-4.4).
        Map<String, Outcome> reference = GoldenOutcomes.reference();
        List<String> unlikeReference = result.report().checks().stream().filter(CheckResult::selected)
                .filter(c -> c.outcome() != reference.get(c.id()))
                .map(c -> c.id() + " " + c.outcome() + " (reference: " + reference.get(c.id()) + "): " + c.message())
                .toList();
        assertThat(unlikeReference).as("protocol checks whose outcome on Apache Kafka started as a process differs"
                + " from the reference's").isEmpty();
        assertThat(result.report().checks().stream().filter(CheckResult::selected).count()).isEqualTo(protocol.size());
        assertThat(result.report().description()).startsWith("process: sh ").contains("kafka-node.sh");

        List<Integer> ports = ports(progress);
        assertThat(result.report().nodes()).containsExactly("1@127.0.0.1:" + ports.get(0));
        assertThat(listeningWhileRunning.get()).as("addresses the server listened on")
                .containsExactlyInAnyOrder("127.0.0.1:" + ports.get(0), "127.0.0.1:" + ports.get(1));

        List<ProcessHandle> tree = treeWhileRunning.get();
        assertThat(tree).as("the watchdog, the start script and the broker JVM while checks ran").hasSizeGreaterThanOrEqualTo(3);
        assertThat(tree).as("processes of the target left running after the session").noneMatch(ProcessTrees::running);
        assertThat(ProcessHandle.current().descendants().filter(ProcessTrees::running).toList()).isEmpty();
        String log = Files.readString(OUT.resolve("targets/kafka-by-script/process.log"), StandardCharsets.ISO_8859_1);
        assertThat(log).contains("kafka-node.sh: starting Apache Kafka on 127.0.0.1:" + ports.get(0))
                .contains("kconform-watchdog: standard input closed");
        // stopped gracefully by SIGTERM, its last words in the log, not killed after the grace period
        assertThat(log).contains("[BrokerServer id=1] Transition from SHUTTING_DOWN to SHUTDOWN")
                .contains("kconform-watchdog: stopped").doesNotContain("kconform-watchdog: killed");
        assertThat(OUT.resolve("targets/kafka-by-script/server.properties")).exists();
    }

    /** targets.yaml with the process target, its class path resolved as the embedded launcher does. */
    private static Path targetsFile() throws IOException {
        List<Path> classPath = new ArtifactResolver().resolve(List.of(
                "org.apache.kafka:kafka_2.13:" + io.kconform.harness.config.EmbeddedTargetSpec.DEFAULT_VERSION,
                "org.slf4j:slf4j-api:2.0.17", "org.slf4j:slf4j-simple:2.0.17"), jar -> { });
        Path script = Path.of("target", "test-classes", "process", "kafka-node.sh").toAbsolutePath();
        Path file = OUT.resolve("targets.yaml");
        Files.writeString(file, """
                targets:
                  - name: kafka-by-script
                    kind: process
                    command: [sh, "%s", "${port}", "${port:controller}", "${workDir}", "${dataDir}"]
                    env:
                      JAVA: "%s"
                      CLASSPATH: "%s"
                      CLUSTER_ID: "%s"
                    bootstrap: 127.0.0.1:${port}
                    startTimeout: 120
                """.formatted(script, Path.of(System.getProperty("java.home"), "bin", "java"),
                classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                Uuid.randomUuid().toString().replace('-', '_')));
        return file;
    }

    private static List<Integer> ports(List<String> progress) {
        for (String line : progress) {
            Matcher m = PORTS.matcher(line);
            if (m.find()) {
                return List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
        }
        throw new AssertionError("no line names the ports chosen: " + progress);
    }

    /** The local addresses listening on {@code ports}, from the kernel's table of TCP sockets. */
    private static List<String> listeningAddresses(List<Integer> ports) {
        List<String> found = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.strip().split("\\s+");
                String[] local = fields[1].split(":");
                int port = Integer.parseInt(local[1], 16);
                if (fields[3].equals("0A") && ports.contains(port)) { // 0A: LISTEN
                    found.add(address(local[0]) + ":" + port);
                }
            }
        }
        return found;
    }

    /**
     * A /proc/net/tcp address: IPv4 as 8 hex digits in host (little-endian) order. An IPv4-mapped IPv6
     * address, as a JVM's dual-stack socket bound to 127.0.0.1 shows, is read as its IPv4 address;
     * any other IPv6 address is shown raw.
     */
    private static String address(String hex) {
        if (hex.length() == 32 && hex.startsWith("0000000000000000FFFF0000")) {
            return address(hex.substring(24));
        }
        if (hex.length() != 8) {
            return hex;
        }
        long a = Long.parseLong(hex, 16);
        return (a & 0xff) + "." + ((a >> 8) & 0xff) + "." + ((a >> 16) & 0xff) + "." + ((a >> 24) & 0xff);
    }
}
