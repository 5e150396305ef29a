package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.Outcome;
import io.kconform.api.target.ClientPrincipal;
import io.kconform.api.wire.WireClient;
import io.kconform.api.wire.WireException;
import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.config.TargetsFile;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.launch.TargetLauncher;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.RunOptions;
import io.kconform.harness.run.TargetSession;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.render.ReportWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.junit.jupiter.api.Test;

/**
 * The whole catalog against {@code kafka-4.4-sasl-ssl} of the project's targets.yaml: one Apache Kafka
 * 4.4.0 node whose client listener speaks SASL_SSL with SCRAM-SHA-512, with certificates made for the
 * run and ACLs enforced. Every check must have its outcome on the reference (golden {@code kafka-4.4.tsv})
 * with the harness's credentials — so every check hands the target's client properties to every client
 * it makes — and the ACL checks, not offered without an authorizer and a second principal, must PASS
 * (ACLs stored, and enforced on the restricted principal); the checks that send raw frames do so over TLS,
 * before SASL authentication, with the reference's outcomes; the durability check needs three brokers and
 * must be SKIPPED with that reason. The listener must refuse a client without TLS and SASL and a wrong
 * password; the restricted principal must authenticate and be refused what the admin may do; no ACL or
 * client quota of the run may be left once it is over. No generated password or store secret may appear
 * in the console lines, the reports, or any file the run leaves; the stores themselves are deleted when
 * the target stops.
 */
class SecuredKafkaIT {

    private static final String NAME = "kafka-4.4-sasl-ssl";

    @Test
    void everyCheckPassesWithSaslSslScramAndAclsAndNoSecretLeaks() throws Exception {
        Path out = Path.of("target", "proof", "secured");
        Path workDir = out.resolve("targets").resolve(NAME);
        EmbeddedTargetSpec spec = (EmbeddedTargetSpec) TargetsFile.load(Path.of("../targets.yaml")).resolve(NAME);
        assertThat(spec.security()).hasValueSatisfying(s -> assertThat(s.protocol()).isEqualTo("SASL_SSL"));
        TargetLauncher launcher = new TargetLauncher(new ArtifactResolver());
        CheckCatalog catalog = CheckCatalog.discover();
        List<String> console = Collections.synchronizedList(new ArrayList<>());

        Set<String> secrets;
        TargetReport report;
        Instant started = Instant.now();
        try (RunningTarget target = launcher.start(spec, workDir, console::add)) {
            secrets = target.secretValues();
            // the passwords of three principals and the stores' password, at least
            assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);
            assertThat(workDir.resolve("security")).isDirectory();
            assertThat(target.restrictedPrincipal()).isPresent();

            refusesClientsWithoutCredentials(target);
            enforcesAcls(target, target.restrictedPrincipal().orElseThrow());

            report = new TargetSession(launcher, catalog, RunOptions.DEFAULTS).runStarted(spec, target,
                    catalog.checks(), console::add, result -> console.add(result.id() + " " + result.outcome() + " "
                            + result.message() + " " + String.join(" | ", result.evidence()))).report();
            nothingOfTheRunLeft(target, report.resourcePrefix());
        }
        assertThat(workDir.resolve("security")).as("stores and secret-holding configurations after the run")
                .doesNotExist();
        new ReportWriter().writeAll(new RunReport(RunReport.SCHEMA_VERSION, "kconform", "test", "Apache Kafka 4.4",
                started, Instant.now(), "all checks", List.of(report)), out);
        Files.write(out.resolve("console.txt"), console, StandardCharsets.UTF_8);
        console.forEach(line -> System.out.println("[" + NAME + "] " + line));

        assertThat(report.error()).isEmpty();
        assertThat(report.description()).contains("SASL_SSL SCRAM-SHA-512, ACLs enforced");
        // As the reference (golden kafka-4.4.tsv), and the ACL checks, not offered without an authorizer and a
        // second principal, pass: ACLs are stored, and enforced on the restricted principal.
        Map<String, Outcome> expected = new LinkedHashMap<>(GoldenOutcomes.reference());
        expected.put("protocol.admin.acls", Outcome.PASS);
        expected.put("protocol.admin.acls-enforced", Outcome.PASS);
        // Raw frames go over TLS, before SASL authentication, and must have the reference's outcomes there too.
        assertThat(GoldenOutcomes.differences(expected, report.checks()))
                .as("outcomes on SASL_SSL with ACLs enforced that differ from the reference's").isEmpty();
        CheckResult durability = report.checks().stream()
                .filter(c -> c.id().equals("storage.durability.acks-all-survives-broker-loss")).findFirst().orElseThrow();
        assertThat(durability.message()).contains("needs a cluster of at least 3 brokers");

        List<String> leaks = new ArrayList<>();
        for (String line : console) {
            secrets.stream().filter(line::contains).findAny().ifPresent(s -> leaks.add("console: " + line));
        }
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = read(file);
                secrets.stream().filter(text::contains).findAny().ifPresent(s -> leaks.add(file.toString()));
            }
        }
        assertThat(leaks).as("generated secrets found in the console or the run's files").isEmpty();
        assertThat(read(workDir.resolve("server.properties"))).contains("sasl.jaas.config=[hidden]");
    }

    /** Neither PLAINTEXT nor a wrong password gets through. */
    private static void refusesClientsWithoutCredentials(RunningTarget target) {
        String[] hostPort = target.bootstrapServers().split(",")[0].split(":");
        assertThatThrownBy(() -> {
            try (WireClient plain = WireClient.connect(hostPort[0], Integer.parseInt(hostPort[1]), Map.of(),
                    Duration.ofSeconds(5))) {
                plain.send(new ApiVersionsRequest.Builder(), ApiKeys.API_VERSIONS.latestVersion());
            }
        }).as("ApiVersions from a client without TLS and SASL").isInstanceOf(WireException.class);
        Map<String, Object> wrong = new HashMap<>(target.clientProperties());
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"kconform-admin\" password=\"not-the-password\";");
        assertThatThrownBy(() -> describeCluster(target, wrong)).as("the admin with a wrong password")
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    /** The restricted principal authenticates, and is refused what the admin may do. */
    private static void enforcesAcls(RunningTarget target, ClientPrincipal restricted) throws Exception {
        assertThat(restricted.toString()).isEqualTo("User:kconform-restricted");
        String topic = "kconform-acl-probe-" + System.nanoTime();
        try (Admin admin = admin(target, restricted.clientProperties())) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS)).as("the restricted principal creating a topic")
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (Admin admin = admin(target, target.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** The checks' ACLs and client quotas, removed by the checks themselves or by the run's cleanup. */
    private static void nothingOfTheRunLeft(RunningTarget target, String prefix) throws Exception {
        try (Admin admin = admin(target, target.clientProperties())) {
            assertThat(admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS))
                    .as("ACLs left under %s", prefix)
                    .noneMatch(b -> b.pattern().name().contains(prefix) || b.entry().principal().contains(prefix));
            assertThat(admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get(30, TimeUnit.SECONDS))
                    .as("client quotas left under %s", prefix)
                    .allSatisfy((entity, quotas) -> assertThat(entity.entries().values()).noneMatch(
                            name -> name != null && name.contains(prefix)));
        }
    }

    private static void describeCluster(RunningTarget target, Map<String, Object> properties) throws Exception {
        try (Admin admin = admin(target, properties)) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e;
        }
    }

    private static Admin admin(RunningTarget target, Map<String, Object> properties) {
        Map<String, Object> config = new HashMap<>(properties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(config);
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
