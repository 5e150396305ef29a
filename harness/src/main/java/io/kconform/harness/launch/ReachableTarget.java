package io.kconform.harness.launch;

import io.kconform.api.target.ClientPrincipal;
import io.kconform.harness.config.TargetSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a target from targets.yaml shares once it is reachable, whoever runs it: its name and kind,
 * its bootstrap address, the client properties and secrets the file gave, the restricted principal it
 * named, and its log. A subclass
 * says only what it is and how it stops. Immutable state; thread-safe accessors.
 */
abstract class ReachableTarget implements RunningTarget {

    private final String name;
    private final String kind;
    private final String bootstrap;
    private final Map<String, Object> clientProperties;
    private final Set<String> secretValues;
    private final Optional<Path> logFile;
    private final Optional<ClientPrincipal> restrictedPrincipal;

    ReachableTarget(TargetSpec spec, String bootstrap, Map<String, String> clientProperties, Set<String> secretValues,
                    Optional<Path> logFile) {
        this.name = spec.name();
        this.kind = spec.kind();
        this.bootstrap = bootstrap;
        this.clientProperties = Map.copyOf(clientProperties);
        this.secretValues = Set.copyOf(secretValues);
        this.logFile = logFile;
        this.restrictedPrincipal = spec.restrictedPrincipal();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final String bootstrapServers() {
        return bootstrap;
    }

    @Override
    public final Map<String, Object> clientProperties() {
        return clientProperties;
    }

    @Override
    public final Set<String> secretValues() {
        return secretValues;
    }

    @Override
    public final Optional<Path> logFile() {
        return logFile;
    }

    @Override
    public final Optional<ClientPrincipal> restrictedPrincipal() {
        return restrictedPrincipal;
    }
}
