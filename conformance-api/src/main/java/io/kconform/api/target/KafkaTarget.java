package io.kconform.api.target;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The plain {@link Target}: values fixed when the target was probed.
 *
 * @param name             the target's name
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param clientProperties client properties, may hold secrets
 * @param facts            what the probe found
 * @param names            the run's prefix
 * @param brokerControl    control over the brokers, when the harness runs them
 * @param restrictedPrincipal a principal without ACLs, when the target enforces ACLs
 */
public record KafkaTarget(String name, String bootstrapServers, Map<String, Object> clientProperties,
                          TargetFacts facts, ResourceNames names, Optional<BrokerControl> brokerControl,
                          Optional<ClientPrincipal> restrictedPrincipal) implements Target {

    public KafkaTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        clientProperties = Map.copyOf(clientProperties);
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(brokerControl, "brokerControl");
        Objects.requireNonNull(restrictedPrincipal, "restrictedPrincipal");
    }

    /** A target with neither broker control nor a restricted principal, as an external endpoint is. */
    public KafkaTarget(String name, String bootstrapServers, Map<String, Object> clientProperties, TargetFacts facts,
                       ResourceNames names) {
        this(name, bootstrapServers, clientProperties, facts, names, Optional.empty(), Optional.empty());
    }

    /** Name and bootstrap servers only: client properties may hold secrets. */
    @Override
    public String toString() {
        return name + " (" + bootstrapServers + ")";
    }
}
