package io.kconform.checks.groups;

import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The group timers of a check that waits on the coordinator's clock: a session as short as the target allows
 * (its {@code group.min.session.timeout.ms}, as DescribeConfigs gives it; Apache Kafka's default of 6 s where
 * the target does not describe it), heartbeats a few times within it. A check waits for an eviction in seconds
 * rather than the client's default 45 s. Stateless.
 */
final class GroupTimers {

    /** Apache Kafka's default {@code group.min.session.timeout.ms}. */
    static final Duration KAFKA_MIN_SESSION = Duration.ofSeconds(6);

    private static final String MIN_SESSION = "group.min.session.timeout.ms";

    private GroupTimers() {
    }

    /** The shortest session timeout the target accepts, recorded as evidence with where it came from. */
    static Duration session(CheckContext ctx) {
        try {
            Collection<Node> brokers = Await.result(ctx.admin().describeCluster().nodes(), Duration.ofSeconds(10),
                    "the brokers of the target");
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER,
                    brokers.iterator().next().idString());
            Config config = Await.result(ctx.admin().describeConfigs(List.of(broker)).all(), Duration.ofSeconds(10),
                    "the broker's configs").get(broker);
            ConfigEntry entry = config == null ? null : config.get(MIN_SESSION);
            if (entry != null && entry.value() != null && !entry.value().isBlank()) {
                Duration session = Duration.ofMillis(Long.parseLong(entry.value().strip()));
                ctx.evidence("session.timeout.ms %d: the target's %s", session.toMillis(), MIN_SESSION);
                return session;
            }
        } catch (KafkaException | NumberFormatException | java.util.NoSuchElementException e) {
            // not described (not offered, not allowed): Kafka's default minimum, which any Kafka-compatible
            // coordinator accepts; a target that refuses it says so with INVALID_SESSION_TIMEOUT
        }
        ctx.evidence("session.timeout.ms %d: the target does not describe %s; Apache Kafka's default minimum",
                KAFKA_MIN_SESSION.toMillis(), MIN_SESSION);
        return KAFKA_MIN_SESSION;
    }

    /**
     * The configuration of a classic group member of {@code group}: the classic protocol named (the Java
     * client's default, named so that a future default does not change what the check is about), the session
     * given, heartbeats every 500 ms or a third of the session, whichever is shorter.
     */
    static Map<String, Object> classicMember(String group, Duration session) {
        return Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                "group.protocol", "classic",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session.toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.min(500, session.toMillis() / 3));
    }

    /** {@link #classicMember} with more settings. */
    static Map<String, Object> classicMember(String group, Duration session, Map<String, Object> more) {
        Map<String, Object> config = new java.util.HashMap<>(classicMember(group, session));
        config.putAll(more);
        return config;
    }
}
