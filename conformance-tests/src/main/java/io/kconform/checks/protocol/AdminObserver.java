package io.kconform.checks.protocol;

import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Observes the effect of an admin call another way than through the call's own answer: the topic as
 * a later describe shows it (Metadata or DescribeTopicPartitions, as the admin client chooses), and a
 * topic's configuration as DescribeConfigs shows it. Waits are bounded by {@link #SETTLE}, because a
 * broker's metadata cache learns of a change a moment after the controller commits it.
 */
final class AdminObserver {

    /** How long a change acknowledged by the target may take to show. */
    static final Duration SETTLE = Duration.ofSeconds(15);

    private AdminObserver() {
    }

    /**
     * Asks until the answer is settled or {@link #SETTLE} ends.
     *
     * @return the last answer; the caller asserts on it
     */
    static <T> T askUntil(Supplier<T> ask, Predicate<T> settled) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        T answer = ask.get();
        while (!settled.test(answer) && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofMillis(300));
            answer = ask.get();
        }
        return answer;
    }

    /** Runs a clean-up step; its failure must not hide the check's own result. */
    static void quietly(Runnable cleanup) {
        try {
            cleanup.run();
        } catch (RuntimeException ignored) {
            // already removed, or the target refuses; the check's outcome says which
        }
    }

    /** The topic as the target describes it now, or empty when it answers UNKNOWN_TOPIC_OR_PARTITION. */
    static Optional<TopicDescription> describe(CheckContext ctx, String topic) {
        try {
            return Optional.ofNullable(Await.result(ctx.admin().describeTopics(List.of(topic)).allTopicNames(),
                    "the description of " + topic).get(topic));
        } catch (UnknownTopicOrPartitionException e) {
            return Optional.empty();
        }
    }

    /**
     * Describes the topic until {@code settled} holds for what is seen (empty: the topic is unknown) or
     * {@link #SETTLE} ends.
     *
     * @return what was seen last; the caller asserts on it
     */
    static Optional<TopicDescription> describeUntil(CheckContext ctx, String topic,
                                                    Predicate<Optional<TopicDescription>> settled) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Optional<TopicDescription> seen = describe(ctx, topic);
        while (!settled.test(seen) && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofMillis(200));
            seen = describe(ctx, topic);
        }
        return seen;
    }

    /** Whether every partition of the description has a leader. */
    static boolean led(TopicDescription description) {
        return description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    /** The topic's configuration as DescribeConfigs reports it, with or without synonyms. */
    static Config topicConfig(CheckContext ctx, String topic, boolean synonyms) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = Await.result(ctx.admin().describeConfigs(List.of(resource),
                new DescribeConfigsOptions().includeSynonyms(synonyms)).all(), "the configuration of " + topic)
                .get(resource);
        if (config == null) {
            throw new AssertionError("DescribeConfigs did not return the configuration of " + topic);
        }
        return config;
    }

    /**
     * Describes the topic's configuration until {@code settled} holds for the entry {@code name} or
     * {@link #SETTLE} ends: a broker's metadata cache applies a change a moment after the controller
     * acknowledged it, so a DescribeConfigs right after an alteration may still show the old value.
     *
     * @return the entry seen last; the caller asserts on it
     */
    static ConfigEntry awaitEntry(CheckContext ctx, String topic, String name, Predicate<ConfigEntry> settled) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        ConfigEntry entry = topicConfig(ctx, topic, false).get(name);
        while ((entry == null || !settled.test(entry)) && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofMillis(200));
            entry = topicConfig(ctx, topic, false).get(name);
        }
        if (entry == null) {
            throw new AssertionError("DescribeConfigs of " + topic + " does not list " + name);
        }
        ctx.evidence("DescribeConfigs %s: %s=%s (source %s)", topic, name, entry.value(), entry.source());
        return entry;
    }

    /**
     * Sets {@code marker} on the topic for real, then describes the topic until the marker shows, and
     * returns that answer: it reflects every change made before the marker, so that a change that should
     * not have happened (a dry run carried out, an invalid value stored) cannot hide behind a stale read.
     * When the marker never shows (the target drops changes), the last answer is returned.
     */
    static Config afterMarker(CheckContext ctx, String topic, ConfigEntry marker) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Await.result(ctx.admin().incrementalAlterConfigs(Map.of(resource,
                List.of(new AlterConfigOp(marker, AlterConfigOp.OpType.SET)))).all(), "SET " + marker.name());
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Config config = topicConfig(ctx, topic, false);
        while (!shows(config, marker) && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofMillis(200));
            config = topicConfig(ctx, topic, false);
        }
        ctx.evidence("marker %s=%s set for real on %s: %s", marker.name(), marker.value(), topic,
                shows(config, marker) ? "seen" : "not seen within " + SETTLE.toSeconds() + " s");
        return config;
    }

    private static boolean shows(Config config, ConfigEntry marker) {
        ConfigEntry seen = config.get(marker.name());
        return seen != null && marker.value().equals(seen.value());
    }

    /** One entry of the topic's configuration, failing the check when it is not listed. */
    static ConfigEntry entry(CheckContext ctx, String topic, String name) {
        ConfigEntry entry = topicConfig(ctx, topic, false).get(name);
        if (entry == null) {
            throw new AssertionError("DescribeConfigs of " + topic + " does not list " + name);
        }
        ctx.evidence("DescribeConfigs %s: %s=%s (source %s)", topic, name, entry.value(), entry.source());
        return entry;
    }
}
