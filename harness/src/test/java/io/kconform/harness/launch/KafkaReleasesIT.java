package io.kconform.harness.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.target.TargetFacts;
import io.kconform.api.target.TargetProbe;
import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.CheckListener;
import io.kconform.harness.run.RunOptions;
import io.kconform.harness.run.TargetSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Releases across the supported range start as embedded targets and answer ApiVersions, each on its
 * own class path (3.9.1 and 4.4.0 run the whole catalog in {@code GoldenOutcomesIT}); a release that
 * cannot run is a start error naming it.
 */
class KafkaReleasesIT {

    private static final Path OUT = Path.of("target", "releases");
    private static final EmbeddedKafka KAFKA = new EmbeddedKafka(new ArtifactResolver());

    @ParameterizedTest
    @ValueSource(strings = {"3.3.2", "3.7.2", "4.0.2"})
    void aReleaseStartsInKraftModeAndAnswersApiVersions(String version) throws Exception {
        Path workDir = OUT.resolve(version);
        try (RunningTarget broker = KAFKA.start(new EmbeddedTargetSpec("kafka-" + version, version, Map.of()), workDir,
                line -> System.out.println("[" + version + "] " + line))) {
            TargetFacts facts = TargetProbe.probe(broker.bootstrapServers(), Map.of());
            assertThat(facts.advertises(ApiKeys.PRODUCE)).as("Produce advertised by %s", version).isTrue();
            assertThat(facts.finalizedLevel("metadata.version")).as("KRaft metadata.version of %s", version).isPresent();
            assertThat(broker.description()).startsWith("Apache Kafka " + version);
        }
        // its own class path: the broker logs the version it was built as, through slf4j-simple into broker.log
        String log = Files.readString(workDir.resolve("broker.log"), StandardCharsets.UTF_8);
        assertThat(log).contains("INFO org.apache.kafka.common.utils.AppInfoParser - Kafka version: " + version);
        String config = Files.readString(workDir.resolve("server.properties"), StandardCharsets.UTF_8);
        if (version.startsWith("3.")) {
            assertThat(config).as("server.properties of %s", version).doesNotContain("share.coordinator.");
        } else {
            assertThat(config).as("server.properties of %s", version).contains("share.coordinator.state.topic.min.isr=1");
        }
    }

    @Test
    void releasesThatCannotRunAreStartErrorsNamingTheVersionAndTheRunGoesOn() {
        TargetSession session = new TargetSession(new TargetLauncher(new ArtifactResolver()), CheckCatalog.discover(),
                RunOptions.DEFAULTS);
        List<String> progress = new ArrayList<>();
        TargetSession.SessionResult tooOld = session.run(new EmbeddedTargetSpec("kafka-3.2", "3.2.0", Map.of()),
                List.of(), OUT.resolve("3.2.0"), progress::add, CheckListener.NONE);
        TargetSession.SessionResult unknown = session.run(new EmbeddedTargetSpec("kafka-9.9", "9.9.9", Map.of()),
                List.of(), OUT.resolve("9.9.9"), progress::add, CheckListener.NONE);

        assertThat(tooOld.availability()).isEqualTo(TargetSession.Availability.UNAVAILABLE);
        assertThat(tooOld.report().error()).hasValue("target kafka-3.2 did not start: Apache Kafka 3.2.0 has no KRaft"
                + " mode kconform supports (3.3 or later)");
        assertThat(unknown.availability()).isEqualTo(TargetSession.Availability.UNAVAILABLE);
        assertThat(unknown.report().error()).hasValueSatisfying(e -> assertThat(e)
                .startsWith("target kafka-9.9 did not start: cannot resolve org.apache.kafka:kafka_2.13:9.9.9"));
        assertThat(progress).as("progress of both sessions: neither formatted nor started a broker")
                .noneMatch(l -> l.contains("formatting") || l.contains("starting"));
    }
}
