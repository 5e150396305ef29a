package io.kconform.harness.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.maven.ArtifactResolver;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaReleaseTest {

    @TempDir
    Path workDir;

    @Test
    void releasesBeforeKraftWasProductionReadyAreRefusedNamingTheVersion() {
        assertThatThrownBy(() -> KafkaRelease.of("old", "3.2.0"))
                .isInstanceOf(TargetStartException.class)
                .hasMessage("target old did not start: Apache Kafka 3.2.0 has no KRaft mode kconform supports (3.3 or"
                        + " later)");
        assertThatThrownBy(() -> KafkaRelease.of("older", "2.8.2")).hasMessageContaining("Apache Kafka 2.8.2 has no KRaft");
        assertThat(KafkaRelease.of("first", "3.3.0").version()).isEqualTo("3.3.0");
    }

    @Test
    void aReleaseBeforeKraftIsRefusedBeforeAnythingIsResolvedOrStarted() {
        EmbeddedKafka kafka = new EmbeddedKafka(new ArtifactResolver());
        StringBuilder progress = new StringBuilder();
        assertThatThrownBy(() -> kafka.start(new EmbeddedTargetSpec("kafka-3.2", "3.2.0", Map.of()), workDir,
                line -> progress.append(line).append('\n')))
                .isInstanceOf(TargetStartException.class)
                .hasMessageContaining("Apache Kafka 3.2.0 has no KRaft mode kconform supports (3.3 or later)");
        assertThat(progress).as("progress: nothing resolved, formatted or started").isEmpty();
    }

    @Test
    void aNumberThatIsNoReleaseNumberIsRefused() {
        assertThatThrownBy(() -> KafkaRelease.of("x", "4.4")).hasMessageContaining("'4.4' is not an Apache Kafka release");
    }

    @Test
    void featureLevelsAreChosenAtFormatFromThreeNineOn() {
        assertThat(KafkaRelease.of("a", "3.8.1").formatsFeatureLevels()).isFalse();
        assertThat(KafkaRelease.of("b", "3.9.0").formatsFeatureLevels()).isTrue();
        assertThat(KafkaRelease.of("c", "4.4.0").formatsFeatureLevels()).isTrue();
    }

    @Test
    void releasesFromFiveOnAreRecognisedAsUnknown() {
        assertThat(KafkaRelease.of("a", "4.9.0").isNewerThanKnown()).isFalse();
        assertThat(KafkaRelease.of("b", "5.0.0").isNewerThanKnown()).isTrue();
    }

    @Test
    void shareCoordinatorSettingsGoOnlyToReleasesThatKnowThem() {
        String setting = "share.coordinator.state.topic.replication.factor";
        assertThat(KafkaRelease.of("a", "3.9.1").supports(setting)).isFalse();
        assertThat(KafkaRelease.of("b", "4.0.0").supports(setting)).isTrue();
        assertThat(KafkaRelease.of("c", "4.4.0").supports(setting)).isTrue();
        assertThat(KafkaRelease.of("d", "3.3.2").known(EmbeddedKafka.DEFAULTS))
                .doesNotContainKeys(setting, "share.coordinator.state.topic.min.isr")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .hasSize(EmbeddedKafka.DEFAULTS.size() - 2);
        assertThat(KafkaRelease.of("e", "4.4.0").known(EmbeddedKafka.DEFAULTS)).isEqualTo(EmbeddedKafka.DEFAULTS);
    }
}
