package io.kconform.harness.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Apache Kafka cluster the harness launches itself: KRaft, in JVMs of its own, from the release's
 * artifacts in Maven repositories, bound to 127.0.0.1.
 *
 * @param name             the target's name
 * @param version          the Apache Kafka release, e.g. {@code 4.4.0}
 * @param brokerProperties broker settings applied over the harness's defaults
 * @param nodes            how many brokers; one runs broker and controller in one JVM, more run a
 *                         controller quorum beside the brokers
 * @param security         how the client listener is secured; empty for PLAINTEXT without ACLs
 * @param features         feature levels the storage is formatted with (e.g. {@code transaction.version=1});
 *                         empty for the release's defaults
 */
public record EmbeddedTargetSpec(String name, String version, Map<String, String> brokerProperties, int nodes,
                                 Optional<EmbeddedSecurity> security, Map<String, Short> features)
        implements TargetSpec {

    /** The release the default target runs: the baseline the checks are written against. */
    public static final String DEFAULT_VERSION = "4.4.0";

    public EmbeddedTargetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        brokerProperties = Map.copyOf(brokerProperties);
        if (nodes < 1) {
            throw new IllegalArgumentException("an embedded cluster needs at least one node");
        }
        Objects.requireNonNull(security, "security");
        features = Map.copyOf(features);
    }

    /** With the release's default feature levels. */
    public EmbeddedTargetSpec(String name, String version, Map<String, String> brokerProperties, int nodes,
                              Optional<EmbeddedSecurity> security) {
        this(name, version, brokerProperties, nodes, security, Map.of());
    }

    /** One node, PLAINTEXT. */
    public EmbeddedTargetSpec(String name, String version, Map<String, String> brokerProperties) {
        this(name, version, brokerProperties, 1, Optional.empty(), Map.of());
    }

    @Override
    public String kind() {
        return "embedded";
    }
}
