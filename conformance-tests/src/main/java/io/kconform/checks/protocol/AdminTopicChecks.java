package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.HarnessException;
import io.kconform.api.outcome.UnsupportedFeatureException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Topic administration with its effects observed: what Kafka Connect and Kafka Streams do when they
 * create their internal topics, and what operators do with a topic's partitions. Each check makes the
 * admin call and then looks at the topic another way (a later describe, DescribeConfigs, producing to
 * a new partition), because a target can answer an admin request with success and not do it.
 *
 * <p>None is a MUST: producers and consumers work on topics made by other means (a console, a
 * provisioning API), as many managed services require. What Connect, Streams and operators rely on is
 * SHOULD; dry runs, explicit placement and deletion by topic id are MAY.
 */
class AdminTopicChecks {

    private static final String RETENTION = "retention.ms";
    private static final String RETENTION_VALUE = "86400123";
    private static final String MAX_MESSAGE = "max.message.bytes";
    private static final String MAX_MESSAGE_VALUE = "500123";

    @Check(id = "protocol.admin.create-topics-validate-only",
            title = "CreateTopics with validate_only checks the request without creating the topic: the topic stays"
                    + " unknown and can then be created for real; an invalid config is refused",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MAY,
            spec = {"KIP-108 (CreateTopics validate_only, v1)", "Kafka protocol guide: CreateTopics"},
            hint = "A CreateTopics request with validate_only=true must not create anything: a later Metadata must"
                    + " answer UNKNOWN_TOPIC_OR_PARTITION and a real CreateTopics of the same name must not meet"
                    + " TOPIC_ALREADY_EXISTS. Validation itself must still run (INVALID_CONFIG for a bad value).")
    @RequiresApi(value = ApiKeys.CREATE_TOPICS, minVersion = 1)
    @RequiresApi(ApiKeys.METADATA)
    void createTopicsValidateOnly(CheckContext ctx) {
        Admin admin = ctx.admin();
        String topic = ctx.uniqueName("validated");
        // the target's default replication factor, or an explicit one where CreateTopics cannot ask for it
        Optional<Short> replication = ctx.explicitReplicationFactor();
        Await.result(admin.createTopics(List.of(new NewTopic(topic, Optional.of(2), replication)),
                new CreateTopicsOptions().validateOnly(true)).all(), "the validate-only creation of " + topic);
        ctx.evidence("CreateTopics %s (2 partitions) with validate_only=true: accepted", topic);

        Optional<TopicDescription> seen = AdminObserver.describe(ctx, topic);
        ctx.evidence("describe %s afterwards: %s", topic, seen.map(d -> d.partitions().size() + " partitions")
                .orElse("unknown topic"));
        assertThat(seen).as("topic %s after a validate-only CreateTopics: it must not exist", topic).isEmpty();

        try {
            Await.result(admin.createTopics(List.of(new NewTopic(topic, Optional.of(2), replication))).all(),
                    "the creation of " + topic);
        } catch (TopicExistsException e) {
            fail("a real CreateTopics of %s after the validate-only one met TOPIC_ALREADY_EXISTS: the validate-only"
                    + " request created it (%s)", topic, e.getMessage());
        }
        ctx.evidence("CreateTopics %s for real: created", topic);

        String invalid = ctx.uniqueName("invalid");
        try {
            Await.result(admin.createTopics(List.of(new NewTopic(invalid, Optional.of(1), replication)
                    .configs(Map.of(RETENTION, "not-a-number"))), new CreateTopicsOptions().validateOnly(true)).all(),
                    "the validate-only creation of " + invalid);
            fail("a validate-only CreateTopics of %s with %s=not-a-number was accepted: validation did not run",
                    invalid, RETENTION);
        } catch (InvalidConfigurationException e) {
            rethrowAuthorization(e);
            ctx.evidence("validate-only CreateTopics %s with %s=not-a-number: refused (%s)", invalid, RETENTION,
                    e.getClass().getSimpleName());
        }
    }

