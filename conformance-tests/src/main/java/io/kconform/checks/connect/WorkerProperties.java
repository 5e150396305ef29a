package io.kconform.checks.connect;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * The properties of a distributed Connect worker against the target.
 *
 * <p>The target's client properties (bootstrap servers, security protocol, SASL, TLS) go to every
 * client the worker makes: unprefixed for the worker's own group membership and internal topics,
 * and with the {@code producer.}, {@code consumer.} and {@code admin.} prefixes for the clients of
 * its connectors, which Connect configures from those prefixes only.
 *
 * <p>Timers are shortened where Connect allows it, so that a check takes seconds: offsets are
 * flushed every 500 ms, a departed worker's work is reassigned at once, and a worker out of sync
 * with the config topic retries after a second rather than five minutes, and a worker that left
 * without saying so is noticed after six seconds.
 */
final class WorkerProperties {

    /** How often source offsets and sink consumer offsets are committed. */
    static final int OFFSET_FLUSH_INTERVAL_MS = 500;

    /** How long a worker may go without a heartbeat before its group drops it. */
    static final int SESSION_TIMEOUT_MS = 6000;

    /** Connect's own default partition counts of the offset and status topics, for explicit creation. */
    private static final String OFFSET_PARTITIONS = "25";
    private static final String STATUS_PARTITIONS = "5";
    private static final List<String> CLIENT_PREFIXES = List.of("producer.", "consumer.", "admin.");
    private static final String STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";

    private WorkerProperties() {
    }

    /**
     * The worker's properties.
     *
     * @param clientConfig the target's client configuration, bootstrap servers included
     * @param names        the worker group and internal topics
     * @param exactlyOnce  whether the worker offers exactly-once source support (KIP-618)
     * @param replication  the internal topics' replication factor where the target's CreateTopics cannot
     *                     ask for its default (see {@code TargetContext.explicitReplicationFactor}); empty
     *                     for the target's defaults
     */
    static Map<String, String> build(Map<String, ?> clientConfig, WorkerNames names, boolean exactlyOnce,
                                     Optional<Short> replication) {
        Map<String, String> props = new LinkedHashMap<>();
        clientConfig.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            String text = asString(value);
            props.put(key, text);
            if (!CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG.equals(key)) {
                for (String prefix : CLIENT_PREFIXES) {
                    props.put(prefix + key, text);
                }
            }
        });
        props.put("group.id", names.groupId());
        props.put("config.storage.topic", names.configTopic());
        props.put("offset.storage.topic", names.offsetTopic());
        props.put("status.storage.topic", names.statusTopic());
        // -1: the target's defaults, so that a cluster that insists on its own replication factor
        // (three, on most managed services) or partition count accepts the internal topics. Where
        // CreateTopics stops before v4 no default can be asked for: Connect's TopicAdmin would then
        // fall back to topics auto-created with the target's default cleanup.policy, and the next
        // worker would refuse them; the factor given and Connect's own default partition counts instead.
        String factor = replication.map(String::valueOf).orElse("-1");
        props.put("config.storage.replication.factor", factor);
        props.put("offset.storage.replication.factor", factor);
        props.put("status.storage.replication.factor", factor);
        props.put("offset.storage.partitions", replication.isPresent() ? OFFSET_PARTITIONS : "-1");
        props.put("status.storage.partitions", replication.isPresent() ? STATUS_PARTITIONS : "-1");
        props.put("key.converter", STRING_CONVERTER);
        props.put("value.converter", STRING_CONVERTER);
        // Header values as plain strings both ways; the default converter would parse "5" into a number.
        props.put("header.converter", STRING_CONVERTER);
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.discovery", "service_load");
        props.put("offset.flush.interval.ms", String.valueOf(OFFSET_FLUSH_INTERVAL_MS));
        props.put("scheduled.rebalance.max.delay.ms", "0");
        props.put("task.shutdown.graceful.timeout.ms", "3000");
        props.put("worker.unsync.backoff.ms", "1000");
        // A worker that stopped without leaving its group is noticed after 6 s rather than 10.
        props.put("session.timeout.ms", String.valueOf(SESSION_TIMEOUT_MS));
        props.put("heartbeat.interval.ms", "1000");
        props.put("exactly.once.source.support", exactlyOnce ? "enabled" : "disabled");
        // Sink connectors name their consumer group under the run's prefix (consumer.override.group.id), which
        // needs the policy that allows client overrides; said here rather than relying on the release's default.
        props.put("connector.client.config.override.policy", "All");
        return props;
    }

    /** A client property as text; passwords as their value, since the worker parses them again. */
    static String asString(Object value) {
        if (value instanceof Password password) {
            return password.value();
        }
        if (value instanceof Class<?> type) {
            return type.getName();
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(WorkerProperties::asString).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
