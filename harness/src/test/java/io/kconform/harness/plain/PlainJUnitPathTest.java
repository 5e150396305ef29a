package io.kconform.harness.plain;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Check;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.SharedBroker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The plain JUnit path, as a vendor's Surefire runs it (without the harness): the checks of the
 * {@code conformance-tests} jar against a target given by {@code kconform.bootstrap}, selected by
 * {@code kconform.check}, shown by their ids, and everything they created deleted when the engine run ends.
 * The suite class itself needs the suite engine, which the harness leaves out; this launches what it selects.
 */
@ExtendWith(SharedBroker.class)
class PlainJUnitPathTest {

    /** A check that leaves a topic and a group with offsets behind it, and two members of a family. */
    private static final String SELECTION =
            "groups.classic.commit-and-resume, protocol.sweep.add-offsets-to-txn.v0, protocol.sweep.add-offsets-to-txn.v1";

    @Test
    void selectedChecksRunByTheirIdsAndWhatTheyCreatedIsDeleted(RunningTarget target) throws Exception {
        Results results = new Results();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage("io.kconform.checks"))
                .filters(TagFilter.includeTags(Check.TAG))
                .configurationParameter("kconform.bootstrap", target.bootstrapServers())
                .configurationParameter("kconform.check", SELECTION)
                .configurationParameter("junit.jupiter.displayname.generator.default",
                        "io.kconform.api.junit.CheckIdDisplayNames")
                .build();

        LauncherFactory.create().execute(request, results);

        assertThat(results.finished).containsOnlyKeys("groups.classic.commit-and-resume",
                "protocol.sweep.add-offsets-to-txn.v0", "protocol.sweep.add-offsets-to-txn.v1");
        assertThat(results.finished).allSatisfy((id, result) ->
                assertThat(result.getStatus()).as(id + ": " + result).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
        assertThat(results.skipped).isNotEmpty()
                .allSatisfy(reason -> assertThat(reason).startsWith("not selected by kconform.check="));
        assertThat(results.prefixes).hasSize(1);
        String prefix = results.prefixes.get(0);
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                target.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .noneMatch(topic -> topic.startsWith(prefix));
            assertThat(admin.listGroups().all().get(10, TimeUnit.SECONDS)).extracting(GroupListing::groupId)
                    .noneMatch(group -> group.startsWith(prefix));
        }
    }

    /** What the launcher reported: each finished test by its display name, skip reasons, the run's prefix. */
    private static final class Results implements TestExecutionListener {
        final Map<String, TestExecutionResult> finished = new ConcurrentHashMap<>();
        final List<String> skipped = new CopyOnWriteArrayList<>();
        final List<String> prefixes = new CopyOnWriteArrayList<>();

        @Override
        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
                finished.put(test.getDisplayName(), result);
            }
        }

        @Override
        public void executionSkipped(TestIdentifier test, String reason) {
            skipped.add(reason);
        }

        @Override
        public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
            entry.getKeyValuePairs().entrySet().stream().filter(e -> e.getKey().equals("kconform.prefix"))
                    .forEach(e -> prefixes.add(e.getValue()));
        }
    }
}
