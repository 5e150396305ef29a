package io.kconform.harness.config;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An endpoint someone else runs: bootstrap servers and ordinary Kafka client properties.
 *
 * @param name             the target's name
 * @param bootstrap        {@code host:port[,host:port...]}
 * @param clientProperties client properties with {@code ${env:NAME}} already resolved; may hold secrets
 * @param secretValues     the values that must never be shown: those read from the environment and
 *                         those of properties whose names say they are secret
 */
public record ExternalTargetSpec(String name, String bootstrap, Map<String, String> clientProperties,
                                 Set<String> secretValues) implements TargetSpec {

    public ExternalTargetSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bootstrap, "bootstrap");
        clientProperties = Map.copyOf(clientProperties);
        secretValues = Set.copyOf(secretValues);
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
