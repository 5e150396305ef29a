package io.kconform.api.target;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * What a target's probe found, once per target and run: the API versions it advertises, its broker
 * features and the shape of its cluster. Immutable.
 *
 * @param apiVersions        advertised range per API key id; keys our client does not know are kept
 * @param apiVersionsVersion the ApiVersions version the target answered
 * @param apiVersionsError   the error code name the target answered ApiVersions with, empty for NONE
 * @param supportedFeatures  the features the target supports, with their level ranges
 * @param finalizedFeatures  the finalized level of each feature
 * @param clusterId          the cluster id, or empty when the target reports none
 * @param controllerId       the controller's node id as DescribeCluster reports it, or -1
 * @param nodes              the brokers, as {@code id@host:port}
 * @param handshake          how the target met ApiVersions as current Java clients send it
 */
public record TargetFacts(
        SortedMap<Integer, ApiRange> apiVersions,
        short apiVersionsVersion,
        String apiVersionsError,
        SortedMap<String, ApiRange> supportedFeatures,
        SortedMap<String, Short> finalizedFeatures,
        String clusterId,
        int controllerId,
        List<String> nodes,
        Handshake handshake) {

    public TargetFacts {
        apiVersions = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(apiVersions));
        supportedFeatures = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(supportedFeatures));
        finalizedFeatures = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(finalizedFeatures));
        clusterId = clusterId == null ? "" : clusterId;
        apiVersionsError = apiVersionsError == null ? "" : apiVersionsError;
        nodes = List.copyOf(nodes);
        java.util.Objects.requireNonNull(handshake, "handshake");
    }

    /** Facts of a target current Java clients connect to, answering ApiVersions up to {@code apiVersionsVersion}. */
    public TargetFacts(SortedMap<Integer, ApiRange> apiVersions, short apiVersionsVersion, String apiVersionsError,
                       SortedMap<String, ApiRange> supportedFeatures, SortedMap<String, Short> finalizedFeatures,
                       String clusterId, int controllerId, List<String> nodes) {
        this(apiVersions, apiVersionsVersion, apiVersionsError, supportedFeatures, finalizedFeatures, clusterId,
                controllerId, nodes, Handshake.answered(apiVersionsVersion));
    }

    /** The advertised range of an API, or empty when the target does not advertise it. */
    public Optional<ApiRange> range(ApiKeys api) {
        return Optional.ofNullable(apiVersions.get((int) api.id));
    }

    /**
     * The highest version of {@code api} that both the target advertises and this build's kafka-clients
     * can encode: what a check sends to exercise the API as today's clients do. Where the target does not
     * advertise the API, kafka-clients' newest (checks declare {@code @RequiresApi} to avoid that case).
     */
    public short newestCommonVersion(ApiKeys api) {
        return (short) Math.min(api.latestVersion(), range(api).map(ApiRange::max).orElse(api.latestVersion()));
    }

    /** Whether the target advertises the API at all. */
    public boolean advertises(ApiKeys api) {
        return apiVersions.containsKey((int) api.id);
    }

    /** Whether the target advertises the API at {@code version} or above. */
    public boolean advertisesAtLeast(ApiKeys api, short version) {
        return range(api).map(r -> r.max() >= version).orElse(false);
    }

    /** The finalized level of a feature, or empty when it is not finalized. */
    public Optional<Short> finalizedLevel(String feature) {
        return Optional.ofNullable(finalizedFeatures.get(feature));
    }

    /**
     * A short, stable digest of what the target advertised (API ranges and finalized features): two
     * probes with the same fingerprint advertised the same thing.
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder();
        apiVersions.forEach((key, range) -> text.append("api ").append(key).append(' ').append(range).append('\n'));
        finalizedFeatures.forEach((name, level) -> text.append("feature ").append(name).append(' ').append(level)
                .append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The advertised ranges by API name, for reports; unknown keys appear as {@code key-<id>}. */
    public Map<String, ApiRange> apiVersionsByName() {
        Map<String, ApiRange> byName = new java.util.LinkedHashMap<>();
        apiVersions.forEach((key, range) -> byName.put(apiName(key), range));
        return byName;
    }

    /** The name of an API key id, as Kafka's protocol guide writes it, or {@code key-<id>}. */
    public static String apiName(int key) {
        for (ApiKeys api : ApiKeys.values()) {
            if (api.id == key) {
                return api.name;
            }
        }
        return "key-" + key;
    }
}
