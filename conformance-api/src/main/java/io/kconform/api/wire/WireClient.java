package io.kconform.api.wire;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.BootstrapConfiguration;
import org.apache.kafka.clients.ClientRequest;
import org.apache.kafka.clients.ClientResponse;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.ManualMetadataUpdater;
import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.NetworkClientUtils;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.network.ChannelBuilder;
import org.apache.kafka.common.network.Selector;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.LogContext;

/**
 * Sends single requests to one node of a target at exactly the version asked for, and returns the
 * decoded response. It never negotiates versions: a request at a version the node does not support
 * goes out as asked, which is what protocol checks need.
 *
 * <p>Not thread-safe: one caller at a time. Every call is bounded by the timeout given.
 */
public final class WireClient implements AutoCloseable {

    private static final String CLIENT_ID = "kconform-wire";

    private final NetworkClient client;
    private final Metrics metrics;
    private final Node node;
    private final Duration timeout;
    private final Time time = Time.SYSTEM;

    private WireClient(NetworkClient client, Metrics metrics, Node node, Duration timeout) {
        this.client = client;
        this.metrics = metrics;
        this.node = node;
        this.timeout = timeout;
    }

    /**
     * Opens a client to {@code host:port} with ordinary Kafka client properties (security settings
     * are honoured; bootstrap servers in them are ignored) and waits until the connection, including
     * any TLS and SASL handshake, is ready.
     *
     * @throws WireException when the connection is not ready within the timeout, with the cause
     */
    public static WireClient connect(String host, int port, Map<String, ?> clientProperties, Duration timeout) {
        return connect(host, port, clientProperties, timeout, CLIENT_ID);
    }

    /**
     * As {@link #connect(String, int, Map, Duration)}, with the client id every request carries, so
     * that a target's logs (and a test's proxy) can tell one kind of check's traffic from another's.
     */
    public static WireClient connect(String host, int port, Map<String, ?> clientProperties, Duration timeout,
                                     String clientId) {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, host + ":" + port);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        AdminClientConfig adminConfig = new AdminClientConfig(config);
        LogContext logContext = new LogContext("[kconform wire " + host + ":" + port + "] ");
        Metrics metrics = new Metrics();
        ChannelBuilder channelBuilder = ClientUtils.createChannelBuilder(adminConfig, Time.SYSTEM, logContext);
        // Bounded: a frame announcing gigabytes is an endpoint's fault to report, not memory to allocate.
        Selector selector = new Selector(RawConnection.MAX_REPLY_BYTES,
                adminConfig.getLong(CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_CONFIG), metrics, Time.SYSTEM,
                "kconform-wire", Map.of(), true, channelBuilder, logContext);
        int requestTimeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        NetworkClient client = new NetworkClient(selector, new ManualMetadataUpdater(), clientId,
                1, 50, 1000, 128 * 1024, 128 * 1024, requestTimeoutMs, timeout.toMillis(), timeout.toMillis(),
                Time.SYSTEM, false, new ApiVersions(), logContext, MetadataRecoveryStrategy.NONE,
                BootstrapConfiguration.DISABLED, false);
        Node node = new Node(-1, host, port);
        WireClient wire = new WireClient(client, metrics, node, timeout);
        try {
            if (!NetworkClientUtils.awaitReady(client, node, Time.SYSTEM, timeout.toMillis())) {
                throw new WireException("no connection to " + host + ":" + port + " within " + timeout.toSeconds() + " s");
            }
            return wire;
        } catch (AuthenticationException e) {
            wire.close();
            throw new WireException("authentication with " + host + ":" + port + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            wire.close();
            throw new WireException("connection to " + host + ":" + port + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            wire.close();
            throw e;
        }
    }

    /**
     * Sends the request the builder makes at {@code version} and waits for its response.
     *
     * @throws WireException when the node closes the connection on the request ({@link WireException#closed()}),
     *                       does not answer within the timeout (both {@link WireException#unanswered()}), or
     *                       the exchange fails otherwise
     */
    public <T extends AbstractRequest> AbstractResponse send(AbstractRequest.Builder<T> builder, short version) {
        AbstractRequest.Builder<T> fixed = new FixedVersionBuilder<>(builder, version);
        ClientRequest request = client.newClientRequest(node.idString(), fixed, time.milliseconds(), true);
        String exchange = builder.apiKey().name + " v" + version;
        try {
            client.send(request, time.milliseconds());
            while (client.active()) {
                for (ClientResponse response : client.poll(Long.MAX_VALUE, time.milliseconds())) {
                    if (response.requestHeader().correlationId() == request.correlationId()) {
                        return body(response, exchange);
                    }
                }
            }
        } catch (DisconnectException e) {
            throw WireException.closed(exchange + ": no response (the target closed the connection)");
        }
        throw new WireException(exchange + ": the client was closed before the response was read");
    }

    private AbstractResponse body(ClientResponse response, String exchange) {
        if (response.authenticationException() != null) {
            throw new WireException("authentication failed: " + response.authenticationException().getMessage(),
                    response.authenticationException());
        }
        if (response.versionMismatch() != null) {
            throw response.versionMismatch();
        }
        if (response.wasTimedOut()) {
            throw WireException.unanswered(exchange + ": no response (the target did not answer within "
                    + timeout.toMillis() + " ms)");
        }
        if (response.wasDisconnected() || !response.hasResponse()) {
            throw WireException.closed(exchange + ": no response (the target closed the connection)");
        }
        return response.responseBody();
    }

    /** The address this client talks to. */
    public String address() {
        return node.host() + ":" + node.port();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (RuntimeException ignored) {
            // closing a half-open client must not hide the error that made us close it
        }
        metrics.close();
    }

    /** Builds at one version only, so the network client sends exactly that version. */
    private static final class FixedVersionBuilder<T extends AbstractRequest> extends AbstractRequest.Builder<T> {
        private final AbstractRequest.Builder<T> delegate;

        FixedVersionBuilder(AbstractRequest.Builder<T> delegate, short version) {
            super(delegate.apiKey(), version, version);
            this.delegate = delegate;
        }

        @Override
        public T build(short version) {
            return delegate.build(version);
        }
    }
}
