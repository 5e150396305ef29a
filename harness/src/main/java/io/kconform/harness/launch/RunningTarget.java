package io.kconform.harness.launch;

import io.kconform.api.target.BrokerControl;
import io.kconform.api.target.ClientPrincipal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A target that is up: where to reach it and with which client properties. Closing it stops what
 * the harness started (nothing, for an external target). Close is idempotent and thread-safe.
 */
public interface RunningTarget extends AutoCloseable {

    /** The target's name. */
    String name();

    /** The kind, as targets.yaml names it. */
    String kind();

    /** A line for people: what this target is, e.g. "Apache Kafka 4.4.0, embedded, KRaft, 1 node". */
    String description();

    /** {@code host:port[,host:port...]}. */
    String bootstrapServers();

    /** Client properties for every client of the target; may hold secrets. */
    Map<String, Object> clientProperties();

    /** Values that must never be shown in output or reports. */
    Set<String> secretValues();

    /** The log of the target's own process, when the harness started one. */
    Optional<Path> logFile();

    /** Control over the target's brokers, when the harness runs them; empty by default. */
    default Optional<BrokerControl> brokerControl() {
        return Optional.empty();
    }

    /** A principal without ACLs on a target that enforces them; empty by default. Its secrets are in {@link #secretValues()}. */
    default Optional<ClientPrincipal> restrictedPrincipal() {
        return Optional.empty();
    }

    @Override
    void close();
}
