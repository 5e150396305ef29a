package io.kconform.api.target;

import java.util.Map;
import java.util.Objects;

/**
 * The plain {@link Target}: values fixed when the target was probed.
 *
 * @param name             the target's name
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param clientProperties client properties, may hold secrets
 * @param facts            what the probe found
 * @param names            the run's prefix
 */
public record KafkaTarget(String name, String bootstrapServers, Map<String, Object> clientProperties,
                          TargetFacts facts, ResourceNames names) implements Target {

    public KafkaTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        clientProperties = Map.copyOf(clientProperties);
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(names, "names");
    }

    /** Name and bootstrap servers only: client properties may hold secrets. */
    @Override
    public String toString() {
        return name + " (" + bootstrapServers + ")";
    }
}
