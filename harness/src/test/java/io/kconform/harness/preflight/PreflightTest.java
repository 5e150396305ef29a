package io.kconform.harness.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.target.ClientPrincipal;
import io.kconform.harness.config.EmbeddedSecurity;
import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.config.ExternalTargetSpec;
import io.kconform.harness.config.FieldOrigin;
import io.kconform.harness.config.ProcessTargetSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreflightTest {

    /** Locates every field at "t.yaml", its path joined with dots, so that a test sees which field is blamed. */
    private static final Preflight.Locator LOCATOR = path -> new FieldOrigin("t.yaml", 3, 5, String.join(".", path));

    private static EmbeddedTargetSpec embedded(String version) {
        return new EmbeddedTargetSpec("k", version, Map.of());
    }

    @Test
    void embeddedReleasesKconformCannotLaunchAreRefusedAtTheirVersion() {
        assertThat(Preflight.check(embedded("4.4.0"), LOCATOR)).isEmpty();
        assertThat(Preflight.check(embedded("3.3.2"), LOCATOR)).isEmpty();
        assertThatThrownBy(() -> Preflight.check(embedded("2.8.0"), LOCATOR))
                .hasMessage("t.yaml:3:5: version: Apache Kafka 2.8.0 has no KRaft mode kconform supports (3.3 or later)");
        assertThatThrownBy(() -> Preflight.check(embedded("5.0.0"), LOCATOR))
                .hasMessage("t.yaml:3:5: version: Apache Kafka 5.0.0 is newer than the releases kconform knows how to"
                        + " launch (3.3 to 4.x)");
    }

    @Test
    void securityAndFeaturesARequestedReleaseCannotGiveAreRefusedAtTheirField() {
        EmbeddedTargetSpec scramOn34 = new EmbeddedTargetSpec("k", "3.4.1", Map.of(), 1,
                Optional.of(new EmbeddedSecurity("SASL_SSL", "SCRAM-SHA-512", false)));
        assertThatThrownBy(() -> Preflight.check(scramOn34, LOCATOR))
                .hasMessageStartingWith("t.yaml:3:5: security: SCRAM-SHA-512 needs Apache Kafka 3.5 or later");
        EmbeddedTargetSpec featuresOn38 = new EmbeddedTargetSpec("k", "3.8.1", Map.of(), 1, Optional.empty(),
                Map.of("transaction.version", (short) 1));
        assertThatThrownBy(() -> Preflight.check(featuresOn38, LOCATOR))
                .hasMessageStartingWith("t.yaml:3:5: features: Apache Kafka 3.8.1 cannot be formatted with chosen"
                        + " feature levels");
    }

    @Test
    void anExternalTargetsBootstrapAndBothSetsOfClientPropertiesAreChecked() {
        assertThatThrownBy(() -> Preflight.check(new ExternalTargetSpec("v", "foo", Map.of(), Set.of()), LOCATOR))
                .hasMessage("t.yaml:3:5: bootstrap: 'foo' is not host:port (such as broker.example.com:9092)");
        assertThatThrownBy(() -> Preflight.check(new ExternalTargetSpec("v", "h:1", Map.of("acks", "maybe"), Set.of()),
                LOCATOR)).hasMessage("t.yaml:3:5: clientProperties.acks: maybe is not one of all, -1, 0, 1");
        ExternalTargetSpec restricted = new ExternalTargetSpec("v", "h:1", Map.of(), Set.of(), Optional.of(
                new ClientPrincipal("User:b", Map.of("security.protocol", "SASL_PLAINTXT"))));
        assertThatThrownBy(() -> Preflight.check(restricted, LOCATOR))
                .hasMessageStartingWith("t.yaml:3:5: restrictedPrincipal.clientProperties.security.protocol: SASL_PLAINTXT");
        assertThat(Preflight.check(new ExternalTargetSpec("v", "h:1", Map.of("ackz", "all"), Set.of()), LOCATOR))
                .singleElement().asString().contains("clientProperties.ackz").contains("did you mean acks?");
    }

    @Test
    void aProcessTargetsBootstrapMayUsePortPlaceholders() {
        ProcessTargetSpec process = new ProcessTargetSpec("p", List.of("server"), Map.of(), Optional.empty(),
                "127.0.0.1:${port}", Map.of("security.protocol", "PLAINTEXT"), Duration.ofSeconds(5), Set.of());
        assertThat(Preflight.check(process, LOCATOR)).isEmpty();
    }
}
