package io.kconform.api.target;

import io.kconform.api.wire.ClientHandshake;
import io.kconform.api.wire.FirstContact;
import io.kconform.api.wire.WireException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes a target once: does what listens at each address speak Kafka at all ({@link FirstContact}: judged from
 * the raw bytes of one ApiVersions v0 exchange, so that an HTTP server, a TLS listener, garbage, silence or a
 * closed connection is said in plain words and no Kafka client ever meets it), does it answer ApiVersions (which every
 * implementation must; from version 3 on it also carries the broker features), and what do Metadata and
 * DescribeCluster say. ApiVersions is asked as current Java clients ask it ({@link ClientHandshake}):
 * first on the bootstrap connection, then, once Metadata told the cluster id, on a broker's connection
 * with ClusterId and NodeId set; where the target closes the connection on what current clients send, the
 * newest version it answers is found and the target stays reachable, with the refusal in
 * {@link TargetFacts#handshake()} for the checks to report. Every step is bounded, so an unreachable
 * endpoint is reported within seconds rather than after a hang.
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
     * @throws UnreachableTargetException when no address accepts a connection or none answers ApiVersions at
     *                                    any version (one that answers only older versions than current clients
     *                                    send is reachable: its facts say so)
     * @throws NotKafkaException          when an address accepted the connection and none answered as Kafka: the
     *                                    message says what each did
     * @throws IllegalArgumentException   when the bootstrap list is malformed
     */
    public static TargetFacts probe(String bootstrapServers, Map<String, ?> clientProperties) {
        List<InetSocketAddress> addresses = parseBootstrap(bootstrapServers);
        List<String> problems = new ArrayList<>();
        boolean answeredNotKafka = false;
        for (InetSocketAddress address : addresses) {
            String hostPort = address.getHostString() + ":" + address.getPort();
            String who = addresses.size() == 1 ? "it" : hostPort;
            // What the endpoint does with the one request every Kafka endpoint answers, judged from its raw
            // bytes: anything that is not Kafka is said plainly here, before a Kafka client meets it.
            FirstContact.Finding first = FirstContact.with(address.getHostString(), address.getPort(), clientProperties,
                    CONNECT_TIMEOUT, FirstContact.ANSWER_TIMEOUT);
            boolean notKafka = first.reached() && first.kind() != FirstContact.Kind.TLS_FAILED;
            if (first.settled()) {
                problems.add(who + " " + first.description());
                answeredNotKafka |= notKafka;
                continue;
            }
            ClientHandshake.Bootstrap handshake;
            try {
                handshake = ClientHandshake.bootstrap(address.getHostString(), address.getPort(), clientProperties,
                        API_VERSIONS_TIMEOUT);
            } catch (WireException e) {
                problems.add(first.speaksKafka() || !notKafka
                        ? hostPort + ": no ApiVersions answer (" + e.getMessage() + ")"
                        : who + " " + first.description() + ", nor any version current clients send (" + e.getMessage() + ")");
                answeredNotKafka |= notKafka;
                continue;
            } catch (RuntimeException e) {
                // a Kafka client could not use what came back (another request's answer, an unreadable frame)
                problems.add(who + " answered ApiVersions v0, then gave the ApiVersions current clients send an answer"
                        + " a client cannot use (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                answeredNotKafka = true;
                continue;
            }
            return describe(bootstrapServers, clientProperties, address, handshake);
        }
        if (answeredNotKafka) {
            throw new NotKafkaException("target " + bootstrapServers + " does not speak Kafka: " + String.join("; ", problems));
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

    private static TargetFacts describe(String bootstrapServers, Map<String, ?> clientProperties,
                                        InetSocketAddress bootstrap, ClientHandshake.Bootstrap handshake) {
        ApiVersionsResponseData apiVersions = handshake.answer();
        Errors error = Errors.forCode(apiVersions.errorCode());
        short answeredVersion = error == Errors.UNSUPPORTED_VERSION ? 0 : handshake.answeredVersion();
        // Any other error is still an answer: the target is reachable, and the protocol checks report the
        // error as the target's fault rather than ours.
        String apiVersionsError = error == Errors.NONE || error == Errors.UNSUPPORTED_VERSION ? "" : error.name();
        TreeMap<Integer, ApiRange> ranges = new TreeMap<>();
        apiVersions.apiKeys().forEach(k -> ranges.put((int) k.apiKey(), new ApiRange(k.minVersion(), k.maxVersion())));
        TreeMap<String, ApiRange> supported = new TreeMap<>();
        apiVersions.supportedFeatures().forEach(f -> supported.put(f.name(), new ApiRange(f.minVersion(), f.maxVersion())));
        TreeMap<String, Short> finalized = new TreeMap<>();
        apiVersions.finalizedFeatures().forEach(f -> finalized.put(f.name(), f.maxVersionLevel()));

        ClusterShape fromMetadata = metadata(bootstrap, clientProperties, ranges);
        ClusterShape cluster = describeCluster(bootstrapServers, clientProperties).orElse(fromMetadata);
        String clusterId = cluster.clusterId().isEmpty() ? fromMetadata.clusterId() : cluster.clusterId();
        List<String> nodes = cluster.nodes().isEmpty() ? fromMetadata.nodes() : cluster.nodes();

        List<String> refused = new ArrayList<>(handshake.refused());
        if (handshake.answersCurrentClients()) {
            // a client that got past the bootstrap connection learns the cluster and connects to a broker
            knownClusterRefusal(clientProperties, clusterId, nodes).ifPresent(refused::add);
        }
        Handshake asClientsSendIt = new Handshake(handshake.clientVersion(), handshake.answeredVersion(), refused);
        if (!asClientsSendIt.currentClientsConnect()) {
            LOG.warn("{}: {}", bootstrapServers, asClientsSendIt.summary());
        }
        return new TargetFacts(ranges, answeredVersion, apiVersionsError, supported, finalized, clusterId,
                cluster.controllerId(), nodes, asClientsSendIt);
    }

    /** What a probe learnt of the cluster: its id, controller and brokers; empty values where it learnt nothing. */
    private record ClusterShape(String clusterId, int controllerId, List<String> nodes) {
        static final ClusterShape UNKNOWN = new ClusterShape("", -1, List.of());
    }

    /**
     * The cluster as Metadata tells it on the bootstrap connection, the one request every client sends
     * next: what a client learns the cluster id and brokers from, even where its own handshake with the
     * brokers then fails (the admin client's DescribeCluster cannot tell it then).
     */
    private static ClusterShape metadata(InetSocketAddress bootstrap, Map<String, ?> clientProperties,
                                         SortedMap<Integer, ApiRange> ranges) {
        ApiRange advertised = ranges.get((int) ApiKeys.METADATA.id);
        if (advertised == null) {
            return ClusterShape.UNKNOWN;
        }
        short version = (short) Math.min(ApiKeys.METADATA.latestVersion(), advertised.max());
        try {
            ClientHandshake.Cluster cluster = ClientHandshake.cluster(bootstrap.getHostString(), bootstrap.getPort(),
                    clientProperties, version, API_VERSIONS_TIMEOUT);
            return new ClusterShape(cluster.clusterId(), -1, cluster.brokers().stream()
                    .map(node -> node.id() + "@" + node.host() + ":" + node.port()).toList());
        } catch (RuntimeException e) {
            LOG.info("Metadata did not answer on {}: {}", bootstrap, e.toString());
            return ClusterShape.UNKNOWN;
        }
    }

    /** The cluster as the admin client's DescribeCluster tells it, with its controller; empty when not answered. */
    private static Optional<ClusterShape> describeCluster(String bootstrapServers, Map<String, ?> clientProperties) {
        Map<String, Object> adminConfig = new HashMap<>(clientProperties);
        adminConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        adminConfig.put(CommonClientConfigs.CLIENT_ID_CONFIG, "kconform-probe");
        try (Admin admin = Admin.create(adminConfig)) {
            DescribeClusterResult cluster = admin.describeCluster();
            String clusterId = orEmpty(cluster.clusterId().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            Node controller = cluster.controller().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<String> nodes = new ArrayList<>();
            for (Node node : cluster.nodes().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                nodes.add(node.id() + "@" + node.host() + ":" + node.port());
            }
            return Optional.of(new ClusterShape(clusterId, controller == null ? -1 : controller.id(), nodes));
        } catch (ExecutionException | TimeoutException e) {
            LOG.info("DescribeCluster did not answer on {}: {}", bootstrapServers, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableTargetException("interrupted while probing " + bootstrapServers, e);
        }
    }

    /**
     * Once a client knows the cluster, it connects to a broker with ApiVersions carrying ClusterId and
     * NodeId (v5 and later): what the target does with that, asked of the first broker Metadata named.
     */
    private static Optional<String> knownClusterRefusal(Map<String, ?> clientProperties, String clusterId,
                                                        List<String> nodes) {
        if (clusterId.isEmpty() || nodes.isEmpty()) {
            return Optional.empty();
        }
        String node = nodes.get(0);
        int at = node.indexOf('@');
        int colon = node.lastIndexOf(':');
        try {
            ClientHandshake.knownCluster(node.substring(at + 1, colon), Integer.parseInt(node.substring(colon + 1)),
                    clientProperties, clusterId, Integer.parseInt(node.substring(0, at)), API_VERSIONS_TIMEOUT);
            return Optional.empty();
        } catch (WireException e) {
            if (e.unanswered()) {
                return Optional.of(ClientHandshake.refusal(e));
            }
            LOG.info("no connection to broker {} for ApiVersions with its cluster id: {}", node, e.toString());
            return Optional.empty();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            LOG.info("broker {} has no address to connect to: {}", node, e.toString());
            return Optional.empty();
        } catch (RuntimeException e) {
            // an answer no client can use (another request's correlation id, say): the checks meet it and say so
            LOG.info("broker {} answered ApiVersions with its cluster id unusably: {}", node, e.toString());
            return Optional.empty();
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
