package io.kconform.api.wire;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * ApiVersions as current Java clients send it, the first request of every connection (KIP-35, KIP-511).
 * A client of this build's kafka-clients sends its newest ApiVersions version: on a bootstrap connection
 * with ClusterId null; once Metadata told it the cluster, on a connection to a broker with ClusterId and
 * NodeId set (fields of ApiVersions v5 and later, sent by default since Apache Kafka 4.4:
 * {@code metadata.cluster.check.enable}). A target that does not know the version must refuse it with
 * UNSUPPORTED_VERSION and its own range, and the client asks again within it. Stateless; each call opens
 * its own connections and closes them.
 */
public final class ClientHandshake {

    /** The version an exception of {@link WireClient#send} names: {@code ApiVersions v5: no response ...}. */
    private static final Pattern ASKED_AT = Pattern.compile("^ApiVersions v(\\d+)");

    /** How long each lower version may take when stepping down from a version the target did not answer. */
    static final Duration STEP_DOWN_TIMEOUT = Duration.ofSeconds(5);

    private ClientHandshake() {
    }

    /**
     * What ApiVersions as current Java clients send it got on a bootstrap connection.
     *
     * @param answer          the answer: at {@code answeredVersion}, or a KIP-511 refusal where even the
     *                        retry was refused
     * @param clientVersion   the version current Java clients send first: kafka-clients' newest
     * @param answeredVersion the version of {@code answer}
     * @param refused         the versions current Java clients send that the target closed the connection on
     *                        or left unanswered, one line each, newest first; empty when it answered them
     */
    public record Bootstrap(ApiVersionsResponseData answer, short clientVersion, short answeredVersion,
                            List<String> refused) {
        public Bootstrap {
            refused = List.copyOf(refused);
        }

        /** Whether current Java clients get an answer on a bootstrap connection. */
        public boolean answersCurrentClients() {
            return refused.isEmpty();
        }
    }

    /**
     * Sends ApiVersions as current Java clients do on a bootstrap connection: kafka-clients' newest version,
     * ClusterId null, again at the target's maximum on the same connection if it refuses the version with
     * UNSUPPORTED_VERSION and its range. Where the target closes the connection instead, which no current
     * client gets past, this steps down one version at a time, each on a fresh connection, to find the newest
     * version it answers, and records each refusal.
     *
     * @throws WireException when no connection can be made, when a version is not answered within the bound
     *                       (a silent target is not asked again at every version), or when the connection is
     *                       closed on every version down to v0 ({@link WireException#unanswered()} for both,
     *                       with every refusal in its message)
     */
    public static Bootstrap bootstrap(String host, int port, Map<String, ?> clientProperties, Duration timeout) {
        short newest = ApiKeys.API_VERSIONS.latestVersion();
        List<String> refused = new ArrayList<>();
        for (short version = newest; version >= 0; version--) {
            Duration bound = version == newest ? timeout : min(timeout, STEP_DOWN_TIMEOUT);
            try (WireClient wire = WireClient.connect(host, port, clientProperties, bound)) {
                return answeredAt(wire, version, newest, refused);
            } catch (WireException e) {
                // Only a closed connection is stepped down from: a target silent on the version current clients
                // send is left to be reported unreachable within the bound, not waited on once per version.
                if (!e.closed()) {
                    throw refused.isEmpty() ? e : WireException.unanswered(e.getMessage() + " (after "
                            + String.join("; ", refused) + ")");
                }
                refused.add(e.getMessage());
            }
        }
        throw WireException.unanswered("no ApiVersions version from v" + newest + " down to v0 is answered: "
                + String.join("; ", refused));
    }

    private static Bootstrap answeredAt(WireClient wire, short version, short newest, List<String> refused) {
        ApiVersionsResponseData answer = send(wire, new ApiVersionsRequest.Builder(), version);
        ApiVersionsResponseData.ApiVersion own = answer.apiKeys().find(ApiKeys.API_VERSIONS.id);
        if (Errors.forCode(answer.errorCode()) == Errors.UNSUPPORTED_VERSION && own != null
                && own.maxVersion() < version) {
            // KIP-511: asked again within the range the target gave, on the same connection, as clients do
            short retry = own.maxVersion();
            return new Bootstrap(send(wire, new ApiVersionsRequest.Builder(), retry), newest, retry, refused);
        }
        return new Bootstrap(answer, newest, version, refused);
    }

