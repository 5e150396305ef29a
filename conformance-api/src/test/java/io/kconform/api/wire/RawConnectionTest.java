package io.kconform.api.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The three things a peer can do, seen through a plain loopback socket: answer, close, stay silent. */
class RawConnectionTest {

    private ServerSocket server;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private CompletableFuture<Void> peer(PeerBehaviour behaviour) {
        return CompletableFuture.runAsync(() -> {
            try (Socket socket = server.accept()) {
                behaviour.run(socket);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private interface PeerBehaviour {
        void run(Socket socket) throws IOException;
    }

    private RawConnection connect() {
        return RawConnection.open("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(2));
    }

    @Test
    void anAnswerIsOneWholeFrame() throws Exception {
        CompletableFuture<Void> peer = peer(socket -> {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] request = new byte[in.readInt()];
            in.readFully(request);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(6);
            out.writeInt(ByteBuffer.wrap(request).getInt(4));
            out.writeShort(35);
            out.flush();
        });
        try (RawConnection connection = connect()) {
            connection.sendFrame(RawFrames.apiVersions((short) 0, 77));
            RawReply reply = connection.awaitReply(Duration.ofSeconds(2));
            assertThat(reply).isInstanceOf(RawReply.Answered.class);
            assertThat(((RawReply.Answered) reply).correlationId()).isEqualTo(77);
            assertThat(RawFrames.apiVersionsErrorCode(((RawReply.Answered) reply).payload())).isEqualTo((short) 35);
        }
        peer.get(2, TimeUnit.SECONDS);
    }

    @Test
    void aPeerThatClosesIsSeenAsClosed() throws Exception {
        CompletableFuture<Void> peer = peer(socket -> socket.getInputStream().read());
        try (RawConnection connection = connect()) {
            connection.sendRaw(new byte[] {-1, -1, -1, -1});
            RawReply reply = connection.awaitReply(Duration.ofSeconds(2));
            assertThat(reply).isInstanceOf(RawReply.Closed.class);
        }
        peer.get(2, TimeUnit.SECONDS);
    }

    @Test
    void aSilentPeerIsReportedWithinTheBound() throws Exception {
        CompletableFuture<Void> peer = peer(socket -> {
            socket.getInputStream().read();
            socket.getOutputStream().write(new byte[] {0, 0});
            socket.getOutputStream().flush();
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (RawConnection connection = connect()) {
            connection.sendRaw(new byte[] {0, 0, 0, 9, 1});
            connection.halfClose();
            long start = System.nanoTime();
            RawReply reply = connection.awaitReply(Duration.ofMillis(500));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_400));
            assertThat(reply).isInstanceOf(RawReply.Silent.class);
            assertThat(((RawReply.Silent) reply).bytesSeen()).isEqualTo(2);
        }
        peer.get(3, TimeUnit.SECONDS);
    }

    @Test
    void tlsIsSpokenWhereTheClientPropertiesAskForIt() {
        assertThat(RawConnection.speaksTls(java.util.Map.of())).isFalse();
        assertThat(RawConnection.speaksTls(java.util.Map.of("security.protocol", "SASL_PLAINTEXT"))).isFalse();
        assertThat(RawConnection.speaksTls(java.util.Map.of("security.protocol", "ssl"))).isTrue();
        assertThat(RawConnection.speaksTls(java.util.Map.of("security.protocol", "SASL_SSL"))).isTrue();
    }

    @Test
    void aPeerThatNeverCompletesTheTlsHandshakeEndsTheOpeningWithinItsBound() throws Exception {
        CompletableFuture<Void> peer = peer(socket -> {
            socket.setSoTimeout(5_000);
            try {
                socket.getInputStream().read(new byte[1024]);
            } catch (java.net.SocketTimeoutException e) {
                // silent to the end
            }
        });

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RawConnection.open("127.0.0.1",
                        server.getLocalPort(), Duration.ofMillis(500), java.util.Map.of("security.protocol", "SSL")))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("no TLS session with 127.0.0.1:" + server.getLocalPort());
        peer.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRefusedConnectionIsSaidToBeRefusedNotToHaveTimedOut() throws IOException {
        int port = server.getLocalPort();
        server.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RawConnection.open("127.0.0.1", port,
                        Duration.ofSeconds(10)))
                .isInstanceOf(WireException.class)
                .hasMessageStartingWith("127.0.0.1:" + port + " refused the connection")
                .hasMessageNotContaining("within");
    }

    @Test
    void whatComesIsReadAsItIsUpToTheEnd() throws Exception {
        CompletableFuture<Void> peer = peer(socket -> {
            socket.getOutputStream().write(new byte[] {1, 2, 3});
            socket.getOutputStream().flush();
        });
        try (RawConnection connection = RawConnection.open("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5))) {
            RawConnection.Received received = connection.receive(10, Duration.ofSeconds(5));
            assertThat(received.bytes()).containsExactly(1, 2, 3);
            assertThat(received.ended()).isTrue();
            assertThat(received.timedOut()).isFalse();
        }
        peer.get(5, TimeUnit.SECONDS);
    }
}
