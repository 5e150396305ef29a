package io.kconform.harness.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClusterLayoutTest {

    private final AtomicInteger ports = new AtomicInteger(20000);

    @Test
    void oneBrokerIsOneNodeThatIsAlsoTheController() {
        ClusterLayout layout = ClusterLayout.of(1, ports::incrementAndGet);
        assertThat(layout.nodes()).singleElement().satisfies(n -> {
            assertThat(n.processRoles()).isEqualTo("broker,controller");
            assertThat(n.role()).isEqualTo("broker");
            assertThat(n.clientPort()).isNotEqualTo(n.controllerPort());
        });
        assertThat(layout.combined()).isTrue();
        assertThat(layout.quorumVoters()).isEqualTo("1@127.0.0.1:20002");
    }

    @Test
    void severalBrokersRunBesideThreeDedicatedControllersOnDistinctPorts() {
        ClusterLayout layout = ClusterLayout.of(3, ports::incrementAndGet);
        assertThat(layout.brokers()).extracting(ClusterLayout.Node::id).containsExactly(1, 2, 3);
        assertThat(layout.controllers()).extracting(ClusterLayout.Node::id).containsExactly(101, 102, 103);
        assertThat(layout.nodes()).extracting(ClusterLayout.Node::role).containsExactly("broker-1", "broker-2",
                "broker-3", "controller-101", "controller-102", "controller-103");
        assertThat(layout.brokers()).allMatch(n -> !n.controller() && n.controllerPort() == 0);
        assertThat(layout.controllers()).allMatch(n -> !n.broker() && n.clientPort() == 0);
        Set<Integer> used = new HashSet<>();
        layout.nodes().forEach(n -> used.add(n.broker() ? n.clientPort() : n.controllerPort()));
        assertThat(used).hasSize(6);
        assertThat(layout.quorumVoters()).matches("101@127\\.0\\.0\\.1:\\d+,102@127\\.0\\.0\\.1:\\d+,103@127\\.0\\.0\\.1:\\d+");
        assertThat(layout.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+");
        assertThatThrownBy(() -> layout.broker(101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no broker has id 101");
    }

    @Test
    void nodeConfigurationsBindLoopbackOnlyAndKeepTheControllerListenerPlaintext() {
        ClusterLayout layout = ClusterLayout.of(3, ports::incrementAndGet);
        ListenerSecurity plaintext = ListenerSecurity.plaintext();
        Map<String, String> broker = NodeConfig.of(layout, layout.brokers().get(0), Path.of("/data/b1"), plaintext);
        assertThat(broker).containsEntry("process.roles", "broker").containsEntry("node.id", "1")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:" + layout.brokers().get(0).clientPort())
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + layout.brokers().get(0).clientPort())
                .containsEntry("inter.broker.listener.name", "PLAINTEXT")
                .containsEntry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")
                .containsEntry("controller.quorum.voters", layout.quorumVoters())
                .containsEntry("broker.rack", "rack-1")
                .containsEntry("replica.selector.class", "org.apache.kafka.common.replica.RackAwareReplicaSelector");
        assertThat(NodeConfig.of(layout, layout.brokers().get(2), Path.of("/data/b3"), plaintext))
                .containsEntry("broker.rack", "rack-3");
        Map<String, String> controller = NodeConfig.of(layout, layout.controllers().get(0), Path.of("/data/c"), plaintext);
        assertThat(controller).containsEntry("process.roles", "controller")
                .containsEntry("listeners", "CONTROLLER://127.0.0.1:" + layout.controllers().get(0).controllerPort())
                .doesNotContainKeys("advertised.listeners", "inter.broker.listener.name", "broker.rack",
                        "replica.selector.class");
        ClusterLayout single = ClusterLayout.of(1, ports::incrementAndGet);
        assertThat(NodeConfig.of(single, single.brokers().get(0), Path.of("/data/one"), plaintext))
                .doesNotContainKeys("broker.rack", "replica.selector.class");
    }

    @Test
    void replicationDefaultsSurviveTheLossOfOneBroker() {
        assertThat(NodeConfig.replicationDefaults(1)).isEmpty();
        assertThat(NodeConfig.replicationDefaults(3)).containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2").containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2");
        assertThat(NodeConfig.replicationDefaults(2)).containsEntry("default.replication.factor", "2")
                .containsEntry("min.insync.replicas", "1");
        assertThat(NodeConfig.replicationDefaults(5)).containsEntry("default.replication.factor", "3");
    }

    @Test
    void theCopyForPeopleHidesEveryValueThatHoldsASecret(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("server.properties");
        NodeConfig.write(file, new java.util.LinkedHashMap<>(Map.of("ssl.keystore.password", "s3cr3t-value",
                "listener.name.x.jaas", "module required password=\"s3cr3t-value\";", "log.dirs", "/tmp/x")),
                List.of("s3cr3t-value"));
        String text = java.nio.file.Files.readString(file);
        assertThat(text).doesNotContain("s3cr3t-value").contains("ssl.keystore.password=[hidden]")
                .contains("listener.name.x.jaas=[hidden]").contains("log.dirs=/tmp/x");
    }
}
