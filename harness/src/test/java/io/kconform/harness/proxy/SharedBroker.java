package io.kconform.harness.proxy;

import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.launch.EmbeddedKafka;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.maven.ArtifactResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes one real Apache Kafka broker, started on first use and stopped when the
 * whole test run ends, so that the proxy's test classes share a single 5-second start-up.
 * Declare a {@link RunningTarget} parameter on a {@code @BeforeAll} or test method to get it.
 */
public final class SharedBroker implements ParameterResolver {

    static {
        // Clients log every connection at INFO; only trouble is worth reading in test output.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBroker.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RunningTarget.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent("broker", key -> new Holder(start()), Holder.class)
                .broker();
    }

    private static RunningTarget start() {
        EmbeddedKafka kafka = new EmbeddedKafka(new ArtifactResolver());
        return kafka.start(new EmbeddedTargetSpec("proxy-test", EmbeddedTargetSpec.DEFAULT_VERSION, Map.of()),
                workDir(), line -> System.out.println("[proxy-test broker] " + line));
    }

    /**
     * A folder of this JVM's own: the IT classes run in two JVMs at once, and a broker's server.properties and
     * log written where another JVM's broker reads its own would make both fail to start.
     */
    private static Path workDir() {
        try {
            Path parent = Files.createDirectories(Path.of("target", "proxy-test-brokers"));
            return Files.createTempDirectory(parent, "jvm-" + ProcessHandle.current().pid() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the shared test broker under target/", e);
        }
    }

    /** Closed by JUnit when the root context closes, that is after the last test class. */
    private record Holder(RunningTarget broker) implements AutoCloseable {
        @Override
        public void close() {
            broker.close();
        }
    }
}
