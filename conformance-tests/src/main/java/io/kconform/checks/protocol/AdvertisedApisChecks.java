package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.NotApplicableException;
import io.kconform.api.outcome.OutcomeClassifier;
import io.kconform.api.target.ApiRange;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * An API the target advertises must be served. Clients decide what to use from ApiVersions alone: a
 * Kafka 4.x consumer configured with {@code group.protocol=consumer} starts the KIP-848 protocol
 * because ConsumerGroupHeartbeat is advertised, and has no fallback when the target then refuses it.
 * Apache Kafka 4.4 itself does this when {@code group.coordinator.rebalance.protocols=classic}: the
 * feature is off, yet the API stays advertised. The groups battery reports the missing feature
 * (UNSUPPORTED); this check reports the contradiction, as a finding of its own.
 *
 * <p>Level MESSAGING, because the API concerned is a consumer-group API that an ingest-only user
 * never calls; strength SHOULD, because a client configured for the classic protocol is unaffected.
 */
class AdvertisedApisChecks {

    /**
     * If ConsumerGroupHeartbeat is advertised, a {@code group.protocol=consumer} consumer must join
     * and consume; a refusal (UNSUPPORTED_VERSION or any other "not supported") is a FAIL naming the
     * API. If it is not advertised, the check is SKIPPED: the target makes no claim to test, and a
     * PASS would report an observation that was never made (whether the protocol is offered at all is
     * {@code groups.consumer-protocol.assignment}'s finding, not this one's).
     */
    @Check(id = "protocol.apiversions.advertised-apis-served",
            title = "An advertised ConsumerGroupHeartbeat is served: a group.protocol=consumer consumer joins and"
                    + " consumes",
            battery = Battery.PROTOCOL, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-35", "KIP-848"},
            hint = "Either serve ConsumerGroupHeartbeat (KIP-848 consumer groups) or stop advertising it in"
                    + " ApiVersions, so that clients configured with group.protocol=consumer fail fast with a clear"
                    + " message instead of after connecting.")
    void advertisedApisServed(CheckContext ctx) {
        Optional<ApiRange> advertised = ctx.target().facts().range(ApiKeys.CONSUMER_GROUP_HEARTBEAT);
        if (advertised.isEmpty()) {
            throw new NotApplicableException("ConsumerGroupHeartbeat is not advertised, so there is no advertised"
                    + " claim to verify");
        }
        ctx.evidence("ApiVersions advertises ConsumerGroupHeartbeat v%s", advertised.get());
        String topic = ctx.createTopic("served", 1, Map.of());
        ReadBack.await(ctx.producer(Map.of()).send(new ProducerRecord<>(topic, "k", "v")));
        String group = ctx.uniqueName("group");
        Consumer<String, String> consumer = ctx.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"));
        if (ctx.target().facts().advertises(ApiKeys.LIST_OFFSETS)) {
            consumer.subscribe(List.of(topic));
        } else {
            // A new group starts where auto.offset.reset says, which takes ListOffsets: a refusal of that
            // would read as a refusal of the consumer protocol. The topic is new, so starting at offset 0
            // is the same start; a missing ListOffsets is reported by the checks that rely on it.
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    partitions.forEach(p -> consumer.seek(p, 0));
                }
            });
            ctx.evidence("the target does not advertise ListOffsets: the consumer starts at offset 0 of its new"
                    + " topic instead of asking for the earliest offset");
        }
        List<ConsumerRecord<String, String>> records;
        try {
            records = ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT, r -> !r.isEmpty());
        } catch (KafkaException e) {
            if (OutcomeClassifier.classify(e).outcome() == Outcome.UNSUPPORTED) {
                ctx.evidence("group.protocol=consumer consumer refused: %s: %s", e.getClass().getSimpleName(),
                        e.getMessage());
                throw new AssertionError("ConsumerGroupHeartbeat v" + advertised.get() + " is advertised in"
                        + " ApiVersions, but a group.protocol=consumer consumer is refused: " + e.getMessage(), e);
            }
            throw e;
        }
        ctx.evidence("group %s: assignment %s, generation %d, %d record(s) consumed", group, consumer.assignment(),
                consumer.groupMetadata().generationId(), records.size());
        assertThat(records).as("records consumed by a group.protocol=consumer consumer of group %s within %d s",
                group, TargetContext.DEFAULT_WAIT.toSeconds()).isNotEmpty();
    }
}