    /**
     * The cluster as current Java clients learn it next, from Metadata on a bootstrap connection (no
     * topics, none created).
     *
     * @param clusterId the cluster id, or empty when Metadata names none (before v2, or a null id)
     * @param brokers   the brokers Metadata names, where clients connect next
     */
    public record Cluster(String clusterId, List<Node> brokers) {
        public Cluster {
            clusterId = clusterId == null ? "" : clusterId;
            brokers = List.copyOf(brokers);
        }
    }

    /**
     * Asks Metadata at {@code version} on a fresh bootstrap connection, as a client does after ApiVersions.
     *
     * @throws WireException when there is no connection or no answer
     */
    public static Cluster cluster(String host, int port, Map<String, ?> clientProperties, short version,
                                  Duration timeout) {
        try (WireClient wire = WireClient.connect(host, port, clientProperties, timeout)) {
            MetadataResponse answer = (MetadataResponse) wire.send(new MetadataRequest.Builder(
                    new MetadataRequestData().setTopics(List.of()).setAllowAutoTopicCreation(false)), version);
            return new Cluster(answer.clusterId(), new ArrayList<>(answer.brokers()));
        }
    }

    /**
     * An answer to ApiVersions and the version it was asked at.
     *
     * @param answer  what the target answered
     * @param version the version of the request answered: the newest, or the one a KIP-511 refusal named
     */
    public record Answered(ApiVersionsResponseData answer, short version) {
    }

    /**
     * Sends ApiVersions as current Java clients do on connecting to a broker of a cluster they know: their
     * newest version with ClusterId and NodeId set, whatever version the bootstrap connection settled on (a
     * client asks afresh on every connection), and again within the target's range on the same connection
     * if it refuses the version with UNSUPPORTED_VERSION (a version before v5 carries neither field).
     *
     * @return the answer, whatever it says: judging it is the caller's
     * @throws WireException when there is no connection, or the target closed it or did not answer
     *                       ({@link WireException#unanswered()}; {@link #refusal} says it in a line)
     */
    public static Answered knownCluster(String host, int port, Map<String, ?> clientProperties, String clusterId,
                                        int nodeId, Duration timeout) {
        short newest = ApiKeys.API_VERSIONS.latestVersion();
        try (WireClient wire = WireClient.connect(host, port, clientProperties, timeout)) {
            ApiVersionsResponseData answer = send(wire, knowing(clusterId, nodeId), newest);
            ApiVersionsResponseData.ApiVersion own = answer.apiKeys().find(ApiKeys.API_VERSIONS.id);
            if (Errors.forCode(answer.errorCode()) == Errors.UNSUPPORTED_VERSION && own != null
                    && own.maxVersion() < newest) {
                return new Answered(send(wire, knowing(clusterId, nodeId), own.maxVersion()), own.maxVersion());
            }
            return new Answered(answer, newest);
        }
    }

    private static ApiVersionsRequest.Builder knowing(String clusterId, int nodeId) {
        ApiVersionsRequest.Builder request = new ApiVersionsRequest.Builder();
        request.setClusterId(clusterId);
        request.setNodeId(nodeId);
        return request;
    }

    /**
     * What happened to {@link #knownCluster} in one line, e.g. {@code ApiVersions v5 with ClusterId and NodeId
     * set: no response (the target closed the connection)}.
     */
    public static String refusal(WireException unanswered) {
        String message = String.valueOf(unanswered.getMessage());
        Matcher version = ASKED_AT.matcher(message);
        if (!version.find() || !carriesClusterId(Short.parseShort(version.group(1)))) {
            return message;
        }
        return message.substring(0, version.end()) + " with ClusterId and NodeId set" + message.substring(version.end());
    }

    /** Whether ApiVersions requests of {@code version} carry a ClusterId (v5 and later). */
    private static boolean carriesClusterId(short version) {
        return version >= 0 && version < ApiVersionsRequestData.SCHEMAS.length
                && ApiVersionsRequestData.SCHEMAS[version].get("cluster_id") != null;
    }

    private static ApiVersionsResponseData send(WireClient wire, ApiVersionsRequest.Builder request, short version) {
        return ((ApiVersionsResponse) wire.send(request, version)).data();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
