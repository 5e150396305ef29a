package io.kconform.harness.run;

import io.kconform.api.wire.WireClient;
import io.kconform.harness.run.LivenessJudge.Attempt;
import io.kconform.harness.run.LivenessJudge.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.requests.ApiVersionsRequest;

/**
 * One liveness attempt at a time: an ApiVersions round trip at a version the target answered when it
 * was probed, over a connection kept open between attempts (so that a TLS or SASL handshake is not
 * paid every second, and a target that closes idle connections is not mistaken for a dead one). When
 * that connection fails, every bootstrap address is tried afresh; an address whose connection fails is
 * asked once more by plain TCP, to tell a refusal (nothing listens) from a silence. Every step is
 * bounded by the attempt timeout; an attempt never throws. Not thread-safe: one watch thread uses it.
 */
final class LivenessProbe implements AutoCloseable {

    private final List<InetSocketAddress> addresses;
    private final Map<String, Object> clientProperties;
    private final short apiVersionsVersion;
    private final Duration timeout;
    private final String clientId;
    private WireClient connection;
    private int connectedIndex;

    /**
     * @param addresses          the bootstrap addresses; the target is alive when any of them answers
     * @param clientProperties   the target's client properties (TLS, SASL), as every check uses them
     * @param apiVersionsVersion the ApiVersions version to ask at: one the target answered
     * @param timeout            the bound of each connection and of each round trip
     * @param clientId           the client id the target sees, so that its logs tell the watch apart
     */
    LivenessProbe(List<InetSocketAddress> addresses, Map<String, Object> clientProperties, short apiVersionsVersion,
                  Duration timeout, String clientId) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no address to watch");
        }
        this.addresses = List.copyOf(addresses);
        this.clientProperties = Map.copyOf(clientProperties);
        this.apiVersionsVersion = apiVersionsVersion;
        this.timeout = timeout;
        this.clientId = clientId;
    }

    /** Asks the target once; the answer, or what kept it from coming. */
    Attempt attempt() {
        long begin = System.nanoTime();
        List<String> problems = new ArrayList<>();
        if (connection != null) {
            try {
                ask(connection);
                return done(Kind.ANSWERED, begin, connection.address());
            } catch (RuntimeException e) {
                problems.add(connection.address() + " (open connection): " + message(e));
                closeConnection();
            }
        }
        int refused = 0;
        for (int i = 0; i < addresses.size(); i++) {
            // The address that answered last is asked first: it most likely answers again.
            int index = (connectedIndex + i) % addresses.size();
            InetSocketAddress address = addresses.get(index);
            String hostPort = address.getHostString() + ":" + address.getPort();
            WireClient fresh = null;
            try {
                fresh = WireClient.connect(address.getHostString(), address.getPort(), clientProperties, timeout,
                        clientId);
                ask(fresh);
                connection = fresh;
                connectedIndex = index;
                return done(Kind.ANSWERED, begin, hostPort);
            } catch (RuntimeException e) {
                if (fresh != null) {
                    fresh.close();
                }
                if (refuses(address)) {
                    refused++;
                    problems.add(hostPort + ": connection refused");
                } else {
                    problems.add(hostPort + ": " + message(e));
                }
            }
        }
        return done(refused == addresses.size() ? Kind.REFUSED : Kind.UNANSWERED, begin, String.join("; ", problems));
    }

    private void ask(WireClient client) {
        client.send(new ApiVersionsRequest.Builder(), apiVersionsVersion);
    }

    /** Whether nothing listens at the address: the TCP connection is refused outright. */
    private boolean refuses(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) timeout.toMillis());
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            // a timeout or an unreachable network: silence, not a refusal
            return false;
        }
    }

    private static Attempt done(Kind kind, long beginNanos, String detail) {
        long end = System.nanoTime();
        return new Attempt(kind, end, Duration.ofNanos(end - beginNanos), detail);
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
