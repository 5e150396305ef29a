package io.kconform.harness.launch;

import io.kconform.api.wire.WireClient;
import io.kconform.api.wire.WireException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;

/**
 * Decides when an embedded cluster, or one broker of it started again, is ready: every broker
 * awaited answers ApiVersions on its client listener (TLS and SASL included, with the harness's
 * credentials), and the cluster's metadata (DescribeCluster) lists every broker expected. A node
 * whose JVM exits meanwhile ends the wait at once, with its log; one that exited because a port
 * was taken is reported as {@link PortTakenException}, so the launcher can choose ports again.
 */
final class ClusterReadiness {

    private static final Duration ATTEMPT = Duration.ofSeconds(2);

    private final String target;
    private final Map<String, Object> clientProperties;

    ClusterReadiness(String target, Map<String, Object> clientProperties) {
        this.target = target;
        this.clientProperties = Map.copyOf(clientProperties);
    }

    /**
     * Waits until every broker of {@code awaited} answers ApiVersions and the metadata, as any of
     * them reports it, lists every id of {@code expectedBrokers}.
     *
     * @param watched         nodes whose JVMs must stay up meanwhile (the whole cluster)
     * @param awaited         the brokers that must answer
     * @param expectedBrokers the broker ids the metadata must list
     * @throws TargetStartException when a watched node exits or the timeout passes, with its log
     */
    void await(List<NodeProcess> watched, List<NodeProcess> awaited, Set<Integer> expectedBrokers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Integer> answered = new HashSet<>();
        Set<Integer> listed = new TreeSet<>();
        String lastProblem = "";
        while (System.nanoTime() < deadline) {
            for (NodeProcess node : watched) {
                failIfExited(node);
            }
            for (NodeProcess broker : awaited) {
                int id = broker.node().id();
                if (answered.contains(id) || !listening(broker.node().clientPort())) {
                    continue;
                }
                try (WireClient wire = WireClient.connect("127.0.0.1", broker.node().clientPort(), clientProperties,
                        ATTEMPT)) {
                    wire.send(new ApiVersionsRequest.Builder(), ApiKeys.API_VERSIONS.latestVersion());
                    answered.add(id);
                } catch (WireException e) {
                    lastProblem = broker + ": " + e.getMessage();
                }
            }
            if (answered.size() == awaited.size()) {
                listed = listedBrokers(awaited);
                if (listed.containsAll(expectedBrokers)) {
                    return;
                }
                lastProblem = "the cluster's metadata lists brokers " + listed + " of " + new TreeSet<>(expectedBrokers);
            }
            sleep(200);
        }
        NodeProcess laggard = awaited.stream().filter(b -> !answered.contains(b.node().id())).findFirst()
                .orElse(awaited.get(0));
        throw new TargetStartException(target, (answered.size() < awaited.size()
                ? laggard + " gave no ApiVersions answer" : "the cluster was not complete") + " within "
                + timeout.toSeconds() + " s" + (lastProblem.isEmpty() ? "" : " (" + lastProblem + ")"),
                laggard.logTail());
    }

    /** Throws when the node's JVM has exited; {@link PortTakenException} when a port was taken. */
    void failIfExited(NodeProcess node) {
        java.util.OptionalInt exit = node.exitCode();
        if (exit.isEmpty()) {
            return;
        }
        List<String> tail = node.logTail();
        if (tail.stream().anyMatch(line -> line.contains("Address already in use"))) {
            throw new PortTakenException(target, tail);
        }
        throw new TargetStartException(target, node + " exited with code " + exit.getAsInt()
                + " before the cluster was ready", tail);
    }

    private Set<Integer> listedBrokers(List<NodeProcess> ask) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, String.join(",",
                ask.stream().map(b -> "127.0.0.1:" + b.node().clientPort()).toList()));
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "kconform-readiness");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
        Set<Integer> ids = new TreeSet<>();
        try (Admin admin = Admin.create(config)) {
            for (Node node : admin.describeCluster().nodes().get(ATTEMPT.toMillis(), TimeUnit.MILLISECONDS)) {
                ids.add(node.id());
            }
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            // not yet: the next round asks again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetStartException(target, "interrupted while waiting for the cluster", List.of());
        }
        return ids;
    }

    /** Whether the port accepts connections yet; cheaper and quieter than a Kafka client's attempt. */
    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetStartException(target, "interrupted while waiting for the cluster", List.of());
        }
    }
}
