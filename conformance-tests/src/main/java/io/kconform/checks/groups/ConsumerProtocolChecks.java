package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.Check;
import io.kconform.api.OfCapability;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The KIP-848 consumer group protocol ({@code group.protocol=consumer}): the coordinator computes
 * the assignment and hands it out incrementally through ConsumerGroupHeartbeat, so rebalances no
 * longer stop the whole group. It is where Kafka's consumer groups are going; a target without it
 * keeps its users on the classic protocol (a gap, reported UNSUPPORTED, not a failure).
 */
class ConsumerProtocolChecks {

    @OfCapability(Capability.KIP_848_GROUPS)
    @Check(id = "groups.consumer-protocol.assignment",
            title = "Two group.protocol=consumer members get one partition each of a 2-partition topic and consume"
                    + " every record once",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"KIP-848", "Kafka protocol guide: ConsumerGroupHeartbeat"},
            hint = "Check that ConsumerGroupHeartbeat assigns partitions server-side (uniform assignor by default),"
                    + " revokes a partition from the first member before handing it to the second, and that the"
                    + " broker answers UNSUPPORTED_VERSION when the protocol is disabled.")
    @RequiresApi(value = ApiKeys.CONSUMER_GROUP_HEARTBEAT)
    void assignment(CheckContext ctx) {
        String topic = ctx.createTopic("kip848", 2, Map.of());
        String group = ctx.uniqueName("group");
        Map<String, Object> config = Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        Consumer<String, String> a = ctx.consumer(config);
        Consumer<String, String> b = ctx.consumer(config);
        a.subscribe(List.of(topic));
        b.subscribe(List.of(topic));
        List<Consumer<String, String>> both = List.of(a, b);
        List<List<ConsumerRecord<String, String>>> inboxes = GroupMembers.inboxes(2);
        boolean balanced = GroupMembers.pollUntil(both, inboxes, TargetContext.DEFAULT_WAIT,
                () -> GroupMembers.onePartitionEach(both));
        ctx.evidence("member A owns %s (epoch %d), member B owns %s (epoch %d)", a.assignment(),
                a.groupMetadata().generationId(), b.assignment(), b.groupMetadata().generationId());
        assertThat(balanced).as("each of the 2 members owns one of the 2 partitions within %d s (A %s, B %s)",
                TargetContext.DEFAULT_WAIT.toSeconds(), a.assignment(), b.assignment()).isTrue();
        // Both members joined and were assigned: a refusal of the protocol from here on is no longer "not offered".
        ctx.accepted("the KIP-848 consumer group protocol (both members joined and were assigned)");

        GroupMembers.assertEachReadOnce(ctx, a, b, inboxes, topic, "r", "20 records");
    }
}
