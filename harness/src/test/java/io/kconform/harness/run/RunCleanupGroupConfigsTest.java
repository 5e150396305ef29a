package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.cleanup.RunCleanup;
import io.kconform.api.target.ResourceNames;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.SharedBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListConfigResourcesOptions;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The run's cleanup removes the dynamic configs of groups named under the run's prefix, which a killed check that
 * set them leaves (share-group lock duration, delivery limit, KIP-848 heartbeat), and leaves other runs' alone.
 */
@ExtendWith(SharedBroker.class)
class RunCleanupGroupConfigsTest {

    private static final String CONFIG = "consumer.heartbeat.interval.ms";

    @Test
    void groupConfigsOfTheRunAreDeletedAndOthersKept(RunningTarget target) throws Exception {
        ResourceNames run = ResourceNames.newRun();
        ResourceNames other = ResourceNames.newRun();
        ConfigResource ours = new ConfigResource(ConfigResource.Type.GROUP, run.name("check", "group"));
        ConfigResource theirs = new ConfigResource(ConfigResource.Type.GROUP, other.name("check", "group"));
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                target.bootstrapServers()))) {
            AlterConfigOp set = new AlterConfigOp(new ConfigEntry(CONFIG, "6000"), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(ours, List.of(set), theirs, List.of(set))).all()
                    .get(10, TimeUnit.SECONDS);
            Awaitility.await("both group configs listed").atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(groupsWithConfigs(admin)).contains(ours, theirs));

            RunCleanup.Report report = RunCleanup.delete(target.bootstrapServers(), Map.of(), run);

            assertThat(report.problem()).isEmpty();
            assertThat(report.security()).isGreaterThanOrEqualTo(1);
            Awaitility.await("the run's group config gone").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(groupsWithConfigs(admin)).doesNotContain(ours).contains(theirs));
            assertThat(admin.describeConfigs(List.of(theirs)).all().get(10, TimeUnit.SECONDS).get(theirs)
                    .get(CONFIG).value()).isEqualTo("6000");
            assertThat(RunCleanup.delete(target.bootstrapServers(), Map.of(), other).security())
                    .isGreaterThanOrEqualTo(1);
        }
    }

    private static Set<ConfigResource> groupsWithConfigs(Admin admin) throws Exception {
        return Set.copyOf(admin.listConfigResources(Set.of(ConfigResource.Type.GROUP), new ListConfigResourcesOptions())
                .all().get(10, TimeUnit.SECONDS));
    }
}
