package io.kconform.harness.launch;

import io.kconform.api.target.BrokerControl;
import io.kconform.api.target.ClientPrincipal;
import io.kconform.harness.config.EmbeddedTargetSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A started embedded cluster: its nodes' JVMs, data and security material. Closing it stops every
 * node, brokers before controllers (so that brokers shut down while a quorum still answers them),
 * and deletes the data and every store and secret-holding file. It is also the cluster's
 * {@link BrokerControl}. Thread-safe; close is idempotent.
 */
final class EmbeddedCluster implements RunningTarget, BrokerControl {

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    /** A controlled shutdown moves every leadership away first; with a quorum up it takes seconds. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(90);

    private final EmbeddedTargetSpec spec;
    private final ClusterLayout layout;
    private final List<NodeProcess> nodes;
    private final ListenerSecurity security;
    private final Path dataDir;
    private final ClusterReadiness readiness;
    private boolean closed;

    EmbeddedCluster(EmbeddedTargetSpec spec, ClusterLayout layout, List<NodeProcess> nodes, ListenerSecurity security,
                    Path dataDir) {
        this.spec = spec;
        this.layout = layout;
        this.nodes = List.copyOf(nodes);
        this.security = security;
        this.dataDir = dataDir;
        this.readiness = new ClusterReadiness(spec.name(), security.adminClientProperties());
    }

    List<NodeProcess> nodes() {
        return nodes;
    }

    List<NodeProcess> brokerProcesses() {
        return nodes.stream().filter(n -> n.node().broker()).toList();
    }

    /** Waits until every broker answers and the metadata lists them all. */
    void awaitReady(Duration timeout) {
        readiness.await(nodes, brokerProcesses(), brokerIdSet(), timeout);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String kind() {
        return spec.kind();
    }

    @Override
    public String description() {
        int brokers = layout.brokers().size();
        String shape = layout.combined() ? "1 node" : brokers + " brokers and " + layout.controllers().size()
                + " controllers";
        return "Apache Kafka " + spec.version() + ", embedded, KRaft, " + shape
                + (security.hasSecrets() ? ", " + security.describe() : "")
                + (spec.brokerProperties().isEmpty() ? "" : ", with " + spec.brokerProperties());
    }

    @Override
    public String bootstrapServers() {
        return layout.bootstrapServers();
    }

    @Override
    public Map<String, Object> clientProperties() {
        return security.adminClientProperties();
    }

    @Override
    public Set<String> secretValues() {
        return security.secretValues();
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.of(brokerProcesses().get(0).log());
    }

    @Override
    public Optional<BrokerControl> brokerControl() {
        return Optional.of(this);
    }

    @Override
    public Optional<ClientPrincipal> restrictedPrincipal() {
        return security.restrictedPrincipal();
    }

    // BrokerControl

    @Override
    public List<Integer> brokerIds() {
        return layout.brokers().stream().map(ClusterLayout.Node::id).sorted().toList();
    }

    @Override
    public boolean isRunning(int brokerId) {
        return process(brokerId).isAlive();
    }

    @Override
    public void stop(int brokerId) {
        process(brokerId).stop(STOP_GRACE);
    }

    @Override
    public void kill(int brokerId) {
        process(brokerId).kill();
    }

    @Override
    public void start(int brokerId) {
        NodeProcess broker = process(brokerId);
        if (broker.isAlive()) {
            return;
        }
        broker.start();
        try {
            List<NodeProcess> up = nodes.stream().filter(n -> n == broker || n.isAlive()).toList();
            readiness.await(up, List.of(broker), Set.of(brokerId), RESTART_TIMEOUT);
        } catch (TargetStartException e) {
            throw new IllegalStateException("broker " + brokerId + " did not come back: " + e.getMessage()
                    + "\n  last lines of its log:\n    " + String.join("\n    ", e.logTail()), e);
        }
    }

    private NodeProcess process(int brokerId) {
        ClusterLayout.Node node = layout.broker(brokerId);
        return nodes.stream().filter(n -> n.node() == node).findFirst().orElseThrow();
    }

    private Set<Integer> brokerIdSet() {
        return new HashSet<>(brokerIds());
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ExitCleanup.unregister(this);
        stopAll(brokerProcesses());
        stopAll(nodes.stream().filter(n -> !n.node().broker()).toList());
        EmbeddedKafka.deleteRecursively(dataDir);
        security.close();
    }

    private static void stopAll(List<NodeProcess> processes) {
        // In parallel, each on a thread of its own: this also runs in a shutdown hook, where pools may be gone.
        List<Thread> stops = new ArrayList<>();
        for (NodeProcess p : processes) {
            Thread stop = new Thread(() -> p.stop(CLOSE_GRACE), "kconform-stop-" + p);
            stop.start();
            stops.add(stop);
        }
        for (Thread stop : stops) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return description() + " at " + bootstrapServers();
    }

    /** For messages: the roles of the nodes, e.g. {@code broker-1, broker-2, controller-101}. */
    String roles() {
        return nodes.stream().map(NodeProcess::toString).collect(Collectors.joining(", "));
    }
}
