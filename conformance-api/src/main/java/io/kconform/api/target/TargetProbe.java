package io.kconform.api.target;

import io.kconform.api.wire.WireClient;
import io.kconform.api.wire.WireException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.ClientDnsLookup;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes a target once: can a TCP connection be opened, does it answer ApiVersions (which every
 * implementation must; from version 3 on it also carries the broker features), and what does
 * DescribeCluster say. Every step is
 * bounded, so an unreachable endpoint is reported within seconds rather than after a hang.
 */
public final class TargetProbe {

    private static final Logger LOG = LoggerFactory.getLogger(TargetProbe.class);

    /** How long a TCP connection may take before the address counts as unreachable. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long the ApiVersions exchange, TLS and SASL included, may take. */
    public static final Duration API_VERSIONS_TIMEOUT = Duration.ofSeconds(15);
    /** How long DescribeCluster may take. */
    public static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

    private TargetProbe() {
    }

    /**
     * Probes the target.
     *
     * @param bootstrapServers {@code host:port[,host:port...]}
     * @param clientProperties ordinary client properties (security settings)
     * @throws UnreachableTargetException when no address accepts a connection or none answers ApiVersions
     * @throws IllegalArgumentException   when the bootstrap list is malformed
     */
    public static TargetFacts probe(String bootstrapServers, Map<String, ?> clientProperties) {
        List<InetSocketAddress> addresses = parseBootstrap(bootstrapServers);
        List<String> problems = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            String hostPort = address.getHostString() + ":" + address.getPort();
            try {
                openTcp(address);
            } catch (IOException e) {
                problems.add(hostPort + ": TCP connection failed within " + CONNECT_TIMEOUT.toSeconds() + " s ("
                        + e.getMessage() + ")");
                continue;
            }
            ApiVersionsResponseData apiVersions;
            short answeredVersion;
            String apiVersionsError;
            try (WireClient wire = WireClient.connect(address.getHostString(), address.getPort(), clientProperties,
                    API_VERSIONS_TIMEOUT)) {
                short version = ApiKeys.API_VERSIONS.latestVersion();
                apiVersions = ((ApiVersionsResponse) wire.send(new ApiVersionsRequest.Builder(), version)).data();
                Errors error = Errors.forCode(apiVersions.errorCode());
                ApiVersionsResponseData.ApiVersion own = apiVersions.apiKeys().find(ApiKeys.API_VERSIONS.id);
                if (error == Errors.UNSUPPORTED_VERSION && own != null && own.maxVersion() < version) {
                    // KIP-511: an older target answers a version it does not know with its own ApiVersions
                    // range only; asking again at its newest version gets the full list, as clients do.
                    version = own.maxVersion();
                    apiVersions = ((ApiVersionsResponse) wire.send(new ApiVersionsRequest.Builder(), version)).data();
                    error = Errors.forCode(apiVersions.errorCode());
                }
                answeredVersion = error == Errors.UNSUPPORTED_VERSION ? 0 : version;
                // Any other error is still an answer: the target is reachable, and the protocol checks
                // report the error as the target's fault rather than ours.
                apiVersionsError = error == Errors.NONE || error == Errors.UNSUPPORTED_VERSION ? "" : error.name();
            } catch (WireException e) {
                problems.add(hostPort + ": no ApiVersions answer (" + e.getMessage() + ")");
                continue;
            }
            return describe(bootstrapServers, clientProperties, apiVersions, answeredVersion, apiVersionsError);
        }
        throw new UnreachableTargetException("target " + bootstrapServers + " is unreachable: " + String.join("; ", problems));
    }

    /**
     * Parses and resolves a bootstrap list the way Kafka's clients do.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<InetSocketAddress> parseBootstrap(String bootstrapServers) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("no bootstrap servers given");
        }
        List<String> entries = Arrays.stream(bootstrapServers.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        try {
            return ClientUtils.parseAndValidateAddresses(entries, ClientDnsLookup.USE_ALL_DNS_IPS);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("bad bootstrap servers '" + bootstrapServers + "': " + e.getMessage(), e);
        }
    }

    private static void openTcp(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
        }
    }

    private static TargetFacts describe(String bootstrapServers, Map<String, ?> clientProperties,
                                        ApiVersionsResponseData apiVersions, short answeredVersion,
                                        String apiVersionsError) {
        TreeMap<Integer, ApiRange> ranges = new TreeMap<>();
        apiVersions.apiKeys().forEach(k -> ranges.put((int) k.apiKey(), new ApiRange(k.minVersion(), k.maxVersion())));
        TreeMap<String, ApiRange> supported = new TreeMap<>();
        apiVersions.supportedFeatures().forEach(f -> supported.put(f.name(), new ApiRange(f.minVersion(), f.maxVersion())));
        TreeMap<String, Short> finalized = new TreeMap<>();
        apiVersions.finalizedFeatures().forEach(f -> finalized.put(f.name(), f.maxVersionLevel()));

        String clusterId = "";
        int controllerId = -1;
        List<String> nodes = new ArrayList<>();
        Map<String, Object> adminConfig = new HashMap<>(clientProperties);
        adminConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        adminConfig.put(CommonClientConfigs.CLIENT_ID_CONFIG, "kconform-probe");
        try (Admin admin = Admin.create(adminConfig)) {
            try {
                DescribeClusterResult cluster = admin.describeCluster();
                clusterId = orEmpty(cluster.clusterId().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                Node controller = cluster.controller().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                controllerId = controller == null ? -1 : controller.id();
                for (Node node : cluster.nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    nodes.add(node.id() + "@" + node.host() + ":" + node.port());
                }
            } catch (ExecutionException | TimeoutException e) {
                LOG.info("DescribeCluster did not answer on {}: {}", bootstrapServers, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableTargetException("interrupted while probing " + bootstrapServers, e);
        }
        return new TargetFacts(ranges, answeredVersion, apiVersionsError, supported, finalized, clusterId, controllerId,
                nodes);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
