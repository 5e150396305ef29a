package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.wire.RawConnection;
import io.kconform.api.wire.RawFrames;
import io.kconform.api.wire.RawReply;
import io.kconform.api.wire.WireClient;
import io.kconform.api.wire.WireException;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.CrashOn;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code crash-on}: on its trigger the proxy closes every connection, the triggering one and the others,
 * and refuses every new one, as a server whose process died.
 */
@ExtendWith(SharedBroker.class)
class CrashOnTest {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void anUnknownApiKeyCrashesTheServer() throws Exception {
        CrashOn crash = CrashOn.parse("unknown-api-key");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, crash)) {
            String[] address = proxy.bootstrapServers().split(":");
            int port = Integer.parseInt(address[1]);
            try (WireClient other = WireClient.connect(address[0], port, Map.of(), BOUND)) {
                other.send(new ApiVersionsRequest.Builder(), (short) 3);
                ByteBuffer unknownKey = RawFrames.encode(RawFrames.header(Short.MAX_VALUE, (short) 0, 1), (short) 1,
                        RawFrames.apiVersionsBody(), (short) 0);
                try (RawConnection connection = RawConnection.open(address[0], port, BOUND)) {
                    connection.sendRaw(RawFrames.sizePrefixed(unknownKey));
                    assertThat(connection.awaitReply(BOUND)).isInstanceOf(RawReply.Closed.class);
                }
                assertThat(crash.crashedAt()).isPresent();
                assertThatThrownBy(() -> other.send(new ApiVersionsRequest.Builder(), (short) 3))
                        .as("a connection opened before the crash").isInstanceOf(WireException.class);
            }
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address[0], port), (int) BOUND.toMillis());
                }
            }).as("a new connection").isInstanceOf(ConnectException.class);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void theNthRequestOfAnApiCrashesTheServerUnanswered() {
        CrashOn crash = CrashOn.parse("API_VERSIONS#2");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, crash)) {
            String[] address = proxy.bootstrapServers().split(":");
            try (WireClient wire = WireClient.connect(address[0], Integer.parseInt(address[1]), Map.of(), BOUND)) {
                wire.send(new ApiVersionsRequest.Builder(), ApiKeys.API_VERSIONS.latestVersion());
                assertThat(crash.crashedAt()).as("after the first request").isEmpty();
                assertThatThrownBy(() -> wire.send(new ApiVersionsRequest.Builder(),
                        ApiKeys.API_VERSIONS.latestVersion())).isInstanceOf(WireException.class);
            }
            assertThat(crash.crashedAt()).isPresent();
            assertThatThrownBy(() -> WireClient.connect(address[0], Integer.parseInt(address[1]), Map.of(), BOUND))
                    .isInstanceOf(WireException.class);
            assertThat(proxy.problems()).isEmpty();
        }
    }
}
