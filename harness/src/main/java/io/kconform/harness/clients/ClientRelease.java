package io.kconform.harness.clients;

import java.util.List;
import java.util.Objects;

/**
 * A release of Apache Kafka's Java clients and the ApiVersions version its clients send first on every
 * connection, as measured from its own kafka-clients artifact ({@code ApiKeys.API_VERSIONS.latestVersion()}).
 * Immutable.
 *
 * @param version            the release, e.g. {@code 3.8.1}
 * @param apiVersionsVersion the ApiVersions version its clients send first
 */
public record ClientRelease(String version, short apiVersionsVersion) {

    public ClientRelease {
        Objects.requireNonNull(version, "version");
        if (!version.matches("\\d+\\.\\d+\\.\\d+")) {
            throw new IllegalArgumentException("'" + version + "' is not a release number such as 3.8.1");
        }
    }

    /**
     * The Kafka artifacts the checks run with, at {@code version}: the clients, Kafka Streams and its test driver
     * (which computes a topology's expected output), and a Connect worker; each brings its own dependencies.
     */
    public static List<String> artifacts(String version) {
        return List.of("org.apache.kafka:kafka-clients:" + version,
                "org.apache.kafka:kafka-streams:" + version,
                "org.apache.kafka:kafka-streams-test-utils:" + version,
                "org.apache.kafka:connect-runtime:" + version);
    }

    /** The release line, e.g. {@code 3.9} for 3.9.1. */
    public String line() {
        return line(version);
    }

    static String line(String version) {
        return version.substring(0, version.indexOf('.', version.indexOf('.') + 1));
    }
}
