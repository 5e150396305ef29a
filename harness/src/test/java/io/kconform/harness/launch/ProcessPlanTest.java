package io.kconform.harness.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.config.ProcessTargetSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** Placeholders of process targets, replaced with ports and directories the harness chose. */
class ProcessPlanTest {

    private static final Path RUN_DIR = Path.of("/reports/r1/targets/vendor");
    private static final Path DATA_DIR = Path.of("/tmp/kconform-process-1");

    /** Ports 40001, 40002, ... in the order asked. */
    private static IntSupplier ports() {
        AtomicInteger next = new AtomicInteger(40001);
        return next::getAndIncrement;
    }

    private static ProcessTargetSpec spec(List<String> command, Map<String, String> env, Optional<String> workDir,
                                          String bootstrap) {
        return new ProcessTargetSpec("vendor", command, env, workDir, bootstrap, Map.of(), Duration.ofSeconds(30),
                Set.of("s3cr3t-value"));
    }

    @Test
    void portIsOneFreePortWhereverItAppears() {
        ProcessPlan plan = ProcessPlan.of(spec(List.of("./server", "--listen", "127.0.0.1:${port}", "--data", "${dataDir}"),
                Map.of("ADVERTISED", "PLAINTEXT://127.0.0.1:${port}"), Optional.empty(), "127.0.0.1:${port}"),
                RUN_DIR, DATA_DIR, ports());
        assertThat(plan.command()).containsExactly(Path.of("server").toAbsolutePath().toString(), "--listen",
                "127.0.0.1:40001", "--data", DATA_DIR.toString());
        assertThat(plan.env()).containsEntry("ADVERTISED", "PLAINTEXT://127.0.0.1:40001");
        assertThat(plan.bootstrap()).isEqualTo("127.0.0.1:40001");
        assertThat(plan.ports()).containsExactly(Map.entry("port", 40001));
    }

    @Test
    void namedPortsAreDistinctFromEachOtherAndFromPort() {
        IntSupplier repeating = new IntSupplier() {
            private final int[] answers = {40001, 40001, 40002, 40002, 40001, 40003};
            private int i;

            @Override
            public int getAsInt() {
                return answers[i++];
            }
        };
        ProcessPlan plan = ProcessPlan.of(spec(List.of("server", "${port}", "${port:controller}", "${port:admin}",
                "${port:controller}"), Map.of(), Optional.empty(), "127.0.0.1:${port}"), RUN_DIR, DATA_DIR, repeating);
        assertThat(plan.command()).containsExactly("server", "40001", "40002", "40003", "40002");
        assertThat(plan.ports()).containsOnly(Map.entry("port", 40001), Map.entry("port:controller", 40002),
                Map.entry("port:admin", 40003));
    }

    @Test
    void workDirIsTheRunFolderUnlessTheTargetNamesOne() {
        ProcessPlan inRunDir = ProcessPlan.of(spec(List.of("server", "--home", "${workDir}"), Map.of(), Optional.empty(),
                "h:1"), RUN_DIR, DATA_DIR, ports());
        assertThat(inRunDir.workingDir()).isEqualTo(RUN_DIR);
        assertThat(inRunDir.command()).containsExactly("server", "--home", RUN_DIR.toString());
        ProcessPlan named = ProcessPlan.of(spec(List.of("server", "${workDir}"), Map.of(), Optional.of("/opt/vendor"),
                "h:1"), RUN_DIR, DATA_DIR, ports());
        assertThat(named.workingDir()).isEqualTo(Path.of("/opt/vendor"));
        assertThat(named.command()).containsExactly("server", "/opt/vendor");
    }

    @Test
    void aProgramByRelativePathIsFoundFromTheCurrentDirectoryNotTheWorkingDirectory() {
        ProcessPlan plan = ProcessPlan.of(spec(List.of("vendor/bin/server", "./config.yaml"), Map.of(),
                Optional.of("/opt/vendor"), "h:1"), RUN_DIR, DATA_DIR, ports());
        assertThat(plan.command()).containsExactly(Path.of("vendor/bin/server").toAbsolutePath().toString(),
                "./config.yaml");
        assertThat(ProcessPlan.of(spec(List.of("java", "-version"), Map.of(), Optional.empty(), "h:1"), RUN_DIR,
                DATA_DIR, ports()).command()).containsExactly("java", "-version");
    }

    @Test
    void otherDollarBracesAreLeftForTheShellAndTakeNoPort() {
        ProcessPlan plan = ProcessPlan.of(spec(List.of("sh", "-c", "exec server --home ${HOME} ${portable} ${port:}"),
                Map.of(), Optional.empty(), "broker:9092"), RUN_DIR, DATA_DIR, ports());
        assertThat(plan.command()).containsExactly("sh", "-c", "exec server --home ${HOME} ${portable} ${port:}");
        assertThat(plan.ports()).isEmpty();
        assertThat(plan.bootstrap()).isEqualTo("broker:9092");
    }

    @Test
    void theEnvironmentNeverAppearsInText() {
        ProcessPlan plan = ProcessPlan.of(spec(List.of("server", "--name", "it's here"), Map.of("TOKEN", "s3cr3t-value"),
                Optional.empty(), "h:1"), RUN_DIR, DATA_DIR, ports());
        assertThat(plan.commandLine()).isEqualTo("server --name 'it'\\''s here'");
        assertThat(plan.toString()).contains("TOKEN").doesNotContain("s3cr3t-value");
    }
}
