package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.context.CheckOptions;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.api.target.ApiRange;
import io.kconform.api.target.ClientPrincipal;
import io.kconform.api.target.Handshake;
import io.kconform.api.target.TargetFacts;
import io.kconform.report.model.CheckResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class ClientJvmMessagesTest {

    private static final CheckDescriptor CHECK = new CheckDescriptor("storage.log.replay-identical", "Replay",
            Battery.STORAGE, Level.STORAGE, Strength.MUST, List.of("KIP-1"), "look at the log", List.of(), List.of(),
            "io.kconform.checks.storage.LogOrderChecks", "replayIdentical");

    @Test
    void theSetUpCarriesTheTargetWithItsSecretsAndTheFactsWithTheChildsOwnHandshake() {
        TreeMap<Integer, ApiRange> apis = new TreeMap<>(Map.of(0, new ApiRange((short) 3, (short) 13),
                18, new ApiRange((short) 0, (short) 5), 999, new ApiRange((short) 1, (short) 0)));
        TargetFacts facts = new TargetFacts(apis, (short) 3, "", new TreeMap<>(Map.of("transaction.version",
                new ApiRange((short) 0, (short) 2))), new TreeMap<>(Map.of("transaction.version", (short) 2)),
                "q1Sh-9_ISia_zwGINzRvyQ", 1, List.of("1@127.0.0.1:9092"), new Handshake((short) 5, (short) 3,
                List.of("ApiVersions v5: no response (the target closed the connection)")));
        ClientJvmMessages.Setup setup = new ClientJvmMessages.Setup("vendor", "127.0.0.1:9092",
                Map.of("sasl.jaas.config", "secret-jaas", "security.protocol", "SASL_SSL"),
                Optional.of(new ClientPrincipal("User:tenant-b", Map.of("sasl.jaas.config", "tenant-secret"))),
                "kconform-abcdefgh", facts, new RunOptions(3, Duration.ofSeconds(90)).withCheckOptions(
                        Map.of(CheckOptions.HISTORY_SEED, "-7", CheckOptions.HISTORY_DURATION_SECONDS, "30")));

        String line = ClientJvmMessages.setup(setup);
        assertThat(line).doesNotContain("\n");
        ClientJvmMessages.Message message = ClientJvmMessages.Message.parse(line);
        assertThat(message.name()).isEqualTo("setup");
        ClientJvmMessages.Setup read = ClientJvmMessages.readSetup(message.body());

        assertThat(read.name()).isEqualTo("vendor");
        assertThat(read.clientProperties()).isEqualTo(setup.clientProperties());
        assertThat(read.restrictedPrincipal()).isEqualTo(setup.restrictedPrincipal());
        assertThat(read.prefix()).isEqualTo("kconform-abcdefgh");
        assertThat(read.options()).isEqualTo(setup.options());
        assertThat(read.options().checkOptions()).as("the checks in the child read the options the run was given")
                .containsOnly(Map.entry("history.seed", "-7"), Map.entry("history.duration-seconds", "30"));
        TargetFacts readFacts = read.facts();
        assertThat(readFacts.apiVersions()).isEqualTo(facts.apiVersions());
        assertThat(readFacts.apiVersionsVersion()).isEqualTo((short) 3);
        assertThat(readFacts.supportedFeatures()).isEqualTo(facts.supportedFeatures());
        assertThat(readFacts.finalizedFeatures()).isEqualTo(facts.finalizedFeatures());
        assertThat(readFacts.clusterId()).isEqualTo(facts.clusterId());
        assertThat(readFacts.controllerId()).isEqualTo(1);
        assertThat(readFacts.nodes()).isEqualTo(facts.nodes());
        assertThat(readFacts.fingerprint()).isEqualTo(facts.fingerprint());
        // the child's clients were chosen because the target answers them: their handshake gets through
        assertThat(readFacts.handshake()).isEqualTo(new Handshake(ApiKeys.API_VERSIONS.latestVersion(), (short) 3,
                List.of()));
    }

    @Test
    void theChecksToRunCarryWhereTheyAreDeclared() {
        List<CheckDescriptor> read = ClientJvmMessages.readRun(ClientJvmMessages.Message.parse(
                ClientJvmMessages.run(List.of(CHECK))).body());
        assertThat(read).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(CHECK.id());
            assertThat(c.className()).isEqualTo(CHECK.className());
            assertThat(c.methodName()).isEqualTo(CHECK.methodName());
            assertThat(c.level()).isEqualTo(Level.STORAGE);
        });
    }

    @Test
    void resultsComeBackWithTheHarnesssOwnDeclarations() {
        CheckResult notAssessable = CheckResult.notAssessableHere(CHECK, Duration.ofMillis(12), "not assessable with"
                + " Java clients 3.8.1: ...", List.of("seen"));
        String line = ClientJvmMessages.finished(notAssessable);
        assertThat(line).startsWith(ClientJvmMessages.PREFIX);
        ClientJvmMessages.Result result = ClientJvmMessages.readFinished(ClientJvmMessages.Message.parse(
                line.substring(ClientJvmMessages.PREFIX.length())).body());
        assertThat(result.with(CHECK)).isEqualTo(notAssessable);

        Stoppage stoppage = new Stoppage("during check " + CHECK.id(), Duration.ofMillis(8123), 3, List.of(CHECK.id()),
                "connection refused");
        String ran = ClientJvmMessages.ran(new CheckRunner.Ran(List.of(CheckResult.ran(CHECK, Outcome.FAIL,
                Duration.ofSeconds(2), "lost", List.of())), Optional.of(stoppage)));
        ClientJvmMessages.Message message = ClientJvmMessages.Message.parse(ran.substring(ClientJvmMessages.PREFIX.length()));
        assertThat(ClientJvmMessages.readStoppage(message.body())).contains(stoppage);
        assertThat(ClientJvmMessages.readResults(message.body())).extracting(ClientJvmMessages.Result::outcome)
                .containsExactly(Outcome.FAIL);
    }

    @Test
    void theTargetsDeathIsToldAsHowLongAgoSoThatEitherJvmsClockCanTakeIt() {
        long now = System.nanoTime();
        LivenessJudge.Dead dead = new LivenessJudge.Dead(now - 3_000_000_000L, now - 1_000_000_000L, "refused");
        ClientJvmMessages.Stop stop = ClientJvmMessages.readStop(ClientJvmMessages.Message.parse(
                ClientJvmMessages.stop(ClientJvmMessages.Stop.of(dead))).body());
        LivenessJudge.Dead relayed = stop.dead();
        assertThat(relayed.declaredNanos() - relayed.lastAnswerNanos()).isEqualTo(2_000_000_000L);
        assertThat(relayed.evidence()).isEqualTo("refused");
    }
}
