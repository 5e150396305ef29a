package io.kconform.checks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class WorkerPropertiesTest {

    private static final WorkerNames NAMES = new WorkerNames("g", "c", "o", "s");

    @Test
    void targetClientPropertiesReachTheWorkerAndEveryConnectorClient() {
        Map<String, String> props = WorkerProperties.build(Map.of(
                "bootstrap.servers", "b:9092",
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", new Password("secret-jaas")), NAMES, false, Optional.empty());

        for (String prefix : List.of("", "producer.", "consumer.", "admin.")) {
            assertThat(props).as("prefix '%s'", prefix)
                    .containsEntry(prefix + "security.protocol", "SASL_SSL")
                    .containsEntry(prefix + "sasl.jaas.config", "secret-jaas");
        }
        assertThat(props).containsEntry("bootstrap.servers", "b:9092")
                .doesNotContainKeys("producer.bootstrap.servers", "consumer.bootstrap.servers");
    }

    @Test
    void namesTimersAndDiscoveryAreSet() {
        Map<String, String> props = WorkerProperties.build(Map.of("bootstrap.servers", "b:9092"), NAMES, true,
                Optional.empty());

        assertThat(props).containsEntry("group.id", "g").containsEntry("config.storage.topic", "c")
                .containsEntry("offset.storage.topic", "o").containsEntry("status.storage.topic", "s")
                .containsEntry("plugin.discovery", "service_load")
                .containsEntry("listeners", "http://127.0.0.1:0")
                .containsEntry("scheduled.rebalance.max.delay.ms", "0")
                .containsEntry("exactly.once.source.support", "enabled");
        assertThat(WorkerProperties.build(Map.of(), NAMES, false, Optional.empty()))
                .containsEntry("exactly.once.source.support", "disabled");
    }

    @Test
    void internalTopicsTakeTheTargetsDefaultsUnlessAReplicationFactorIsGiven() {
        assertThat(WorkerProperties.build(Map.of(), NAMES, false, Optional.empty()))
                .containsEntry("config.storage.replication.factor", "-1")
                .containsEntry("offset.storage.replication.factor", "-1")
                .containsEntry("status.storage.replication.factor", "-1")
                .containsEntry("offset.storage.partitions", "-1")
                .containsEntry("status.storage.partitions", "-1");
        // a target whose CreateTopics cannot ask for defaults: every count explicit, Connect's own partition counts
        assertThat(WorkerProperties.build(Map.of(), NAMES, false, Optional.of((short) 1)))
                .containsEntry("config.storage.replication.factor", "1")
                .containsEntry("offset.storage.replication.factor", "1")
                .containsEntry("status.storage.replication.factor", "1")
                .containsEntry("offset.storage.partitions", "25")
                .containsEntry("status.storage.partitions", "5");
    }

    @Test
    void listsAndClassesBecomeText() {
        assertThat(WorkerProperties.asString(List.of("a:1", "b:2"))).isEqualTo("a:1,b:2");
        assertThat(WorkerProperties.asString(String.class)).isEqualTo("java.lang.String");
        assertThat(WorkerProperties.asString(42)).isEqualTo("42");
    }
}
