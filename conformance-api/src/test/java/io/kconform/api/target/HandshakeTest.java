package io.kconform.api.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    @Test
    void anOlderClientMaySendTheNewestVersionAnsweredOnAFreshConnection() {
        Handshake closedFromV4 = new Handshake((short) 5, (short) 3, List.of(
                "ApiVersions v5: no response (the target closed the connection)",
                "ApiVersions v4: no response (the target closed the connection)"));
        assertThat(closedFromV4.currentClientsConnect()).isFalse();
        assertThat(closedFromV4.olderClientLimit()).isEqualTo((short) 3);
    }

    @Test
    void whereCurrentClientsOwnVersionIsAnsweredOnlyWithoutAClusterIdAnOlderClientMustSendALowerOne() {
        Handshake closedOnClusterId = new Handshake((short) 5, (short) 5, List.of(
                "ApiVersions v5 with ClusterId and NodeId set: no response (the target closed the connection)"));
        assertThat(closedOnClusterId.currentClientsConnect()).isFalse();
        assertThat(closedOnClusterId.olderClientLimit()).isEqualTo((short) 4);
    }
}
