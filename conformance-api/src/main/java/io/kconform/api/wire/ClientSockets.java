package io.kconform.api.wire;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;

/**
 * Streaming sockets to one node, plain or TLS as the target's client properties say, for code that relays a
 * client's bytes (a check's fault-injecting proxy) rather than sending requests of its own. TLS is set up from the
 * {@code ssl.*} client properties exactly as for {@link RawConnection} (Kafka's own config definitions and engine
 * factory: stores, PEM, protocols, endpoint identification against {@code host}). SASL is the relayed client's.
 */
public final class ClientSockets {

    private ClientSockets() {
    }

    /** Whether {@link #connect} speaks TLS for these client properties ({@code SSL} or {@code SASL_SSL}). */
    public static boolean speaksTls(Map<String, ?> clientProperties) {
        return Tls.wanted(clientProperties);
    }

    /**
     * Connects to {@code host:port}, with TCP_NODELAY, and completes the TLS handshake where the properties ask for
     * TLS. Connecting and the handshake are bounded by {@code timeout}; the socket returned has no read timeout.
     *
     * @throws IOException when no connection, or no TLS session, is made within {@code timeout}
     */
    public static Socket connect(String host, int port, Duration timeout, Map<String, ?> clientProperties)
            throws IOException {
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            if (!Tls.wanted(clientProperties)) {
                return plain;
            }
            Socket tls = Tls.wrap(plain, host, port, timeout, clientProperties);
            tls.setSoTimeout(0); // a relay waits for the next frame as long as its client does
            return tls;
        } catch (IOException | RuntimeException e) {
            try {
                plain.close();
            } catch (IOException ignored) {
                // the failure to connect is what matters
            }
            throw e instanceof IOException io ? io : new IOException("no TLS session with " + host + ":" + port
                    + ": " + e, e);
        }
    }
}
