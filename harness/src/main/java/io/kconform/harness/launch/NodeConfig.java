package io.kconform.harness.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings that make one node part of its cluster — id, roles, quorum, listeners, data
 * directory, listener security, and in a cluster of several brokers each broker's rack and the
 * rack-aware replica selector — and the replication defaults of a cluster of several brokers.
 * Release-independent settings only: the harness's timers and a target's own properties are laid
 * over these by {@link EmbeddedKafka}.
 */
final class NodeConfig {

    /** Apache Kafka's replica selector of KIP-392 that prefers a replica in the consumer's rack. */
    static final String RACK_AWARE_SELECTOR = "org.apache.kafka.common.replica.RackAwareReplicaSelector";

    private NodeConfig() {
    }

    /** The node's own settings in its cluster. */
    static Map<String, String> of(ClusterLayout layout, ClusterLayout.Node node, Path dataDir,
                                  ListenerSecurity security) {
        String client = security.protocol();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", node.processRoles());
        p.put("node.id", String.valueOf(node.id()));
        p.put("controller.quorum.voters", layout.quorumVoters());
        StringBuilder listeners = new StringBuilder();
        if (node.broker()) {
            listeners.append(client).append("://127.0.0.1:").append(node.clientPort());
        }
        if (node.controller()) {
            listeners.append(listeners.length() > 0 ? "," : "").append("CONTROLLER://127.0.0.1:")
                    .append(node.controllerPort());
        }
        p.put("listeners", listeners.toString());
        if (node.broker()) {
            p.put("advertised.listeners", client + "://127.0.0.1:" + node.clientPort());
            p.put("inter.broker.listener.name", client);
        }
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        if (node.broker() && !layout.combined()) {
            // Every broker in a rack of its own, as brokers spread over zones are, and leaders that send a consumer
            // naming its rack to the replica there (KIP-392): what storage.fetch.follower-fetching needs. Consumers
            // that name no rack (every other check's) still read from the leader.
            p.put("broker.rack", rack(node.id()));
            p.put("replica.selector.class", RACK_AWARE_SELECTOR);
        }
        p.putAll(security.nodeProperties(node.broker(), node.controller()));
        return p;
    }

    /** The rack of a broker of a cluster of several brokers: {@code rack-<id>}. */
    static String rack(int brokerId) {
        return "rack-" + brokerId;
    }

    /**
     * What a cluster of {@code brokers} brokers needs beyond a single node's defaults: every topic,
     * internal ones included, replicated three times (fewer when there are fewer brokers) and
     * acknowledged by two, so that acks=all survives the loss of one broker. Empty for one broker.
     */
    static Map<String, String> replicationDefaults(int brokers) {
        Map<String, String> d = new LinkedHashMap<>();
        if (brokers < 2) {
            return d;
        }
        String replicas = String.valueOf(Math.min(3, brokers));
        String minInSync = String.valueOf(Math.min(3, brokers) - 1);
        d.put("default.replication.factor", replicas);
        d.put("min.insync.replicas", minInSync);
        d.put("offsets.topic.replication.factor", replicas);
        d.put("transaction.state.log.replication.factor", replicas);
        d.put("transaction.state.log.min.isr", minInSync);
        d.put("share.coordinator.state.topic.replication.factor", replicas);
        d.put("share.coordinator.state.topic.min.isr", minInSync);
        return d;
    }

    /**
     * Writes a configuration file; values that contain any of {@code secrets} are written as
     * {@code [hidden]}, for the copy people read beside the log.
     */
    static void write(Path file, Map<String, String> properties, Collection<String> secrets) {
        StringBuilder text = new StringBuilder("# written by kconform for this run\n");
        properties.forEach((k, v) -> {
            boolean secret = secrets.stream().anyMatch(s -> !s.isEmpty() && v.contains(s));
            text.append(k).append('=').append(secret ? "[hidden]" : escape(v)).append('\n');
        });
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Backslashes would be read as escapes by java.util.Properties (Windows paths). */
    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }
}
