package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.api.target.Facility;
import io.kconform.report.model.CheckResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --no-cluster-changes} over the whole catalog: exactly the checks that declare a cluster-wide change are
 * withheld, each SKIPPED (not assessable here) with the reason naming what it changes and the option; without the
 * option nothing is. The declarations themselves are pinned: the checks known to change cluster-wide state.
 */
class ClusterChangesTest {

    private static final List<CheckDescriptor> CATALOG = CheckCatalog.discover().checks();
    private static final RunOptions SHARED = new RunOptions(1, Duration.ofSeconds(10)).withoutClusterChanges();

    @Test
    void theOptionSkipsExactlyTheDeclaredChecksSayingWhatEachChanges() {
        Map<String, CheckResult> withheld = ClusterChanges.withheld(CATALOG, SHARED);
        List<String> declared = CATALOG.stream().filter(c -> c.clusterChange().isPresent()).map(CheckDescriptor::id)
                .toList();
        assertThat(withheld.keySet()).containsExactlyElementsOf(declared);
        for (CheckDescriptor check : CATALOG) {
            CheckResult result = withheld.get(check.id());
            if (check.clusterChange().isEmpty()) {
                assertThat(result).as("%s, which changes nothing of the whole cluster", check.id()).isNull();
                continue;
            }
            assertThat(result.outcome()).as("outcome of %s", check.id()).isEqualTo(Outcome.SKIPPED);
            assertThat(result.execution()).as("execution of %s", check.id())
                    .isEqualTo(CheckResult.Execution.NOT_ASSESSABLE_HERE);
            assertThat(result.message()).as("reason for %s", check.id())
                    .isEqualTo("changes cluster-wide state: " + check.clusterChange().get() + "; --no-cluster-changes");
        }
    }

    @Test
    void withoutTheOptionNothingIsWithheld() {
        assertThat(ClusterChanges.withheld(CATALOG, RunOptions.DEFAULTS)).isEmpty();
    }

    @Test
    void theChecksThatChangeClusterWideStateDeclareIt() {
        assertThat(CATALOG.stream().filter(c -> c.clusterChange().isPresent()).map(CheckDescriptor::id))
                .containsExactlyInAnyOrder(
                        "eos.history.no-anomalies-across-broker-kill",
                        "protocol.admin.acls",
                        "protocol.admin.acls-enforced",
                        "protocol.admin.client-quota-throttles",
                        "protocol.admin.client-quotas",
                        "protocol.admin.elect-leaders",
                        "protocol.admin.elect-leaders-preferred-restored",
                        "protocol.admin.list-partition-reassignments",
                        "protocol.admin.scram-credentials",
                        "protocol.sweep.create-delegation-token.v1",
                        "protocol.sweep.create-delegation-token.v2",
                        "protocol.sweep.create-delegation-token.v3",
                        "storage.durability.acks-all-survives-broker-loss",
                        "storage.leader-epoch.truncation-detected");
        // stopping, killing or restarting a broker reaches everyone on the cluster
        assertThat(CATALOG).filteredOn(c -> c.requiredFacilities().contains(Facility.BROKER_CONTROL))
                .allMatch(c -> c.clusterChange().isPresent());
    }
}
