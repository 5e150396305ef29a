package io.kconform.harness.launch;

import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.config.ExternalTargetSpec;
import io.kconform.harness.config.ProcessTargetSpec;
import io.kconform.harness.config.TargetSpec;
import io.kconform.harness.config.TestcontainersTargetSpec;
import io.kconform.harness.maven.ArtifactResolver;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Starts any kind of target. Thread-safe; resolved Kafka releases are reused across targets. */
public final class TargetLauncher {

    private final EmbeddedKafka embedded;
    private final ProcessLauncher processes = new ProcessLauncher();
    private final ContainerLauncher containers = new ContainerLauncher(DockerEngine.testcontainers());

    public TargetLauncher(ArtifactResolver resolver) {
        this.embedded = new EmbeddedKafka(resolver);
    }

    /**
     * Starts the target, or only describes it when it is external.
     *
     * @param workDir  where the target's configuration and log go
     * @param progress told what is happening
     * @throws TargetStartException when it cannot start, with the cause and the end of its log
     */
    public RunningTarget start(TargetSpec spec, Path workDir, Consumer<String> progress) {
        if (spec instanceof EmbeddedTargetSpec e) {
            return embedded.start(e, workDir, progress);
        }
        if (spec instanceof ExternalTargetSpec e) {
            return new ExternalTarget(e);
        }
        if (spec instanceof ProcessTargetSpec p) {
            return processes.start(p, workDir, progress);
        }
        if (spec instanceof TestcontainersTargetSpec t) {
            return containers.start(t, workDir, progress);
        }
        throw new TargetStartException(spec.name(), "targets of kind " + spec.kind() + " cannot be started by this"
                + " build of kconform yet", java.util.List.of());
    }
}
