package io.kconform.harness.config;

import io.kconform.api.target.ClientPrincipal;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An endpoint someone else runs: bootstrap servers and ordinary Kafka client properties.
 *
 * @param name             the target's name
 * @param bootstrap        {@code host:port[,host:port...]}
 * @param clientProperties client properties with {@code ${env:NAME}} already resolved; may hold secrets
 * @param secretValues     the values that must never be shown: those read from the environment and
 *                         those of properties whose names say they are secret (the restricted
 *                         principal's included)
 * @param restrictedPrincipal a principal the endpoint authenticates and grants no ACL, when named
 */
public record ExternalTargetSpec(String name, String bootstrap, Map<String, String> clientProperties,
                                 Set<String> secretValues, Optional<ClientPrincipal> restrictedPrincipal)
        implements TargetSpec {

    public ExternalTargetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bootstrap, "bootstrap");
        clientProperties = Map.copyOf(clientProperties);
        secretValues = Set.copyOf(secretValues);
        Objects.requireNonNull(restrictedPrincipal, "restrictedPrincipal");
    }

    /** Without a restricted principal. */
    public ExternalTargetSpec(String name, String bootstrap, Map<String, String> clientProperties,
                              Set<String> secretValues) {
        this(name, bootstrap, clientProperties, secretValues, Optional.empty());
    }

    @Override
    public String kind() {
        return "external";
    }

    /** Name and bootstrap only: client properties may hold secrets. */
    @Override
    public String toString() {
        return "external target " + name + " (" + bootstrap + ")";
    }
}
