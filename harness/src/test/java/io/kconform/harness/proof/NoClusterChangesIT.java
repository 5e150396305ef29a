package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.config.TargetsFile;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.launch.TargetLauncher;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.CheckListener;
import io.kconform.harness.run.RunOptions;
import io.kconform.harness.run.TargetSession;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.TargetReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.junit.jupiter.api.Test;

/**
 * {@code --no-cluster-changes} leaves a shared cluster as it was, proven on {@code kafka-4.4-sasl-ssl} of the
 * project's targets.yaml (one Apache Kafka 4.4.0 node with SCRAM users and ACLs enforced, and a restricted principal,
 * so that the ACL, SCRAM and quota checks would act). Forgetting to declare a check cannot fool it, because it does
 * not trust the declarations: it reads the node's metadata log, where the controller records every change it
 * accepted, also one a check made and undid a moment later.
 *
 * <ol>
 *   <li>The detector works: the quota, SCRAM and ACL checks, run without the option, PASS and leave their records in
 *       the metadata log, while the cluster's state afterwards equals the state before: a before/after comparison
 *       alone would have been fooled by the checks' own clean-up.</li>
 *   <li>The whole protocol battery (every check that uses an administrative API lives there, the sweep of every
 *       API key and version included) and the durability check, run with the option: the metadata log gains no
 *       cluster-wide record (SCRAM users, client quotas, ACLs, configs of brokers or of the cluster, features,
 *       delegation tokens, unregistered nodes); SCRAM users, client quotas, ACLs, the brokers' dynamic configs,
 *       ongoing reassignments and finalized features are as before; every declared check is SKIPPED with its reason
 *       and the others ran.</li>
 * </ol>
 */
class NoClusterChangesIT {

    private static final String NAME = "kafka-4.4-sasl-ssl";
    private static final List<String> CHANGING = List.of("protocol.admin.client-quotas",
            "protocol.admin.scram-credentials", "protocol.admin.acls");

