package io.kconform.harness.launch;

import io.kconform.harness.config.TestcontainersTargetSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the harness asks Docker for, for a {@code testcontainers} target: the image, its environment
 * with {@code ${port}} replaced by the host port chosen, and the container's Kafka port published
 * on that host port of 127.0.0.1 only — never on every interface, as Docker does by default.
 * {@code ${port}} is the only placeholder of containers: the image sees no other port of the host.
 *
 * @param image         the image, e.g. {@code apache/kafka:4.4.0}
 * @param env           the container's environment; may hold secrets, never shown
 * @param containerPort the Kafka port inside the container
 * @param hostIp        the host address the port is published on: always {@value #LOOPBACK}
 * @param hostPort      the host port it is published on
 * @param bootstrap     where clients reach the container
 * @param startTimeout  how long the container may take, once started, to answer ApiVersions
 */
public record ContainerDefinition(String image, Map<String, String> env, int containerPort, String hostIp, int hostPort,
                                  String bootstrap, Duration startTimeout) {

    /** Where containers are published: the loopback interface, so that nothing leaves the machine. */
    public static final String LOOPBACK = "127.0.0.1";
    private static final String PORT = "${port}";

    public ContainerDefinition {
        env = Collections.unmodifiableMap(new TreeMap<>(env));
    }

    /** The definition of {@code spec}'s container, published on {@code hostPort}. A pure function. */
    public static ContainerDefinition of(TestcontainersTargetSpec spec, int hostPort) {
        String port = Integer.toString(hostPort);
        Map<String, String> env = new TreeMap<>();
        spec.env().forEach((name, value) -> env.put(name, value.replace(PORT, port)));
        return new ContainerDefinition(spec.image(), env, spec.port(), LOOPBACK, hostPort,
                spec.bootstrap().replace(PORT, port), spec.startTimeout());
    }

    /** Image and ports only: the environment may hold secrets. */
    @Override
    public String toString() {
        return image + " with " + LOOPBACK + ":" + hostPort + " -> " + containerPort + "/tcp, env " + env.keySet();
    }
}
