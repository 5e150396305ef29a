package io.kconform.checks.groups;

import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.UnsupportedFeatureException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Members of a share group (KIP-932) as the share-group checks drive them: real {@link KafkaShareConsumer}s in
 * explicit acknowledgement mode, polled by the check's own thread, each record answered as the check decides and
 * the answers committed before the next poll, so that what the target does next follows from what it was told.
 * Every delivery is recorded: which member got which record, with which delivery count, and what it answered.
 * Also sets a share group's own configs (IncrementalAlterConfigs on the GROUP resource), which is how the checks
 * make the target act within seconds. Each instance belongs to one check; not thread-safe.
 */
final class ShareMembers {

    /** How long one member's poll may wait before the next member's turn. */
    private static final Duration TURN = Duration.ofMillis(100);
    /** How long a commit of acknowledgements may take. */
    private static final Duration COMMIT = Duration.ofSeconds(10);

    /** One delivery of a record to a member, with the delivery count the target reported and what was answered. */
    record Delivery(String member, String value, long offset, int deliveryCount, String answer, long atMillis) {
        @Override
        public String toString() {
            return value + "@" + offset + "->" + member + " (delivery " + deliveryCount + ", " + answer + ")";
        }
    }

    /** What a check answers to a delivery: the record's value and how often it was delivered before. */
    interface Answer {
        /** The acknowledgement, or null to leave the record acquired and unacknowledged. */
        AcknowledgeType of(String value, int deliveredBefore);
    }

    private final CheckContext ctx;
    private final String group;
    private final Map<String, ShareConsumer<String, String>> members = new LinkedHashMap<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<String> acknowledgementErrors = new ArrayList<>();
    private final long started = System.nanoTime();

    ShareMembers(CheckContext ctx, String group) {
        this.ctx = ctx;
        this.group = group;
    }