    @Check(id = "protocol.admin.create-topics-configs",
            title = "Topic configs given to CreateTopics take effect: DescribeConfigs reports their values with"
                    + " source DYNAMIC_TOPIC_CONFIG",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-4 (CreateTopics)", "KIP-133 (DescribeConfigs)", "Kafka protocol guide: CreateTopics"},
            hint = "Kafka Connect and Kafka Streams create their internal topics with configs (cleanup.policy,"
                    + " retention.ms); a target that answers such a CreateTopics with success must apply every config,"
                    + " so that DescribeConfigs shows it as a topic override, not the broker default.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.DESCRIBE_CONFIGS)
    void createTopicsConfigs(CheckContext ctx) {
        Map<String, String> configs = new TreeMap<>(Map.of(RETENTION, RETENTION_VALUE, MAX_MESSAGE, MAX_MESSAGE_VALUE));
        String topic = ctx.createTopic("configured", 1, configs);
        ctx.evidence("topic %s created with %s", topic, configs);
        for (Map.Entry<String, String> wanted : configs.entrySet()) {
            ConfigEntry entry = AdminObserver.entry(ctx, topic, wanted.getKey());
            assertThat(entry.value()).as("%s of %s as DescribeConfigs reports it", wanted.getKey(), topic)
                    .isEqualTo(wanted.getValue());
            assertThat(entry.source()).as("source of %s of %s", wanted.getKey(), topic)
                    .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        }
    }

    @Check(id = "protocol.admin.create-topics-explicit-assignment",
            title = "CreateTopics with an explicit replica assignment places each partition on the brokers asked for",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MAY,
            spec = {"KIP-4 (CreateTopics assignments)", "Kafka protocol guide: CreateTopics"},
            hint = "Each partition of a topic created with assignments must list exactly the requested broker ids as"
                    + " its replicas, in that order, with a leader among them. Brokers are those DescribeCluster names.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.METADATA)
    void createTopicsExplicitAssignment(CheckContext ctx) {
        Admin admin = ctx.admin();
        List<Integer> brokers = Await.result(admin.describeCluster().nodes(), "the brokers").stream()
                .map(Node::id).sorted().toList();
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        for (int p = 0; p < 2; p++) {
            assignment.put(p, List.of(brokers.get(p % brokers.size())));
        }
        String topic = ctx.uniqueName("assigned");
        Await.result(admin.createTopics(List.of(new NewTopic(topic, assignment))).all(), "the creation of " + topic);
        ctx.evidence("brokers %s; CreateTopics %s with assignment %s: accepted", brokers, topic, assignment);

        Optional<TopicDescription> seen = AdminObserver.describeUntil(ctx, topic,
                d -> d.isPresent() && AdminObserver.led(d.get()));
        assertThat(seen).as("topic %s after CreateTopics answered success", topic).isPresent();
        Map<Integer, List<Integer>> placed = new TreeMap<>();
        for (TopicPartitionInfo p : seen.get().partitions()) {
            placed.put(p.partition(), p.replicas().stream().map(Node::id).toList());
            ctx.evidence("p%d: replicas %s, leader %s", p.partition(), placed.get(p.partition()),
                    p.leader() == null ? "none" : p.leader().id());
            assertThat(p.leader()).as("leader of partition %d", p.partition()).isNotNull();
            assertThat(assignment.get(p.partition())).as("requested replicas of partition %d", p.partition())
                    .contains(p.leader().id());
        }
        assertThat(placed).as("replicas of %s by partition", topic).isEqualTo(assignment);
    }

    @Check(id = "protocol.admin.delete-topics-by-name",
            title = "DeleteTopics by name removes the topic: it is then unknown to Metadata",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-4 (DeleteTopics)", "Kafka protocol guide: DeleteTopics"},
            hint = "A topic whose DeleteTopics was answered NONE must disappear: a later Metadata for it must answer"
                    + " UNKNOWN_TOPIC_OR_PARTITION (within 15 s here). Deleting an unknown topic must be"
                    + " answered UNKNOWN_TOPIC_OR_PARTITION. TOPIC_DELETION_DISABLED (delete.topic.enable=false) is"
                    + " reported as not offered.")
    @RequiresApi(ApiKeys.DELETE_TOPICS)
    @RequiresApi(ApiKeys.METADATA)
    void deleteTopicsByName(CheckContext ctx) {
        String topic = ctx.createTopic("doomed", 2, Map.of());
        deleteOrUnsupported(ctx, ctx.admin().deleteTopics(List.of(topic)).all(), topic);
        ctx.evidence("DeleteTopics %s: accepted", topic);
        assertGone(ctx, topic);

        String unknown = ctx.name("never-created");
        try {
            Await.result(ctx.admin().deleteTopics(List.of(unknown)).all(), "the deletion of " + unknown);
            fail("DeleteTopics of %s, which never existed, was answered with success", unknown);
        } catch (UnknownTopicOrPartitionException e) {
            ctx.evidence("DeleteTopics %s (never created): UNKNOWN_TOPIC_OR_PARTITION", unknown);
        }
    }

    @Check(id = "protocol.admin.delete-topics-by-id",
            title = "DeleteTopics by topic id (v6) removes the topic; an unknown id is answered UNKNOWN_TOPIC_ID",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MAY,
            spec = {"KIP-516 (topic ids, DeleteTopics v6)", "Kafka protocol guide: DeleteTopics"},
            hint = "The topic id comes from describing the topic; DeleteTopics v6 with that id and no name must delete"
                    + " the topic, so that Metadata by name answers UNKNOWN_TOPIC_OR_PARTITION afterwards, and an id"
                    + " no topic has must be answered UNKNOWN_TOPIC_ID. TOPIC_DELETION_DISABLED is reported as not"
                    + " offered.")
    @RequiresApi(value = ApiKeys.DELETE_TOPICS, minVersion = 6)
    @RequiresApi(ApiKeys.METADATA)
    void deleteTopicsById(CheckContext ctx) {
        String topic = ctx.createTopic("doomed-by-id", 1, Map.of());
        TopicDescription described = AdminObserver.describe(ctx, topic)
                .orElseThrow(() -> new HarnessException("topic " + topic + " is unknown right after its creation"));
        Uuid id = described.topicId();
        ctx.evidence("topic %s has id %s", topic, id);
        assertThat(id).as("topic id of %s", topic).isNotNull().isNotEqualTo(Uuid.ZERO_UUID);

        deleteOrUnsupported(ctx, ctx.admin().deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all(),
                "topic id " + id);
        ctx.evidence("DeleteTopics by id %s: accepted", id);
        assertGone(ctx, topic);

        Uuid unknown = Uuid.randomUuid();
        try {
            Await.result(ctx.admin().deleteTopics(TopicCollection.ofTopicIds(List.of(unknown))).all(),
                    "the deletion of " + unknown);
            fail("DeleteTopics of topic id %s, which no topic has, was answered with success", unknown);
        } catch (UnknownTopicIdException e) {
            ctx.evidence("DeleteTopics by id %s (no such topic): UNKNOWN_TOPIC_ID", unknown);
        }
    }

    @Check(id = "protocol.admin.create-partitions-increase",
            title = "CreatePartitions from 1 to 3 adds two partitions that have leaders and take records",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-195 (CreatePartitions)", "Kafka protocol guide: CreatePartitions"},
            hint = "After CreatePartitions answered NONE, Metadata must list the new partition count with a leader"
                    + " for every partition, and a record produced to the newest partition must be stored there.")
    @RequiresApi(ApiKeys.CREATE_PARTITIONS)
    @RequiresApi(ApiKeys.METADATA)
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void createPartitionsIncrease(CheckContext ctx) {
        String topic = ctx.createTopic("growing", 1, Map.of());
        Await.result(ctx.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all(),
                "the new partitions of " + topic);
        ctx.evidence("CreatePartitions %s to 3: accepted", topic);

        Optional<TopicDescription> seen = AdminObserver.describeUntil(ctx, topic,
                d -> d.isPresent() && d.get().partitions().size() == 3 && AdminObserver.led(d.get()));
        ctx.evidence("describe %s: %s", topic, seen.map(d -> d.partitions().size() + " partitions, leaders "
                + d.partitions().stream().map(p -> p.leader() == null ? "none" : String.valueOf(p.leader().id()))
                .toList()).orElse("unknown topic"));
        assertThat(seen).as("topic %s", topic).isPresent();
        assertThat(seen.get().partitions()).as("partitions of %s after CreatePartitions to 3", topic).hasSize(3);
        assertThat(AdminObserver.led(seen.get())).as("every partition of %s has a leader", topic).isTrue();

        Producer<String, String> producer = ctx.producer(Map.of());
        RecordMetadata stored = ReadBack.await(producer.send(new ProducerRecord<>(topic, 2, "k", "to-p2")));
        ctx.evidence("a record sent to %s-2 was acknowledged at partition %d offset %d", topic, stored.partition(),
                stored.offset());
        assertThat(stored.partition()).as("partition the record was stored in").isEqualTo(2);
        TopicPartition newest = new TopicPartition(topic, 2);
        long end = Await.result(ctx.admin().listOffsets(Map.of(newest, OffsetSpec.latest())).all(),
                "the end offset of " + newest).get(newest).offset();
        ctx.evidence("end offset of %s: %d", newest, end);
        assertThat(end).as("end offset of the new partition %s after one record", newest).isEqualTo(1);
    }

    @Check(id = "protocol.admin.create-partitions-decrease-refused",
            title = "CreatePartitions refuses to reduce a topic's partitions (or keep their count) with"
                    + " INVALID_PARTITIONS, and the topic keeps its partitions",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-195 (CreatePartitions)", "Kafka protocol guide: error code 37 INVALID_PARTITIONS"},
            hint = "Kafka cannot remove partitions: a CreatePartitions to fewer partitions than the topic has, or to"
                    + " the same number, must be answered INVALID_PARTITIONS, never NONE, and the topic must keep all"
                    + " its partitions.")
    @RequiresApi(ApiKeys.CREATE_PARTITIONS)
    @RequiresApi(ApiKeys.METADATA)
    void createPartitionsDecreaseRefused(CheckContext ctx) {
        String topic = ctx.createTopic("shrinking", 3, Map.of());
        List<String> accepted = new ArrayList<>();
        for (int count : List.of(2, 3)) {
            try {
                Await.result(ctx.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(count))).all(),
                        "CreatePartitions of " + topic);
                accepted.add(String.valueOf(count));
                ctx.evidence("CreatePartitions %s (3 partitions) to %d: accepted", topic, count);
            } catch (InvalidPartitionsException e) {
                ctx.evidence("CreatePartitions %s (3 partitions) to %d: INVALID_PARTITIONS (%s)", topic, count,
                        e.getMessage());
            }
        }
        Optional<TopicDescription> seen = AdminObserver.describe(ctx, topic);
        ctx.evidence("describe %s: %s", topic, seen.map(d -> d.partitions().size() + " partitions")
                .orElse("unknown topic"));
        assertThat(seen.map(d -> d.partitions().size())).as("partitions of %s afterwards", topic).contains(3);
        if (!accepted.isEmpty()) {
            fail("CreatePartitions of %s from 3 to %s partitions was answered with success instead of"
                    + " INVALID_PARTITIONS", topic, String.join(" and ", accepted));
        }
    }