    @Test
    void aRunWithNoClusterChangesLeavesNoTraceInTheMetadataLog() throws Exception {
        Path workDir = Path.of("target", "proof", "no-cluster-changes").resolve(NAME);
        EmbeddedTargetSpec spec = (EmbeddedTargetSpec) TargetsFile.load(Path.of("../targets.yaml")).resolve(NAME);
        TargetLauncher launcher = new TargetLauncher(new ArtifactResolver());
        CheckCatalog catalog = CheckCatalog.discover();
        try (RunningTarget target = launcher.start(spec, workDir, line -> System.out.println("[" + NAME + "] " + line))) {
            MetadataLog log = MetadataLog.of(workDir.resolve("server.properties"));

            // 1. the detector sees changes a check undoes
            Map<String, Object> before = clusterState(target);
            long start = log.lastOffset();
            List<CheckDescriptor> changing = CHANGING.stream().map(id -> catalog.find(id).orElseThrow()).toList();
            TargetReport allowed = run(launcher, catalog, RunOptions.DEFAULTS, spec, target, changing);
            assertThat(allowed.checks()).filteredOn(c -> CHANGING.contains(c.id()))
                    .as("the changing checks, run without the option").hasSize(CHANGING.size())
                    .allSatisfy(c -> assertThat(c.outcome()).as("%s: %s", c.id(), c.message()).isEqualTo(Outcome.PASS));
            Set<String> seen = log.clusterWideAfter(start).stream().map(MetadataLog.Entry::description)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(seen).as("cluster-wide records of the quota, SCRAM and ACL checks").contains(
                    "ClientQuotaRecord", "UserScramCredentialRecord", "RemoveUserScramCredentialRecord",
                    "AccessControlEntryRecord", "RemoveAccessControlEntryRecord");
            assertThat(clusterState(target)).as("cluster state after checks that undo their changes")
                    .isEqualTo(before);

            // 2. the protocol battery with --no-cluster-changes changes nothing of the whole cluster
            List<CheckDescriptor> selected = catalog.checks().stream().filter(c -> c.battery() == Battery.PROTOCOL
                    || c.id().equals("storage.durability.acks-all-survives-broker-loss")).toList();
            Map<String, Object> stateBefore = clusterState(target);
            long offset = log.lastOffset();
            long begin = System.nanoTime();
            TargetReport shared = run(launcher, catalog, RunOptions.DEFAULTS.withoutClusterChanges(), spec, target,
                    selected);
            System.out.printf("[%s] %d checks with --no-cluster-changes in %d s%n", NAME, selected.size(),
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin));
            assertThat(shared.error()).isEmpty();
            assertThat(log.clusterWideAfter(offset)).as("cluster-wide records in the metadata log during the run")
                    .isEmpty();
            assertThat(clusterState(target)).as("cluster state after the run").isEqualTo(stateBefore);

            Map<String, CheckResult> byId = shared.checks().stream().collect(Collectors.toMap(CheckResult::id, c -> c));
            for (CheckDescriptor check : selected) {
                CheckResult result = byId.get(check.id());
                if (check.clusterChange().isPresent()) {
                    assertThat(result.outcome()).as("outcome of %s", check.id()).isEqualTo(Outcome.SKIPPED);
                    assertThat(result.message()).as("reason for %s", check.id()).isEqualTo("changes cluster-wide"
                            + " state: " + check.clusterChange().get() + "; --no-cluster-changes");
                } else {
                    assertThat(result.execution()).as("execution of %s", check.id()).isIn(
                            CheckResult.Execution.RAN, CheckResult.Execution.NOT_ASSESSABLE_HERE);
                    assertThat(result.message()).as("message of %s", check.id()).doesNotContain("--no-cluster-changes");
                }
            }
        }
    }

    private static TargetReport run(TargetLauncher launcher, CheckCatalog catalog, RunOptions options,
                                    EmbeddedTargetSpec spec, RunningTarget target, List<CheckDescriptor> checks) {
        return new TargetSession(launcher, catalog, options).runStarted(spec, target, checks,
                line -> System.out.println("[" + NAME + "] " + line), CheckListener.NONE).report();
    }

    /**
     * What of the cluster a run must not change, as the admin API shows it: SCRAM users, client quotas, ACLs, each
     * broker's dynamic configs, ongoing reassignments, finalized features.
     */
    private static Map<String, Object> clusterState(RunningTarget target) throws Exception {
        Map<String, Object> state = new TreeMap<>();
        try (Admin admin = admin(target)) {
            state.put("scram users", new TreeMap<>(get(admin.describeUserScramCredentials().all()).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().credentialInfos().toString()))));
            state.put("client quotas", get(admin.describeClientQuotas(ClientQuotaFilter.all()).entities()).toString());
            state.put("acls", get(admin.describeAcls(AclBindingFilter.ANY).values()).stream().map(Object::toString)
                    .collect(Collectors.toCollection(TreeSet::new)));
            Collection<Node> nodes = get(admin.describeCluster().nodes());
            List<ConfigResource> brokers = new ArrayList<>();
            nodes.forEach(n -> brokers.add(new ConfigResource(ConfigResource.Type.BROKER, n.idString())));
            brokers.add(new ConfigResource(ConfigResource.Type.BROKER, "")); // the cluster-wide broker defaults
            Map<ConfigResource, Config> configs = get(admin.describeConfigs(brokers,
                    new DescribeConfigsOptions().includeSynonyms(false)).all());
            Set<ConfigSource> dynamic = Set.of(ConfigSource.DYNAMIC_BROKER_CONFIG,
                    ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG);
            configs.forEach((resource, config) -> state.put("dynamic configs of broker '" + resource.name() + "'",
                    config.entries().stream().filter(e -> dynamic.contains(e.source()))
                            .map(e -> e.name() + "=" + (e.isSensitive() ? "(sensitive)" : e.value()))
                            .collect(Collectors.toCollection(TreeSet::new))));
            state.put("reassignments", get(admin.listPartitionReassignments().reassignments()).keySet().toString());
            state.put("finalized features", new TreeMap<>(get(admin.describeFeatures().featureMetadata())
                    .finalizedFeatures()).toString());
        }
        return state;
    }

    private static <T> T get(KafkaFuture<T> future) throws Exception {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("reading the cluster's state: " + e.getCause(), e.getCause());
        }
    }

    private static Admin admin(RunningTarget target) {
        Map<String, Object> config = new HashMap<>(target.clientProperties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(30).toMillis());
        return Admin.create(config);
    }
}
