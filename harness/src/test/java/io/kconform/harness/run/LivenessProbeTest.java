package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.run.LivenessJudge.Attempt;
import io.kconform.harness.run.LivenessJudge.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What one liveness attempt tells apart, without a broker: a port nothing listens on refuses, a server
 * that takes connections and never answers is silent, and a target is refused only when every address
 * refuses. (An answering target is {@code LivenessWatchTest}'s, against a real broker.)
 */
class LivenessProbeTest {

    private static final Duration SHORT = Duration.ofMillis(500);

    @Test
    void aPortNothingListensOnRefuses() throws IOException {
        InetSocketAddress closed = closedPort();
        try (LivenessProbe probe = new LivenessProbe(List.of(closed), Map.of(), (short) 3, SHORT, "test")) {
            Attempt attempt = probe.attempt();
            assertThat(attempt.kind()).isEqualTo(Kind.REFUSED);
            assertThat(attempt.detail()).isEqualTo("127.0.0.1:" + closed.getPort() + ": connection refused");
        }
    }

    @Test
    void aServerThatNeverAnswersIsSilent() throws IOException {
        try (SilentServer silent = new SilentServer();
             LivenessProbe probe = new LivenessProbe(List.of(silent.address()), Map.of(), (short) 3, SHORT, "test")) {
            Attempt attempt = probe.attempt();
            assertThat(attempt.kind()).isEqualTo(Kind.UNANSWERED);
            assertThat(attempt.detail()).startsWith("127.0.0.1:" + silent.address().getPort() + ": ")
                    .doesNotContain("connection refused");
        }
    }

    @Test
    void oneAddressThatStillTakesConnectionsIsNoRefusal() throws IOException {
        InetSocketAddress closed = closedPort();
        try (SilentServer silent = new SilentServer();
             LivenessProbe probe = new LivenessProbe(List.of(closed, silent.address()), Map.of(), (short) 3, SHORT,
                     "test")) {
            Attempt attempt = probe.attempt();
            assertThat(attempt.kind()).isEqualTo(Kind.UNANSWERED);
            assertThat(attempt.detail()).contains(closed.getPort() + ": connection refused")
                    .contains(silent.address().getPort() + ": ");
        }
    }

    private static InetSocketAddress closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
        }
    }

    /** Accepts connections on 127.0.0.1 and never reads or writes a byte. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new ArrayList<>();
        private final Thread acceptor = new Thread(this::accept, "silent-server");

        SilentServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", server.getLocalPort());
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    synchronized (accepted) {
                        accepted.add(socket);
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (accepted) {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }
}