    /**
     * Awaits a deletion; a target that has topic deletion switched off (Apache Kafka's
     * delete.topic.enable=false answers TOPIC_DELETION_DISABLED) does not offer the feature.
     */
    private static void deleteOrUnsupported(CheckContext ctx, KafkaFuture<Void> deletion, String what) {
        try {
            Await.result(deletion, "the deletion of " + what);
        } catch (TopicDeletionDisabledException e) {
            ctx.evidence("DeleteTopics %s: TOPIC_DELETION_DISABLED", what);
            throw new UnsupportedFeatureException("the target has topic deletion switched off: " + e.getMessage(), e);
        }
    }

    /** Fails the check unless the topic becomes unknown within {@link AdminObserver#SETTLE}. */
    private static void assertGone(CheckContext ctx, String topic) {
        Optional<TopicDescription> seen = AdminObserver.describeUntil(ctx, topic, Optional::isEmpty);
        ctx.evidence("describe %s afterwards: %s", topic, seen.map(d -> d.partitions().size() + " partitions, still there")
                .orElse("unknown topic"));
        assertThat(seen).as("topic %s %d s after DeleteTopics answered success", topic,
                AdminObserver.SETTLE.toSeconds()).isEmpty();
    }

    /** Kafka's AuthorizationException is an InvalidConfigurationException: it is the set-up's fault, not a refusal. */
    static void rethrowAuthorization(InvalidConfigurationException e) {
        if (e instanceof AuthorizationException) {
            throw e;
        }
    }
}
