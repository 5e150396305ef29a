package io.kconform.api.target;

import java.util.Map;
import java.util.Optional;

/**
 * A target as a check sees it: a black box that speaks the Kafka protocol. Implementations are
 * immutable and thread-safe; checks running in parallel share one.
 *
 * <p>{@link #clientProperties()} may hold secrets (SASL JAAS configs, key-store passwords). They go
 * to Kafka clients and nowhere else: {@link #toString()} never shows them, and neither may a check.
 */
public interface Target {

    /** The target's name, as targets.yaml or the command line gave it. */
    String name();

    /** The bootstrap servers, {@code host:port[,host:port...]}. */
    String bootstrapServers();

    /**
     * Ordinary Kafka client properties (security protocol, SASL, TLS) to use for every client that
     * talks to the target, without bootstrap servers. An unmodifiable map.
     */
    Map<String, Object> clientProperties();

    /** What the probe found when the target was first reached. */
    TargetFacts facts();

    /** The prefix under which everything this run creates on the target is named. */
    ResourceNames names();

    /**
     * Control over the target's brokers, when the harness runs them itself; empty for an endpoint
     * someone else runs. Checks declare {@link Facility#BROKER_CONTROL} rather than test this.
     */
    default Optional<BrokerControl> brokerControl() {
        return Optional.empty();
    }

    /**
     * A second principal that the target authenticates but grants nothing (no ACL), on a target
     * that enforces ACLs; empty otherwise. {@link #clientProperties()} stay those of the harness's
     * own principal, a super user. Checks declare {@link Facility#RESTRICTED_PRINCIPAL}.
     */
    default Optional<ClientPrincipal> restrictedPrincipal() {
        return Optional.empty();
    }
}
