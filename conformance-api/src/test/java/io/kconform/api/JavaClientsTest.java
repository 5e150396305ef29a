package io.kconform.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaClientsTest {

    @Test
    void theBuildRunsTheReleaseItIsCompiledAgainst() {
        assertThat(JavaClients.builtAgainst()).matches("\\d+\\.\\d+\\.\\d+").isEqualTo(JavaClients.running());
        assertThat(JavaClients.runsAnotherRelease()).isFalse();
    }
}
