package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.cleanup.RunCleanup;
import io.kconform.api.target.ResourceNames;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.SharedBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The run's cleanup removes quota entities and SCRAM users named under the run's prefix, which an
 * interrupted admin check may leave, and leaves those of other runs alone. (ACLs need an authorizer,
 * which the shared broker has not; the cleanup then finds none, without a problem.)
 */
@ExtendWith(SharedBroker.class)
class RunCleanupSecurityTest {

    @Test
    void quotasAndScramUsersOfTheRunAreDeletedAndOthersKept(RunningTarget target) throws Exception {
        ResourceNames run = ResourceNames.newRun();
        ResourceNames other = ResourceNames.newRun();
        String ours = run.name("check", "quota");
        String theirs = other.name("check", "quota");
        String user = run.name("check", "user");
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                target.bootstrapServers()))) {
            for (String clientId : List.of(ours, theirs)) {
                admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity(clientId),
                        List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 4096.0))))).all()
                        .get(10, TimeUnit.SECONDS);
            }
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "not-a-secret-test-password")))
                    .all().get(10, TimeUnit.SECONDS);
            Awaitility.await("quotas and user visible").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(quotaEntities(admin)).contains(entity(ours), entity(theirs));
                assertThat(admin.describeUserScramCredentials().users().get()).contains(user);
            });

            RunCleanup.Report report = RunCleanup.delete(target.bootstrapServers(), Map.of(), run);

            assertThat(report.problem()).isEmpty();
            // a later round may find an entity again before its removal reached the broker, and remove it again
            assertThat(report.security()).isGreaterThanOrEqualTo(2);
            assertThat(report.describe(run.prefix())).contains("quota entities, SCRAM users or ACLs");
            Awaitility.await("the run's quota and user gone").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(quotaEntities(admin)).doesNotContain(entity(ours)).contains(entity(theirs));
                assertThat(admin.describeUserScramCredentials().users().get()).doesNotContain(user);
            });
            assertThat(RunCleanup.delete(target.bootstrapServers(), Map.of(), other).security()).isGreaterThanOrEqualTo(1);
        }
    }

    private static ClientQuotaEntity entity(String clientId) {
        return new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId));
    }

    private static java.util.Set<ClientQuotaEntity> quotaEntities(Admin admin) throws Exception {
        return admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get(10, TimeUnit.SECONDS).keySet();
    }
}
