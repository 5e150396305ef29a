package io.kconform.harness.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.kconform.harness.config.TestcontainersTargetSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;

/**
 * The container the harness would hand to Docker, up to the Docker boundary: no engine is needed to
 * build it, only to start it.
 */
class ContainerDefinitionTest {

    private static final TestcontainersTargetSpec SPEC = new TestcontainersTargetSpec("image", "apache/kafka:4.4.0",
            Map.of("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://127.0.0.1:${port}",
                    "KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093",
                    "VENDOR_TOKEN", "s3cr3t-token"),
            TestcontainersTargetSpec.DEFAULT_PORT, TestcontainersTargetSpec.DEFAULT_BOOTSTRAP, Map.of(),
            Duration.ofSeconds(90), Set.of("s3cr3t-token"));

    @Test
    void theDefinitionPublishesTheKafkaPortOnLoopbackWithPortReplaced() {
        ContainerDefinition definition = ContainerDefinition.of(SPEC, 40123);
        assertThat(definition.image()).isEqualTo("apache/kafka:4.4.0");
        assertThat(definition.env()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://127.0.0.1:40123",
                "KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093",
                "VENDOR_TOKEN", "s3cr3t-token"));
        assertThat(definition.containerPort()).isEqualTo(9092);
        assertThat(definition.hostIp()).isEqualTo("127.0.0.1");
        assertThat(definition.hostPort()).isEqualTo(40123);
        assertThat(definition.bootstrap()).isEqualTo("127.0.0.1:40123");
        assertThat(definition.startTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void anotherContainerPortAndBootstrapAreKept() {
        TestcontainersTargetSpec spec = new TestcontainersTargetSpec("v", "vendor/broker:2", Map.of(), 19092,
                "localhost:${port}", Map.of(), Duration.ofSeconds(60), Set.of());
        ContainerDefinition definition = ContainerDefinition.of(spec, 40555);
        assertThat(definition.containerPort()).isEqualTo(19092);
        assertThat(definition.bootstrap()).isEqualTo("localhost:40555");
        assertThat(definition.hostIp()).isEqualTo("127.0.0.1");
    }

    @Test
    void theEnvironmentNeverAppearsInText() {
        assertThat(ContainerDefinition.of(SPEC, 40123).toString())
                .isEqualTo("apache/kafka:4.4.0 with 127.0.0.1:40123 -> 9092/tcp, env [KAFKA_ADVERTISED_LISTENERS,"
                        + " KAFKA_LISTENERS, VENDOR_TOKEN]");
    }

    @Test
    void theTestcontainersContainerCarriesTheDefinitionAndPublishesOnLoopbackOnly() {
        ContainerDefinition definition = ContainerDefinition.of(SPEC, 40123);
        GenericContainer<?> container = Containers.create("image", definition, (OutputFrame frame) -> { });
        // (the image name is not asked back: Testcontainers resolves it against an engine to answer)
        assertThat(container.getEnvMap()).containsExactlyInAnyOrderEntriesOf(definition.env());
        assertThat(container.getLabels()).containsEntry(Containers.TARGET_LABEL, "image");
        // no Testcontainers-declared ports: those would be published on every interface
        assertThat(container.getExposedPorts()).isEmpty();
        assertThat(container.getPortBindings()).isEmpty();
        assertThat(container.getStartupAttempts()).isEqualTo(1);

        // What the modifiers make of the create command Docker receives. The command implementation is the
        // one Testcontainers ships (shaded docker-java); nothing here talks to an engine.
        CreateContainerCmd cmd = new org.testcontainers.shaded.com.github.dockerjava.core.command.CreateContainerCmdImpl(
                (CreateContainerCmd.Exec) command -> {
                    throw new AssertionError("this test never sends the command");
                }, null, definition.image());
        container.getCreateContainerCmdModifiers().forEach(modifier -> modifier.modify(cmd));
        assertThat(cmd.getExposedPorts()).containsExactly(ExposedPort.tcp(9092));
        Map<ExposedPort, Ports.Binding[]> bindings = cmd.getHostConfig().getPortBindings().getBindings();
        assertThat(bindings).containsOnlyKeys(ExposedPort.tcp(9092));
        assertThat(bindings.get(ExposedPort.tcp(9092))).containsExactly(Ports.Binding.bindIpAndPort("127.0.0.1", 40123));
    }
}
