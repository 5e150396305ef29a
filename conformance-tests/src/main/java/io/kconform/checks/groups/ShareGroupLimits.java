package io.kconform.checks.groups;

import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The bounds a target puts on a share group's own configs (KIP-932): a group may set its record lock duration and
 * delivery count limit only within the broker's {@code group.share.min.*} and {@code group.share.max.*}. A check
 * that waits on a lock or counts deliveries asks for the lowest value the target allows, as DescribeConfigs gives
 * it, and Apache Kafka's default minimum where the target does not describe it. Stateless.
 */
final class ShareGroupLimits {

    /** Apache Kafka's default {@code group.share.min.record.lock.duration.ms}. */
    static final long KAFKA_MIN_LOCK_MS = 15_000;
    /** Apache Kafka's default {@code group.share.min.delivery.count.limit}. */
    static final long KAFKA_MIN_DELIVERY_COUNT_LIMIT = 2;

    private ShareGroupLimits() {
    }

    /** The shortest record lock duration a share group may set, recorded as evidence with where it came from. */
    static Duration minLockDuration(CheckContext ctx) {
        return Duration.ofMillis(brokerMinimum(ctx, "group.share.min.record.lock.duration.ms", KAFKA_MIN_LOCK_MS));
    }

    /** The lowest delivery count limit a share group may set, recorded as evidence with where it came from. */
    static int minDeliveryCountLimit(CheckContext ctx) {
        return (int) brokerMinimum(ctx, "group.share.min.delivery.count.limit", KAFKA_MIN_DELIVERY_COUNT_LIMIT);
    }

    /**
     * The delivery count limit the broker applies to groups that set none ({@code group.share.delivery.count.limit}),
     * where the target describes it.
     */
    static java.util.OptionalLong brokerDeliveryCountLimit(CheckContext ctx) {
        return brokerConfig(ctx, "group.share.delivery.count.limit");
    }

    private static long brokerMinimum(CheckContext ctx, String name, long kafkaDefault) {
        java.util.OptionalLong value = brokerConfig(ctx, name);
        if (value.isPresent()) {
            return value.getAsLong();
        }
        ctx.evidence("the target does not describe %s: Apache Kafka's default %d", name, kafkaDefault);
        return kafkaDefault;
    }

    /** A broker config of the target as DescribeConfigs gives it, recorded as evidence; empty where not described. */
    private static java.util.OptionalLong brokerConfig(CheckContext ctx, String name) {
        try {
            Collection<Node> brokers = Await.result(ctx.admin().describeCluster().nodes(), Duration.ofSeconds(10),
                    "the brokers of the target");
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER,
                    brokers.iterator().next().idString());
            Config config = Await.result(ctx.admin().describeConfigs(List.of(broker)).all(), Duration.ofSeconds(10),
                    "the broker's configs").get(broker);
            ConfigEntry entry = config == null ? null : config.get(name);
            if (entry != null && entry.value() != null && !entry.value().isBlank()) {
                long value = Long.parseLong(entry.value().strip());
                ctx.evidence("%s is %d on the target", name, value);
                return java.util.OptionalLong.of(value);
            }
        } catch (KafkaException | NumberFormatException | java.util.NoSuchElementException e) {
            // not described (not offered, not allowed): the caller decides what that means for its check
        }
        return java.util.OptionalLong.empty();
    }
}
