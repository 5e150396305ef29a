package io.kconform.harness.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.JavaClients;
import io.kconform.harness.maven.ArtifactResolver;
import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/**
 * Which ApiVersions version a release's clients send first is read from its own kafka-clients artifact, in a class
 * loader of its own (resolved like broker releases: from the local Maven repository, downloaded once otherwise).
 */
class ClientReleasesTest {

    private final ClientReleases releases = new ClientReleases(new ArtifactResolver());

    @Test
    void eachReleaseIsMeasuredFromItsOwnArtifact() {
        assertThat(measured("3.8.1")).isEqualTo((short) 3);
        assertThat(measured("3.9.1")).isEqualTo((short) 4);
        // the release kconform is built against, measured the same way, agrees with the classes this JVM runs
        assertThat(measured(JavaClients.builtAgainst())).isEqualTo(ApiKeys.API_VERSIONS.latestVersion());
    }

    @Test
    void aReleaseThatDoesNotExistIsUnavailableWithWhy() {
        ClientChoice.Measured none = releases.measure("0.0.1", line -> { });
        assertThat(none).isInstanceOf(ClientChoice.Measured.Unavailable.class);
        assertThat(((ClientChoice.Measured.Unavailable) none).why()).contains("kafka-clients:0.0.1");
    }

    @Test
    void theCandidatesAreEachLineNewestFirst() {
        List<String> lines = ClientReleases.CANDIDATES.stream().map(ClientRelease::line).toList();
        assertThat(lines).doesNotHaveDuplicates().startsWith("4.3").endsWith("3.3");
    }

    private short measured(String version) {
        ClientChoice.Measured measured = releases.measure(version, line -> { });
        assertThat(measured).isInstanceOf(ClientChoice.Measured.Release.class);
        return ((ClientChoice.Measured.Release) measured).release().apiVersionsVersion();
    }
}
