package io.kconform.api.target;

import java.util.Map;
import java.util.Objects;

/**
 * A principal a check may act as, with the client properties that authenticate as it. Immutable.
 *
 * @param name             the principal as ACLs name it, e.g. {@code User:kconform-restricted}
 * @param clientProperties client properties (security protocol, SASL, TLS) for every client acting
 *                         as this principal, without bootstrap servers; hold secrets
 */
public record ClientPrincipal(String name, Map<String, Object> clientProperties) {

    public ClientPrincipal {
        Objects.requireNonNull(name, "name");
        clientProperties = Map.copyOf(clientProperties);
    }

    /** The name only: the properties hold secrets. */
    @Override
    public String toString() {
        return name;
    }
}
