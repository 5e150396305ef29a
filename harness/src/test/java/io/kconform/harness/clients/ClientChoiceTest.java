package io.kconform.harness.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientChoiceTest {

    /** ApiVersions versions as measured from each release's kafka-clients (ClientReleasesTest re-measures some). */
    private static final Map<String, Integer> MEASURED = Map.of("4.3.2", 4, "4.2.2", 4, "4.1.2", 4, "4.0.2", 4,
            "3.9.1", 4, "3.8.1", 3, "3.7.2", 3, "3.6.2", 3, "3.5.2", 3, "3.4.1", 3);

    private final List<String> asked = new ArrayList<>();

    private ClientChoice.Measured measure(String version) {
        asked.add(version);
        return new ClientChoice.Measured.Release(new ClientRelease(version, MEASURED.get(version).shortValue()));
    }

    @Test
    void theNewestReleaseWhoseFirstApiVersionsTheTargetAnswersIsChosen() {
        ClientChoice choice = ClientChoice.choose((short) 3, ClientReleases.CANDIDATES, this::measure);
        assertThat(choice.chosen()).contains(new ClientRelease("3.8.1", (short) 3));
        assertThat(choice.refused()).extracting(ClientRelease::version)
                .containsExactly("4.3.2", "4.2.2", "4.1.2", "4.0.2", "3.9.1");
        assertThat(choice.cannotConnect("4.4.0")).isEqualTo("3.9 and later");
        assertThat(asked).as("candidates measured: newest first, none after the first that fits")
                .containsExactly("4.3.2", "4.2.2", "4.1.2", "4.0.2", "3.9.1", "3.8.1");
    }

    @Test
    void whereOnlyCurrentClientsOwnVersionIsRefusedTheNewestOlderReleaseIsChosen() {
        // ApiVersions v5 answered without a ClusterId only: an older client must send v4 at most
        ClientChoice choice = ClientChoice.choose((short) 4, ClientReleases.CANDIDATES, this::measure);
        assertThat(choice.chosen()).contains(new ClientRelease("4.3.2", (short) 4));
        assertThat(choice.refused()).isEmpty();
        assertThat(choice.cannotConnect("4.4.0")).isEqualTo("4.4 and later");
    }

    @Test
    void aCandidateThatCannotBeMeasuredIsPassedOverAndNamed() {
        ClientChoice choice = ClientChoice.choose((short) 3, List.of("3.9.1", "3.8.1", "3.7.2"), version ->
                version.equals("3.8.1") ? new ClientChoice.Measured.Unavailable(version, "not resolvable offline")
                        : measure(version));
        assertThat(choice.chosen()).contains(new ClientRelease("3.7.2", (short) 3));
        assertThat(choice.unavailable()).containsExactly("3.8.1 (not resolvable offline)");
        assertThat(choice.cannotConnect("4.4.0")).isEqualTo("3.9 and later");
    }

    @Test
    void noCandidateFitsATargetThatAnswersOnlyOlderVersionsThanAnyCandidateSends() {
        ClientChoice choice = ClientChoice.choose((short) 2, List.of("3.9.1", "3.8.1", "3.4.1"), this::measure);
        assertThat(choice.chosen()).isEmpty();
        assertThat(choice.refused()).hasSize(3);
        assertThat(choice.cannotConnect("4.4.0")).isEqualTo("3.4 and later");
    }

    @Test
    void aReleaseNamesItsLine() {
        assertThat(new ClientRelease("3.10.2", (short) 4).line()).isEqualTo("3.10");
        assertThat(ClientRelease.artifacts("3.8.1")).containsExactly("org.apache.kafka:kafka-clients:3.8.1",
                "org.apache.kafka:kafka-streams:3.8.1", "org.apache.kafka:kafka-streams-test-utils:3.8.1",
                "org.apache.kafka:connect-runtime:3.8.1");
    }
}
