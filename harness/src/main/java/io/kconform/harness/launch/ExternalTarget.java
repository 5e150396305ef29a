package io.kconform.harness.launch;

import io.kconform.harness.config.ExternalTargetSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An endpoint someone else runs: nothing to start, nothing to stop. */
final class ExternalTarget implements RunningTarget {

    private final ExternalTargetSpec spec;

    ExternalTarget(ExternalTargetSpec spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String kind() {
        return spec.kind();
    }

    @Override
    public String description() {
        String protocol = spec.clientProperties().getOrDefault("security.protocol", "PLAINTEXT");
        return "external endpoint " + spec.bootstrap() + " (" + protocol + ")";
    }

    @Override
    public String bootstrapServers() {
        return spec.bootstrap();
    }

    @Override
    public Map<String, Object> clientProperties() {
        return Map.copyOf(spec.clientProperties());
    }

    @Override
    public Set<String> secretValues() {
        return spec.secretValues();
    }

    @Override
    public Optional<Path> logFile() {
        return Optional.empty();
    }

    @Override
    public void close() {
        // the endpoint is not ours to stop
    }
}
