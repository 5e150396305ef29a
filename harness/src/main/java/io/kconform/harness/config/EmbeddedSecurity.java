package io.kconform.harness.config;

import java.util.List;
import java.util.Objects;

/**
 * How an embedded broker secures its client listener: the protocol, the SASL mechanism, and whether
 * the StandardAuthorizer enforces ACLs. The harness generates the credentials and certificates for
 * the run; none of them is configured by the user.
 *
 * @param protocol      PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param saslMechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, used with the SASL protocols
 * @param authorizer    whether ACLs are enforced (the harness's own principal is a super user)
 */
public record EmbeddedSecurity(String protocol, String saslMechanism, boolean authorizer) {

    /** The listener protocols an embedded broker offers. */
    public static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    /** The SASL mechanisms an embedded broker offers. */
    public static final List<String> SASL_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    /** The mechanism used when a SASL protocol names none. */
    public static final String DEFAULT_SASL_MECHANISM = "SCRAM-SHA-512";

    public EmbeddedSecurity {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(saslMechanism, "saslMechanism");
    }

    /** Whether clients authenticate with SASL. */
    public boolean usesSasl() {
        return protocol.startsWith("SASL_");
    }

    /** Whether the listener speaks TLS. */
    public boolean usesTls() {
        return protocol.equals("SSL") || protocol.equals("SASL_SSL");
    }
}
