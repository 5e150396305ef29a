package io.kconform.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Relay sockets: plain where the properties say so, with no read timeout; a TLS handshake that never completes and
 * a refused connection end the opening with an IOException. A completed TLS session is shown against the secured
 * embedded target (eos.idempotent.retry-after-lost-response-once on kafka-4.4-sasl-ssl).
 */
class ClientSocketsTest {

    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void plainWhereThePropertiesAskForNoTlsAndWithoutReadTimeout() throws Exception {
        CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return server.accept();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (Socket socket = ClientSockets.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(2),
                Map.of("security.protocol", "SASL_PLAINTEXT"));
             Socket peer = accepted.get(10, TimeUnit.SECONDS)) {
            assertThat(socket).isNotInstanceOf(SSLSocket.class);
            assertThat(socket.getSoTimeout()).isZero();
            assertThat(socket.getTcpNoDelay()).isTrue();
            peer.getOutputStream().write(42);
            assertThat(socket.getInputStream().read()).isEqualTo(42);
        }
        assertThat(ClientSockets.speaksTls(Map.of("security.protocol", "ssl"))).isTrue();
        assertThat(ClientSockets.speaksTls(Map.of())).isFalse();
    }

    @Test
    void aTlsHandshakeThatNeverCompletesEndsTheOpeningWithinItsBound() throws Exception {
        CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5_000);
                socket.getInputStream().read(new byte[1024]);
            } catch (IOException e) {
                // silent to the end
            }
        });
        assertThatThrownBy(() -> ClientSockets.connect("127.0.0.1", server.getLocalPort(), Duration.ofMillis(500),
                Map.of("security.protocol", "SSL"))).isInstanceOf(IOException.class);
        peer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRefusedConnectionIsAnIoException() throws IOException {
        int port = server.getLocalPort();
        server.close();
        assertThatThrownBy(() -> ClientSockets.connect("127.0.0.1", port, Duration.ofSeconds(2), Map.of()))
                .isInstanceOf(IOException.class);
    }
}
