package io.kconform.harness.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * Which nodes an embedded cluster has, with their ids, roles and loopback ports.
 *
 * <p>One broker runs as a single node that is broker and controller at once, as the reference
 * always has. Several brokers run beside a quorum of three dedicated controllers, as production
 * clusters do (Apache Kafka advises against combined nodes there): stopping or killing a broker then
 * never costs the quorum a voter, so a check that kills a partition's leader sees only a broker
 * fail, and leadership moves as it would in production. Broker ids are 1..n; controller ids are
 * {@value #FIRST_CONTROLLER_ID} and up, so that they never look like brokers in a check's evidence.
 *
 * @param nodes every node, brokers first
 */
record ClusterLayout(List<Node> nodes) {

    /** The quorum size of a cluster of several brokers: it survives the loss of one controller. */
    static final int CONTROLLERS = 3;
    static final int FIRST_CONTROLLER_ID = 101;

    /**
     * One node of the cluster.
     *
     * @param id             its node.id
     * @param broker         whether it serves clients
     * @param controller     whether it is a voter of the controller quorum
     * @param clientPort     its client listener's port, or 0 when it is no broker
     * @param controllerPort its controller listener's port, or 0 when it is no controller
     */
    record Node(int id, boolean broker, boolean controller, int clientPort, int controllerPort) {

        /** A name for files and messages: {@code broker-2}, {@code controller-101}, or {@code broker} alone. */
        String role() {
            return broker && controller ? "broker" : broker ? "broker-" + id : "controller-" + id;
        }

        /** {@code process.roles}. */
        String processRoles() {
            return broker && controller ? "broker,controller" : broker ? "broker" : "controller";
        }
    }

    ClusterLayout {
        nodes = List.copyOf(nodes);
    }

    /**
     * The layout of {@code brokers} brokers, with ports from {@code ports} (free loopback ports, which
     * another process may still take before a node binds them: the launcher then starts again).
     */
    static ClusterLayout of(int brokers, IntSupplier ports) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a cluster needs at least one broker");
        }
        List<Node> nodes = new ArrayList<>();
        if (brokers == 1) {
            nodes.add(new Node(1, true, true, ports.getAsInt(), ports.getAsInt()));
            return new ClusterLayout(nodes);
        }
        for (int id = 1; id <= brokers; id++) {
            nodes.add(new Node(id, true, false, ports.getAsInt(), 0));
        }
        for (int i = 0; i < CONTROLLERS; i++) {
            nodes.add(new Node(FIRST_CONTROLLER_ID + i, false, true, 0, ports.getAsInt()));
        }
        return new ClusterLayout(nodes);
    }

    /** The nodes that serve clients. */
    List<Node> brokers() {
        return nodes.stream().filter(Node::broker).toList();
    }

    /** The voters of the controller quorum. */
    List<Node> controllers() {
        return nodes.stream().filter(Node::controller).toList();
    }

    /** The broker with this id. */
    Node broker(int id) {
        return brokers().stream().filter(n -> n.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no broker has id " + id + " (brokers: "
                        + brokers().stream().map(n -> String.valueOf(n.id())).collect(Collectors.joining(", ")) + ")"));
    }

    /** Whether brokers and controllers share JVMs. */
    boolean combined() {
        return nodes.size() == 1;
    }

    /** {@code controller.quorum.voters}: {@code id@127.0.0.1:port,...}. */
    String quorumVoters() {
        return controllers().stream().map(n -> n.id() + "@127.0.0.1:" + n.controllerPort())
                .collect(Collectors.joining(","));
    }

    /** The client listeners' addresses: {@code 127.0.0.1:port,...}. */
    String bootstrapServers() {
        return brokers().stream().map(n -> "127.0.0.1:" + n.clientPort()).collect(Collectors.joining(","));
    }
}
