package io.kconform.api.wire;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

/**
 * TLS for {@link RawConnection}, set up from ordinary Kafka client properties exactly as Kafka's own clients
 * read them: the {@code ssl.*} settings are parsed by Kafka's config definitions and the context is built by
 * Kafka's {@link DefaultSslEngineFactory}, so stores, PEM certificates, protocols and endpoint identification
 * mean what they mean to a producer.
 */
final class Tls {

    private Tls() {
    }

    /** Whether the client properties ask for TLS ({@code SSL} or {@code SASL_SSL}). */
    static boolean wanted(Map<String, ?> clientProperties) {
        Object protocol = clientProperties.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        String name = protocol == null ? "PLAINTEXT" : protocol.toString().strip().toUpperCase(Locale.ROOT);
        return name.equals("SSL") || name.equals("SASL_SSL");
    }

    /** Layers a client TLS session over a connected socket and completes the handshake within {@code timeout}. */
    static SSLSocket wrap(Socket plain, String host, int port, Duration timeout, Map<String, ?> clientProperties)
            throws IOException {
        ConfigDef definitions = new ConfigDef();
        SslConfigs.addClientSslSupport(definitions);
        Map<String, Object> given = new HashMap<>();
        clientProperties.forEach((key, value) -> {
            if (key.startsWith("ssl.")) {
                given.put(key, value);
            }
        });
        Map<String, Object> parsed = definitions.parse(given);
        SSLContext context;
        try (DefaultSslEngineFactory factory = new DefaultSslEngineFactory()) {
            factory.configure(parsed);
            context = factory.sslContext();
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        Object identification = parsed.get(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);
        if (identification != null && !identification.toString().isEmpty()) {
            parameters.setEndpointIdentificationAlgorithm(identification.toString());
        }
        @SuppressWarnings("unchecked")
        List<String> protocols = (List<String>) parsed.get(SslConfigs.SSL_ENABLED_PROTOCOLS_CONFIG);
        if (protocols != null && !protocols.isEmpty()) {
            parameters.setProtocols(protocols.toArray(String[]::new));
        }
        tls.setSSLParameters(parameters);
        tls.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        tls.startHandshake();
        return tls;
    }
}
