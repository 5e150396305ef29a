package io.kconform.api;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * An optional, newer capability of the baseline: something Apache Kafka offers beside the levels, which an
 * application adopts by choice and which older releases and many implementations lack. A capability never
 * decides a certification level; the verdict lists it beside the level as working, broken, advertised but
 * not enabled, or absent ({@code CapabilityStatus} in the report model).
 *
 * <p>A check belongs to a capability when it exercises the capability itself ({@link OfCapability}, or,
 * for a sweep member, the API it sweeps). What a capability needs only incidentally is not its business:
 * a consumer group check of the MESSAGING level uses the classic protocol, which every release offers.
 *
 * <p>Its API keys are named, not referenced as constants, and looked up in the kafka-clients this JVM runs
 * ({@link #apis()}): checks may run on an older Java client release (when current clients cannot connect to a
 * target), whose {@code ApiKeys} lacks the newer keys, and this enum must still load there.
 */
public enum Capability {

    /** The consumer group protocol of KIP-848: ConsumerGroupHeartbeat, server-side assignment. */
    KIP_848_GROUPS("KIP-848 groups", "KIP-848", feature("group.version", 1),
            List.of("CONSUMER_GROUP_HEARTBEAT", "CONSUMER_GROUP_DESCRIBE")),

    /** Share groups (queues for Kafka) of KIP-932. */
    SHARE_GROUPS("share groups", "KIP-932", feature("share.version", 1), List.of(
            "SHARE_GROUP_HEARTBEAT", "SHARE_GROUP_DESCRIBE", "SHARE_FETCH",
            "SHARE_ACKNOWLEDGE", "INITIALIZE_SHARE_GROUP_STATE", "READ_SHARE_GROUP_STATE",
            "WRITE_SHARE_GROUP_STATE", "DELETE_SHARE_GROUP_STATE",
            "READ_SHARE_GROUP_STATE_SUMMARY", "DESCRIBE_SHARE_GROUP_OFFSETS",
            "ALTER_SHARE_GROUP_OFFSETS", "DELETE_SHARE_GROUP_OFFSETS")),

    /** The Streams rebalance protocol of KIP-1071: StreamsGroupHeartbeat, server-side task assignment. */
    STREAMS_GROUPS("streams groups", "KIP-1071", feature("streams.version", 1), List.of(
            "STREAMS_GROUP_HEARTBEAT", "STREAMS_GROUP_DESCRIBE",
            "STREAMS_GROUP_TOPOLOGY_DESCRIPTION_UPDATE")),

    /**
     * Transactions V2 of KIP-890 part 2: the producer epoch bumped on every transaction, partitions added
     * implicitly. Offered where {@code transaction.version} is finalized at 2 or above.
     */
    TRANSACTIONS_V2("transactions v2", "KIP-890", feature("transaction.version", 2), List.of()),

    /** DescribeTopicPartitions of KIP-966: paged topic descriptions with eligible leader replicas. */
    DESCRIBE_TOPIC_PARTITIONS("DescribeTopicPartitions", "KIP-966", Optional.empty(),
            List.of("DESCRIBE_TOPIC_PARTITIONS"));

    /** A finalized feature at a level: what switches a capability on. */
    public record FeatureLevel(String name, short level) {
    }

    private final String displayName;
    private final String kip;
    private final Optional<FeatureLevel> feature;
    private final List<String> apiNames;

    /** @param apiNames the names of its {@link ApiKeys} constants */
    Capability(String displayName, String kip, Optional<FeatureLevel> feature, List<String> apiNames) {
        this.displayName = displayName;
        this.kip = kip;
        this.feature = feature;
        this.apiNames = apiNames;
    }

    /** How the verdict names it, e.g. "KIP-848 groups". */
    public String displayName() {
        return displayName;
    }

    /** The KIP that specifies it. */
    public String kip() {
        return kip;
    }

    /** The finalized feature and level that switch it on, where there is one ({@code group.version} 1, ...). */
    public Optional<FeatureLevel> feature() {
        return feature;
    }

    private static Optional<FeatureLevel> feature(String name, int level) {
        return Optional.of(new FeatureLevel(name, (short) level));
    }

    /**
     * The API keys that exist for it alone: a target advertising one of them claims the capability. Those the
     * kafka-clients of this JVM knows: all of them with the release kconform is built against, fewer on an older one.
     */
    public List<ApiKeys> apis() {
        return Arrays.stream(ApiKeys.values()).filter(api -> apiNames.contains(api.name())).toList();
    }

    /** The stable id used in results.json and the catalog, e.g. {@code kip-848-groups}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The capability an API key exists for, if any. */
    public static Optional<Capability> ofApi(ApiKeys api) {
        for (Capability capability : values()) {
            if (capability.apiNames.contains(api.name())) {
                return Optional.of(capability);
            }
        }
        return Optional.empty();
    }

    /** The capability with this {@link #id()}. */
    public static Optional<Capability> fromId(String id) {
        for (Capability capability : values()) {
            if (capability.id().equals(id)) {
                return Optional.of(capability);
            }
        }
        return Optional.empty();
    }
}
