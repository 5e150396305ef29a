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
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.UnsupportedFeatureException;
import io.kconform.api.wire.WireClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;

/**
 * Metadata: how every client learns which broker leads which partition. A wrong partition count
 * sends keyed records to the wrong partition; a missing or unknown leader leaves the producer
 * waiting; an unknown topic answered as if it existed, or silently created although the client
 * asked not to, hides typos and defeats topic governance.
 */
class MetadataChecks {

    private static final Duration AUTO_CREATE_WAIT = Duration.ofSeconds(15);

    @Check(id = "protocol.metadata.topic-partitions-leaders",
            title = "Metadata describes a 3-partition topic with a leader among the brokers for each partition,"
                    + " and answers an unknown topic with UNKNOWN_TOPIC_OR_PARTITION without creating it",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"Kafka protocol guide: Metadata", "KIP-204 (allow_auto_topic_creation, Metadata v4)"},
            hint = "Check that every partition of the topic is listed with a leader id that appears in the"
                    + " response's broker list, and that allow_auto_topic_creation=false is honoured for a topic"
                    + " that does not exist.")
    @RequiresApi(value = ApiKeys.METADATA, minVersion = 4)
    void topicPartitionsLeaders(CheckContext ctx) {
        String topic = ctx.createTopic("three", 3, Map.of());
        String unknown = ctx.name("never-created");
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.METADATA);
        try (WireClient wire = Wire.toBootstrap(ctx)) {
            MetadataResponse response = (MetadataResponse) wire.send(
                    new MetadataRequest.Builder(List.of(topic, unknown), false), version);
            Set<Integer> brokers = response.brokers().stream().map(Node::id).collect(Collectors.toSet());
            ctx.evidence("Metadata v%d (allow_auto_topic_creation=false) for %s and %s: brokers %s", version, topic,
                    unknown, response.brokers().stream().map(n -> n.id() + "@" + n.host() + ":" + n.port()).toList());
            assertThat(brokers).as("brokers listed in the Metadata response").isNotEmpty();
            Map<String, Errors> errors = response.errors();
            ctx.evidence("topic errors: %s", new TreeMap<>(errors));

            MetadataResponse.TopicMetadata created = find(response, topic);
            assertThat(created).as("topic %s in the Metadata response", topic).isNotNull();
            assertThat(created.error()).as("error for the created topic %s", topic).isEqualTo(Errors.NONE);
            Map<Integer, MetadataResponse.PartitionMetadata> partitions = new TreeMap<>();
            created.partitionMetadata().forEach(p -> partitions.put(p.partition(), p));
            partitions.values().forEach(p -> ctx.evidence("p%d: error %s, leader %s, replicas %s, isr %s",
                    p.partition(), p.error, p.leaderId.map(String::valueOf).orElse("none"), p.replicaIds,
                    p.inSyncReplicaIds));
            assertThat(created.partitionMetadata()).as("partitions listed for %s", topic).hasSize(3);
            assertThat(partitions.keySet()).as("partition indexes of %s", topic).containsExactly(0, 1, 2);
            for (MetadataResponse.PartitionMetadata p : partitions.values()) {
                assertThat(p.error).as("error of partition %d", p.partition()).isEqualTo(Errors.NONE);
                assertThat(p.leaderId).as("leader of partition %d", p.partition()).isPresent();
                assertThat(brokers).as("brokers, which must include the leader of partition %d", p.partition())
                        .contains(p.leaderId.get());
                assertThat(p.replicaIds).as("replicas of partition %d", p.partition()).contains(p.leaderId.get());
            }

            MetadataResponse.TopicMetadata missing = find(response, unknown);
            assertThat(missing).as("unknown topic %s in the Metadata response", unknown).isNotNull();
            assertThat(missing.error()).as("error for the unknown topic %s, auto-creation not requested", unknown)
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);

            // ask again: a target that created the topic anyway answers differently now
            MetadataResponse again = (MetadataResponse) wire.send(
                    new MetadataRequest.Builder(List.of(unknown), false), version);
            MetadataResponse.TopicMetadata stillMissing = find(again, unknown);
            ctx.evidence("asked again for %s: %s", unknown, stillMissing == null ? "not listed" : stillMissing.error());
            assertThat(stillMissing == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : stillMissing.error())
                    .as("error for %s on a second request: it must not have been created", unknown)
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
    }

    @Check(id = "protocol.metadata.auto-topic-creation",
            title = "Metadata with allow_auto_topic_creation=true creates an unknown topic where the broker's"
                    + " auto.create.topics.enable says so, and only there",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MAY,
            spec = {"KIP-204 (allow_auto_topic_creation, Metadata v4)", "Broker config auto.create.topics.enable"},
            hint = "A target that reports auto.create.topics.enable=true must create a topic a client asks for with"
                    + " allow_auto_topic_creation=true; one that reports false must not. Without auto creation the"
                    + " feature is reported unsupported.")
    @RequiresApi(value = ApiKeys.METADATA, minVersion = 4)
    void autoTopicCreation(CheckContext ctx) {
        Optional<Boolean> claimed = autoCreateSetting(ctx);
        ctx.evidence("auto.create.topics.enable as DescribeConfigs reports it: %s",
                claimed.map(String::valueOf).orElse("not readable"));
        String topic = ctx.name("auto-created");
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.METADATA);
        List<String> answers = new ArrayList<>();
        boolean created = false;
        try (WireClient wire = Wire.toBootstrap(ctx)) {
            // Ask until the topic is served. A KRaft broker creates it in the background and answers
            // UNKNOWN_TOPIC_OR_PARTITION until the controller has (KAFKA-20089), for longer on a loaded machine: where
            // the target claims auto creation, only the bound ends the wait; elsewhere a repeated refusal does.
            long deadline = System.nanoTime() + AUTO_CREATE_WAIT.toNanos();
            int refusalsToBelieve = claimed.equals(Optional.of(true)) ? Integer.MAX_VALUE : 2;
            int refusals = 0;
            while (!created && refusals < refusalsToBelieve && System.nanoTime() < deadline) {
                MetadataResponse response = (MetadataResponse) wire.send(
                        new MetadataRequest.Builder(List.of(topic), true), version);
                MetadataResponse.TopicMetadata listed = find(response, topic);
                Errors error = listed == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : listed.error();
                answers.add(error.name());
                created = error == Errors.NONE && !listed.partitionMetadata().isEmpty();
                refusals += error == Errors.UNKNOWN_TOPIC_OR_PARTITION ? 1 : 0;
                if (!created) {
                    TargetContext.sleep(Duration.ofMillis(500));
                }
            }
        }
        ctx.evidence("Metadata v%d with allow_auto_topic_creation=true for %s answered %s", version, topic, answers);
        if (created) {
            if (claimed.equals(Optional.of(false))) {
                fail("the target reports auto.create.topics.enable=false and created %s on a Metadata request", topic);
            }
            return;
        }
        if (claimed.equals(Optional.of(true))) {
            fail("the target reports auto.create.topics.enable=true and did not create %s on a Metadata request with"
                    + " allow_auto_topic_creation=true (answers %s)", topic, answers);
        }
        throw new UnsupportedFeatureException("topics are not created on a Metadata request (auto.create.topics.enable="
                + claimed.map(String::valueOf).orElse("unknown") + "; answers " + answers + ")");
    }

    /** The broker setting as the first broker reports it, or empty when it cannot be read (no ACL, no API). */
    private static Optional<Boolean> autoCreateSetting(CheckContext ctx) {
        try {
            Admin admin = ctx.admin();
            String broker = String.valueOf(Await.result(admin.describeCluster().nodes(), "the brokers").iterator().next().id());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
            Config config = Await.result(admin.describeConfigs(List.of(resource)).all(), "the broker's configuration")
                    .get(resource);
            ConfigEntry entry = config == null ? null : config.get("auto.create.topics.enable");
            return entry == null || entry.value() == null ? Optional.empty() : Optional.of(Boolean.parseBoolean(entry.value()));
        } catch (RuntimeException e) {
            ctx.evidence("cannot read the broker's configuration: %s", e.getMessage());
            return Optional.empty();
        }
    }

    private static MetadataResponse.TopicMetadata find(MetadataResponse response, String topic) {
        return response.topicMetadata().stream().filter(t -> topic.equals(t.topic())).findFirst().orElse(null);
    }
}
