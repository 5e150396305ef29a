package io.kconform.harness.config;

import java.util.Map;
import java.util.Objects;

/**
 * An Apache Kafka broker the harness launches itself: KRaft, one node, in its own JVM, from the
 * release's artifacts in Maven repositories.
 *
 * @param name             the target's name
 * @param version          the Apache Kafka release, e.g. {@code 4.4.0}
 * @param brokerProperties broker settings applied over the harness's defaults
 */
public record EmbeddedTargetSpec(String name, String version, Map<String, String> brokerProperties)
        implements TargetSpec {

    /** The release the default target runs: the baseline the checks are written against. */
    public static final String DEFAULT_VERSION = "4.4.0";

    public EmbeddedTargetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        brokerProperties = Map.copyOf(brokerProperties);
    }

    @Override
    public String kind() {
        return "embedded";
    }
}
