package io.kconform.checks.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.protocol.ApiKeys;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's framing and faults against a local upstream that answers each request frame with its correlation id,
 * its api key and the rest of its bytes: frames pass intact and in order, the response to the Nth request of an API
 * is lost (after the upstream received the request) and the connection cut, and closing ends every port,
 * connection and thread. Address rewriting and a real producer's retries are shown against a real broker in the
 * harness's {@code FaultProxyBrokerTest}. APIs whose responses carry broker addresses are not sent here (the echo
 * is no such response); Produce v9 and Fetch v15 carry none.
 */
class FaultProxyFramingTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private EchoUpstream upstream;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        upstream = new EchoUpstream();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        upstream.close();
    }

    private FaultProxy proxy(FaultPlan plan) {
        FaultProxy proxy = FaultProxy.start(upstream.address(), plan);
        toClose.add(proxy);
        return proxy;
    }

    private Client client(FaultProxy proxy) throws IOException {
        Client client = new Client(proxy.bootstrapServers());
        toClose.add(client);
        return client;
    }

    @Test
    void framesPassIntactAndInOrderAtAnyApiAndVersion() throws IOException {
        FaultProxy proxy = proxy(FaultPlan.none());
        Client client = client(proxy);
        String large = "x".repeat(300_000);
        client.send(ApiKeys.API_VERSIONS.id, 3, 1, "hello");
        client.send(ApiKeys.FETCH.id, 15, 2, "");
        client.send(ApiKeys.PRODUCE.id, 9, 3, large);
        client.send((short) 999, 0, 4, "an api this client does not know");
        assertThat(client.receive()).isEqualTo(new Echo(1, ApiKeys.API_VERSIONS.id, "hello"));
        assertThat(client.receive()).isEqualTo(new Echo(2, ApiKeys.FETCH.id, ""));
        assertThat(client.receive()).isEqualTo(new Echo(3, ApiKeys.PRODUCE.id, large));
        assertThat(client.receive()).isEqualTo(new Echo(4, (short) 999, "an api this client does not know"));
        assertThat(proxy.requests(ApiKeys.PRODUCE)).isEqualTo(1);
        assertThat(proxy.requests(ApiKeys.FETCH)).isEqualTo(1);
        assertThat(proxy.lostResponses()).isEmpty();
        assertThat(proxy.connectionsCut()).isZero();
        assertThat(proxy.problems()).isEmpty();
        assertThat(proxy.bootstrapServers()).startsWith("127.0.0.1:");
    }

    @Test
    void losesTheResponseToTheNthRequestOfAnApiAfterTheUpstreamReceivedItAndCutsTheConnection() throws IOException {
        FaultProxy proxy = proxy(FaultPlan.none().loseResponseOf(ApiKeys.PRODUCE, 2));
        Client first = client(proxy);
        first.send(ApiKeys.PRODUCE.id, 9, 1, "produce-1");
        first.send(ApiKeys.FETCH.id, 15, 2, "fetch-1");
        first.send(ApiKeys.PRODUCE.id, 9, 3, "produce-2");
        first.send(ApiKeys.PRODUCE.id, 9, 4, "produce-3");
        assertThat(first.receive()).isEqualTo(new Echo(1, ApiKeys.PRODUCE.id, "produce-1"));
        assertThat(first.receive()).isEqualTo(new Echo(2, ApiKeys.FETCH.id, "fetch-1"));
        assertThat(first.ended()).as("the connection ends instead of answering the second Produce").isTrue();

        assertThat(upstream.received()).as("the upstream received the request whose response was lost")
                .contains("produce-2");
        assertThat(proxy.lostResponses()).singleElement().satisfies(lost -> {
            assertThat(lost.apiKey()).isEqualTo(ApiKeys.PRODUCE);
            assertThat(lost.nth()).isEqualTo(2);
            assertThat(lost.correlationId()).isEqualTo(3);
            assertThat(lost.connection()).isEqualTo(1);
        });
        assertThat(proxy.connectionsCut()).isEqualTo(1);

        // a client reconnects and carries on: the count goes on over connections, and only the 2nd was to be lost
        Client second = client(proxy);
        second.send(ApiKeys.PRODUCE.id, 9, 5, "produce-again");
        assertThat(second.receive()).isEqualTo(new Echo(5, ApiKeys.PRODUCE.id, "produce-again"));
        assertThat(proxy.lostResponses()).hasSize(1);
        assertThat(proxy.connectionsAccepted()).isEqualTo(2);
        assertThat(proxy.problems()).isEmpty();
    }

    @Test
    void cutConnectionsEndsEveryOpenConnectionAndLeavesThePortsOpen() throws IOException {
        FaultProxy proxy = proxy(FaultPlan.none());
        Client one = client(proxy);
        Client two = client(proxy);
        one.roundTrip(1);
        two.roundTrip(1);
        assertThat(proxy.cutConnections()).isEqualTo(2);
        assertThat(one.ended()).isTrue();
        assertThat(two.ended()).isTrue();
        client(proxy).roundTrip(2);
        assertThat(proxy.connectionsCut()).isEqualTo(2);
        assertThat(proxy.lostResponses()).isEmpty();
    }

    @Test
    void delayedResponsesArriveIntactAndInOrder() throws IOException {
        FaultProxy proxy = proxy(FaultPlan.none().delayResponses(Duration.ofMillis(20)));
        Client client = client(proxy);
        client.send(ApiKeys.PRODUCE.id, 9, 1, "a");
        client.send(ApiKeys.PRODUCE.id, 9, 2, "b");
        assertThat(client.receive()).isEqualTo(new Echo(1, ApiKeys.PRODUCE.id, "a"));
        assertThat(client.receive()).isEqualTo(new Echo(2, ApiKeys.PRODUCE.id, "b"));
        proxy.delayResponses(Duration.ZERO);
        client.roundTrip(3);
        assertThatThrownBy(() -> proxy.delayResponses(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeStopsThePortsTheConnectionsAndTheThreads() throws IOException {
        FaultProxy proxy = proxy(FaultPlan.none());
        Client client = client(proxy);
        client.roundTrip(1);
        List<Thread> threads = proxyThreads();
        assertThat(threads).as("an acceptor and a connection's two threads").hasSizeGreaterThanOrEqualTo(3)
                .allMatch(Thread::isDaemon, "daemon");
        int port = Integer.parseInt(proxy.bootstrapServers().split(":")[1]);

        proxy.close();
        assertThat(client.ended()).as("the client's connection ends").isTrue();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
        Awaitility.await("the upstream connection to end").atMost(BOUND).until(() -> upstream.ended() == 1);
        Awaitility.await("the proxy's threads to end").atMost(BOUND)
                .until(() -> threads.stream().noneMatch(Thread::isAlive));
        assertThatThrownBy(proxy::bootstrapServers).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void planNumbersRequestsFromOne() {
        assertThatThrownBy(() -> FaultPlan.none().loseResponseOf(ApiKeys.PRODUCE, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(FaultPlan.none().loseResponseOf(ApiKeys.PRODUCE, 8, 3)).hasToString(
                "lose the response of Produce request(s) #[3, 8] and cut the connection");
    }

    @Test
    void saysWhyKerberosClientsCannotGoThroughItAndTakesTlsOverFromTheOthers() {
        assertThat(FaultProxy.whyUnusable(Map.of())).isNull();
        assertThat(FaultProxy.whyUnusable(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism",
                "SCRAM-SHA-512"))).isNull();
        assertThat(FaultProxy.whyUnusable(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN")))
                .isNull();
        assertThat(FaultProxy.whyUnusable(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism",
                "GSSAPI"))).contains("Kerberos");
        try (FaultProxy plain = FaultProxy.start(upstream.address(), FaultPlan.none());
             FaultProxy saslSsl = FaultProxy.start(upstream.address(), Map.of("security.protocol", "sasl_ssl"),
                     FaultPlan.none());
             FaultProxy ssl = FaultProxy.start(upstream.address(), Map.of("security.protocol", "SSL"),
                     FaultPlan.none())) {
            assertThat(plain.clientOverrides()).isEmpty();
            assertThat(saslSsl.clientOverrides()).containsExactly(Map.entry("security.protocol", "SASL_PLAINTEXT"));
            assertThat(ssl.clientOverrides()).containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
        }
    }

    private List<Thread> proxyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("kconform-fault-proxy-")).toList();
    }

    /** What the upstream answered: the request's correlation id and api key, and the rest of its bytes. */
    record Echo(int correlationId, short apiKey, String rest) {
    }

    /** A client that writes request-shaped frames to the proxy and reads the echoes. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final DataOutputStream out;
        private final DataInputStream in;

        Client(String bootstrap) throws IOException {
            String[] hostPort = bootstrap.split(":");
            socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
            socket.setSoTimeout((int) BOUND.toMillis());
            out = new DataOutputStream(socket.getOutputStream());
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        }

        void send(short apiKey, int version, int correlationId, String rest) throws IOException {
            byte[] bytes = rest.getBytes(StandardCharsets.UTF_8);
            out.writeInt(8 + bytes.length);
            out.writeShort(apiKey);
            out.writeShort(version);
            out.writeInt(correlationId);
            out.write(bytes);
            out.flush();
        }

        Echo receive() throws IOException {
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            ByteBuffer buffer = ByteBuffer.wrap(frame);
            int correlationId = buffer.getInt();
            short apiKey = buffer.getShort();
            return new Echo(correlationId, apiKey, new String(frame, 6, frame.length - 6, StandardCharsets.UTF_8));
        }

        void roundTrip(int correlationId) throws IOException {
            send(ApiKeys.API_VERSIONS.id, 3, correlationId, "ping");
            assertThat(receive()).isEqualTo(new Echo(correlationId, ApiKeys.API_VERSIONS.id, "ping"));
        }

        /** Whether the connection ends (end of stream or reset) before another frame arrives. */
        boolean ended() {
            try {
                return in.read() < 0;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset by the peer
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A loopback server that echoes every frame as {@link Echo}; it knows nothing of Kafka beyond the framing. */
    private static final class EchoUpstream implements AutoCloseable {
        private final ServerSocket server = new ServerSocket();
        private final List<String> received = new CopyOnWriteArrayList<>();
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final AtomicInteger ended = new AtomicInteger();

        EchoUpstream() throws IOException {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor = new Thread(this::accept, "echo-upstream-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        List<String> received() {
            return List.copyOf(received);
        }

        int ended() {
            return ended.get();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    Thread echo = new Thread(() -> echo(socket), "echo-upstream-connection");
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException e) {
                    // closed
                }
            }
        }

        private void echo(Socket socket) {
            try (socket) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                while (true) {
                    byte[] frame = new byte[in.readInt()];
                    in.readFully(frame);
                    ByteBuffer request = ByteBuffer.wrap(frame);
                    short apiKey = request.getShort();
                    request.getShort();
                    int correlationId = request.getInt();
                    received.add(new String(frame, 8, frame.length - 8, StandardCharsets.UTF_8));
                    out.writeInt(frame.length - 2);
                    out.writeInt(correlationId);
                    out.writeShort(apiKey);
                    out.write(frame, 8, frame.length - 8);
                    out.flush();
                }
            } catch (IOException e) {
                ended.incrementAndGet(); // the proxy closed its side, or the test ended
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
