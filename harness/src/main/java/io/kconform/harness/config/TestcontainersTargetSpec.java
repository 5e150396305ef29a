package io.kconform.harness.config;

import io.kconform.api.target.ClientPrincipal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A container image started with Testcontainers where a Docker engine is available, ready when it
 * answers ApiVersions (not when it prints a log line, which only Apache Kafka prints). The container
 * port is published on a free loopback port; {@code ${port}} in the environment and the bootstrap
 * stands for it, so that an image can advertise the address clients use.
 *
 * @param name             the target's name
 * @param image            the image, e.g. {@code apache/kafka:4.4.0}
 * @param env              the container's environment
 * @param port             the Kafka port inside the container
 * @param bootstrap        where clients reach it, by default {@code 127.0.0.1:${port}}
 * @param clientProperties client properties; may hold secrets
 * @param startTimeout     how long the container may take to answer ApiVersions
 * @param secretValues     values never to be shown
 * @param restrictedPrincipal a principal the image's server authenticates and grants no ACL, when named
 */
public record TestcontainersTargetSpec(String name, String image, Map<String, String> env, int port, String bootstrap,
                                       Map<String, String> clientProperties, Duration startTimeout,
                                       Set<String> secretValues, Optional<ClientPrincipal> restrictedPrincipal)
        implements TargetSpec {

    /** The Kafka port most images listen on. */
    public static final int DEFAULT_PORT = 9092;
    /** Where clients reach the container unless the target says otherwise. */
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:${port}";

    public TestcontainersTargetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        env = Map.copyOf(env);
        Objects.requireNonNull(bootstrap, "bootstrap");
        clientProperties = Map.copyOf(clientProperties);
        Objects.requireNonNull(startTimeout, "startTimeout");
        secretValues = Set.copyOf(secretValues);
        Objects.requireNonNull(restrictedPrincipal, "restrictedPrincipal");
    }

    /** Without a restricted principal. */
    public TestcontainersTargetSpec(String name, String image, Map<String, String> env, int port, String bootstrap,
                                    Map<String, String> clientProperties, Duration startTimeout,
                                    Set<String> secretValues) {
        this(name, image, env, port, bootstrap, clientProperties, startTimeout, secretValues, Optional.empty());
    }

    @Override
    public String kind() {
        return "testcontainers";
    }

    /** The image only: the environment may hold secrets. */
    @Override
    public String toString() {
        return "testcontainers target " + name + " (" + image + ")";
    }
}