    /**
     * Sets configs of the share group (IncrementalAlterConfigs, GROUP resource, before any member joins). A target
     * that refuses them cleanly makes the check UNSUPPORTED, naming the configs and why the check needed them.
     */
    void configure(Map<String, String> configs, String why) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        List<AlterConfigOp> ops = configs.entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        try {
            Await.result(ctx.admin().incrementalAlterConfigs(Map.of(resource, ops)).all(),
                    "IncrementalAlterConfigs of share group " + group);
        } catch (InvalidConfigurationException | InvalidRequestException | PolicyViolationException refused) {
            // (UnsupportedVersionException is an InvalidConfigurationException)
            throw new UnsupportedFeatureException("the target refuses the share-group config " + configs + " (set with"
                    + " IncrementalAlterConfigs on the GROUP resource " + group + "), which this check needs " + why
                    + ": " + refused, refused);
        }
        ctx.evidence("share group %s configured with %s (%s)", group, configs, why);
        // Group configs are kept in the cluster's metadata apart from the group, and run cleanup deletes groups,
        // not configs: the check removes what it set when it ends, whatever the group's deletion does. Registered
        // after the admin client, so it runs before that client closes; best effort and bounded, as every close.
        List<AlterConfigOp> deletes = configs.keySet().stream()
                .map(name -> new AlterConfigOp(new ConfigEntry(name, null), AlterConfigOp.OpType.DELETE)).toList();
        Admin admin = ctx.admin();
        ctx.closeLater(() -> admin.incrementalAlterConfigs(Map.of(resource, deletes)).all()
                .get(5, java.util.concurrent.TimeUnit.SECONDS));
    }

    /**
     * Sets configs of the share group where the target takes them; a clean refusal is recorded as evidence and
     * answered false, for a check that can fall back on the broker's own setting.
     */
    boolean configureIfTaken(Map<String, String> configs, String why) {
        try {
            configure(configs, why);
            return true;
        } catch (UnsupportedFeatureException refused) {
            ctx.evidence("the target does not take the share-group config %s (%s): the check falls back on the"
                    + " broker's own setting", configs, refused.getCause());
            return false;
        }
    }

    /** A new member of the group, subscribed to {@code topic}, in explicit acknowledgement mode. */
    void join(String name, String topic) {
        join(name, topic, Map.of());
    }

    /** A new member with more consumer settings ({@code max.poll.records}, {@code share.acquire.mode}, ...). */
    void join(String name, String topic, Map<String, Object> more) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put(ConsumerConfig.CLIENT_ID_CONFIG, ctx.uniqueName("share-" + name));
        overrides.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        overrides.put("share.acknowledgement.mode", "explicit");
        overrides.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        overrides.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TargetContext.DEFAULT_WAIT.toMillis());
        overrides.putAll(more);
        ShareConsumer<String, String> consumer = new KafkaShareConsumer<>(ctx.clientConfig(overrides));
        // closed with the context, briefly: closing releases what the member still holds
        ctx.closeLater(() -> consumer.close(Duration.ofSeconds(5)));
        consumer.subscribe(List.of(topic));
        members.put(name, consumer);
    }

    /** Closes a member, so that it leaves the group (what it holds unacknowledged is released). */
    void leave(String name) {
        members.remove(name).close(Duration.ofSeconds(10));
    }

    /**
     * Polls the members in turn, answering every record with {@code answer} and committing the answers, until
     * {@code done} holds for the deliveries so far or {@code wait} ends.
     *
     * @return whether {@code done} held
     */
    boolean consumeUntil(Duration wait, Answer answer, Predicate<List<Delivery>> done) {
        return consumeUntil(List.copyOf(members.keySet()), wait, answer, done);
    }

    /** As {@link #consumeUntil(Duration, Answer, Predicate)}, polling only the members named. */
    boolean consumeUntil(List<String> names, Duration wait, Answer answer, Predicate<List<Delivery>> done) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!done.test(deliveries)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            for (String name : names) {
                pollOnce(name, answer);
                if (done.test(deliveries)) {
                    return true;
                }
            }
        }
        return true;
    }

    /** One poll of one member; its records answered and, where any came, the answers committed. */
    void pollOnce(String name, Answer answer) {
        ShareConsumer<String, String> consumer = members.get(name);
        ConsumerRecords<String, String> records = consumer.poll(TURN);
        boolean answered = false;
        for (ConsumerRecord<String, String> record : records) {
            int before = (int) deliveries.stream().filter(d -> d.value().equals(record.value())).count();
            AcknowledgeType type = answer.of(record.value(), before);
            deliveries.add(new Delivery(name, record.value(), record.offset(),
                    record.deliveryCount().map(Short::intValue).orElse(-1), type == null ? "unacknowledged"
                    : type.name(), elapsedMillis()));
            if (type != null) {
                consumer.acknowledge(record, type);
                answered = true;
            }
        }
        if (answered) {
            Map<TopicIdPartition, Optional<KafkaException>> results = consumer.commitSync(COMMIT);
            results.forEach((partition, error) -> error.ifPresent(e -> acknowledgementErrors.add(name + " on "
                    + partition.topicPartition() + ": " + e)));
        }
    }

    /** Every delivery so far, in the order the members returned them. */
    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The deliveries of one value. */
    List<Delivery> deliveriesOf(String value) {
        return deliveries.stream().filter(d -> d.value().equals(value)).toList();
    }

    /** The errors the target answered to committed acknowledgements, per member and partition. */
    List<String> acknowledgementErrors() {
        return List.copyOf(acknowledgementErrors);
    }

    /** Milliseconds since this set of members was made. */
    long elapsedMillis() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** The lock duration a member was told in its last ShareFetch answer, where the target reported one. */
    Optional<Integer> acquisitionLockTimeoutMs(String name) {
        return members.get(name).acquisitionLockTimeoutMs();
    }

    /**
     * Polls every member (answering nothing, there being nothing to read yet) until the group's description shows
     * each of them with {@code partitions} assigned, or the default wait ends.
     *
     * @return the last description
     */
    ShareGroupDescription awaitAssigned(int partitions) {
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        ShareGroupDescription description = describe();
        while (!assigned(description, partitions) && System.nanoTime() < deadline) {
            for (String name : members.keySet()) {
                pollOnce(name, (value, before) -> AcknowledgeType.ACCEPT);
            }
            description = describe();
        }
        return description;
    }

    /** Whether the description shows every current member, each with {@code partitions} partitions. */
    boolean assigned(ShareGroupDescription description, int partitions) {
        Collection<org.apache.kafka.clients.admin.ShareMemberDescription> described = description.members();
        return described.size() == members.size() && described.stream()
                .allMatch(m -> m.assignment().topicPartitions().size() == partitions);
    }

    /**
     * The group as the target describes it (ShareGroupDescribe); one the target does not know yet (its first
     * member's heartbeat not yet handled) is described as an unknown group without members.
     */
    ShareGroupDescription describe() {
        try {
            return Await.result(ctx.admin().describeShareGroups(List.of(group)).describedGroups().get(group),
                    "ShareGroupDescribe of " + group);
        } catch (GroupIdNotFoundException notYet) {
            return new ShareGroupDescription(group, List.of(), GroupState.UNKNOWN, Node.noNode(), -1, -1);
        }
    }

    /** The group's description once {@code settled} holds, or the last one after the default wait. */
    ShareGroupDescription describedWhen(Predicate<ShareGroupDescription> settled) {
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        ShareGroupDescription description = describe();
        while (!settled.test(description) && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofMillis(200));
            description = describe();
        }
        return description;
    }
}
