package io.kconform.harness.launch;

import io.kconform.harness.config.TestcontainersTargetSpec;
import io.kconform.harness.run.Redactor;
import java.util.Optional;
import org.testcontainers.containers.GenericContainer;

/**
 * A {@code testcontainers} target that is up. Closing it stops and removes the container (Docker
 * gives it its stop grace period) and completes its log. Idempotent and thread-safe.
 */
final class ContainerTarget extends ReachableTarget {

    private final ContainerDefinition definition;
    private final GenericContainer<?> container;
    private final ContainerLog log;
    private final Redactor redactor;
    private boolean closed;

    ContainerTarget(TestcontainersTargetSpec spec, ContainerDefinition definition, GenericContainer<?> container,
                    ContainerLog log, Redactor redactor) {
        super(spec, definition.bootstrap(), spec.clientProperties(), spec.secretValues(), Optional.of(log.file()));
        this.definition = definition;
        this.container = container;
        this.log = log;
        this.redactor = redactor;
    }



    @Override
    public String description() {
        return "container " + redactor.apply(definition.image()) + ", started with Testcontainers";
    }





    /** " with exit code N" once the container has stopped, or "" when that cannot be told. */
    String exitCode() {
        try {
            Long code = container.getDockerClient().inspectContainerCmd(container.getContainerId()).exec().getState()
                    .getExitCodeLong();
            return code == null ? "" : " with exit code " + code;
        } catch (RuntimeException e) {
            return "";
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ExitCleanup.unregister(this);
        try {
            container.stop(); // stops and removes it; a no-op when it never started
        } finally {
            log.close();
        }
    }

    @Override
    public String toString() {
        return description() + " at " + definition.bootstrap();
    }
}
