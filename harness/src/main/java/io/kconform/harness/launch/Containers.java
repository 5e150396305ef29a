package io.kconform.harness.launch;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.time.Duration;
import java.util.function.Consumer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;
import org.testcontainers.utility.DockerImageName;

/**
 * Turns a {@link ContainerDefinition} into a Testcontainers container, not yet started: the only
 * place that knows how Testcontainers and docker-java spell what the definition says. Building one
 * needs no Docker engine; starting it does.
 */
final class Containers {

    /** The label that names the kconform target a container belongs to, for people listing containers. */
    static final String TARGET_LABEL = "io.kconform.target";

    private Containers() {
    }

    /**
     * A container for {@code definition}. Testcontainers waits only for the container to run;
     * readiness is the harness's ApiVersions round trip, which every image must answer, rather than
     * a log line, which only Apache Kafka's image prints.
     */
    static GenericContainer<?> create(String target, ContainerDefinition definition, Consumer<OutputFrame> log) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(definition.image()));
        container.withEnv(definition.env())
                .withLabel(TARGET_LABEL, target)
                .withCreateContainerCmdModifier(cmd -> publishOnLoopback(cmd, definition))
                .withLogConsumer(log)
                .waitingFor(new NoWait())
                .withStartupAttempts(1);
        return container;
    }

    /**
     * Publishes the container's port on {@code 127.0.0.1:<hostPort>} and nowhere else. Testcontainers'
     * own exposed ports would publish on every interface, on a port Docker picks; none are declared.
     */
    static void publishOnLoopback(CreateContainerCmd cmd, ContainerDefinition definition) {
        ExposedPort port = ExposedPort.tcp(definition.containerPort());
        HostConfig hostConfig = cmd.getHostConfig() != null ? cmd.getHostConfig() : HostConfig.newHostConfig();
        cmd.withExposedPorts(port)
                .withHostConfig(hostConfig.withPortBindings(new PortBinding(
                        Ports.Binding.bindIpAndPort(definition.hostIp(), definition.hostPort()), port)));
    }

    /** Waits for nothing beyond a running container: readiness is decided by ApiVersions afterwards. */
    static final class NoWait implements WaitStrategy {
        @Override
        public void waitUntilReady(WaitStrategyTarget target) {
            // the harness polls ApiVersions itself, bounded by the target's startTimeout
        }

        @Override
        public WaitStrategy withStartupTimeout(Duration startupTimeout) {
            return this;
        }
    }
}
