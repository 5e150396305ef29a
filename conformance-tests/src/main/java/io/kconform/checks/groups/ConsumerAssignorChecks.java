package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.OfCapability;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnsupportedAssignorException;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Server-side assignors of the KIP-848 consumer protocol: a member names one in {@code group.remote.assignor}
 * (ConsumerGroupHeartbeat's ServerAssignor) and the coordinator computes the group's assignment with it. An
 * application chooses one for what it guarantees: {@code uniform} spreads partitions evenly over the members,
 * {@code range} gives each member the same partition numbers of co-partitioned topics (joins of keyed topics rely
 * on it). A coordinator that assigns with another assignor than the one named, or ignores a name it does not
 * have, silently breaks what the application chose. Two members share two topics of three partitions each.
 */
class ConsumerAssignorChecks {

    private static final int PARTITIONS = 3;
    private static final String UNKNOWN_ASSIGNOR = "kconform-no-such-assignor";

    /** MUST (of the capability): {@code uniform} is the first of Apache Kafka's server assignors, the default. */
    @OfCapability(Capability.KIP_848_GROUPS)
    @Check(id = "groups.consumer-protocol.assignor.uniform",
            title = "Two group.protocol=consumer members naming the uniform assignor share six partitions evenly,"
                    + " each partition owned once",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"KIP-848 (server-side assignors: uniform)", "Kafka protocol guide: ConsumerGroupHeartbeat"},
            hint = "ConsumerGroupHeartbeat's ServerAssignor names the assignor the coordinator must use for the group;"
                    + " uniform gives every member the same number of partitions, give or take one.")
    @RequiresApi(value = ApiKeys.CONSUMER_GROUP_HEARTBEAT)
    void uniform(CheckContext ctx) {
        Map<String, Set<TopicPartition>> owned = settle(ctx, "uniform");
        List<Integer> shares = owned.values().stream().map(Set::size).toList();
        assertThat(spread(shares)).as("the uniform assignor's shares of the %d partitions (member by member: %s)"
                + " differ by at most one: %s", PARTITIONS * 2, shares, owned).isLessThanOrEqualTo(1);
    }

    /** SHOULD: an application opts into range for co-partitioning; most keep the default. */
    @OfCapability(Capability.KIP_848_GROUPS)
    @Check(id = "groups.consumer-protocol.assignor.range",
            title = "Two group.protocol=consumer members naming the range assignor get, of two co-partitioned topics,"
                    + " the same partition numbers each and an even share of each topic",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-848 (server-side assignors: range)", "Kafka protocol guide: ConsumerGroupHeartbeat"},
            hint = "With ServerAssignor range the coordinator must split each topic's partitions into ranges, one"
                    + " per member, so that a member gets the same partition numbers of topics with as many"
                    + " partitions (co-partitioning, what joins of keyed topics rely on).")
    @RequiresApi(value = ApiKeys.CONSUMER_GROUP_HEARTBEAT)
    void range(CheckContext ctx) {
        Map<String, Set<TopicPartition>> owned = settle(ctx, "range");
        List<String> topics = owned.values().stream().flatMap(Set::stream).map(TopicPartition::topic).distinct()
                .sorted().toList();
        owned.forEach((member, partitions) -> {
            TreeSet<Integer> first = ConsumerMembers.numbers(partitions, topics.get(0));
            TreeSet<Integer> second = ConsumerMembers.numbers(partitions, topics.get(1));
            assertThat(second).as("member %s's partition numbers of the second topic: those of the first (%s), as"
                    + " range gives co-partitioned topics: %s", member, first, owned).isEqualTo(first);
        });
        for (String topic : topics) {
            List<Integer> shares = owned.values().stream().map(p -> ConsumerMembers.numbers(p, topic).size()).toList();
            assertThat(spread(shares)).as("the members' shares %s of topic %s differ by at most one: %s", shares,
                    topic, owned).isLessThanOrEqualTo(1);
        }
    }

    /** SHOULD: a misnamed assignor must show at once, not as a distribution the application did not choose. */
    @OfCapability(Capability.KIP_848_GROUPS)
    @Check(id = "groups.consumer-protocol.assignor.unknown-refused",
            title = "A group.protocol=consumer member naming a server assignor the target does not have is refused"
                    + " with UNSUPPORTED_ASSIGNOR, not assigned by another",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-848 (UNSUPPORTED_ASSIGNOR)", "Kafka protocol guide: ConsumerGroupHeartbeat"},
            hint = "A ConsumerGroupHeartbeat whose ServerAssignor is none of the coordinator's assignors must be"
                    + " answered UNSUPPORTED_ASSIGNOR (error 105); assigning with the default instead hides the"
                    + " member's mistake.")
    @RequiresApi(value = ApiKeys.CONSUMER_GROUP_HEARTBEAT)
    void unknownRefused(CheckContext ctx) {
        // first, a member with the target's default assignor: the protocol itself is offered
        String topic = ctx.createTopic("assignor", 1, Map.of());
        Consumer<String, String> known = ctx.consumer(ConsumerMembers.member(ctx.uniqueName("group"), Map.of()));
        known.subscribe(List.of(topic));
        boolean joined = GroupMembers.pollUntil(List.of(known), GroupMembers.inboxes(1), TargetContext.DEFAULT_WAIT,
                () -> !known.assignment().isEmpty());
        assertThat(joined).as("a group.protocol=consumer member with the default assignor owns the partition of"
                + " %s within %d s", topic, TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
        ctx.accepted("the KIP-848 consumer group protocol (a member with the default assignor was assigned)");

        String group = ctx.uniqueName("group");
        Consumer<String, String> unknown = ctx.consumer(ConsumerMembers.member(group,
                Map.of(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, UNKNOWN_ASSIGNOR)));
        unknown.subscribe(List.of(topic));
        UnsupportedAssignorException refused = null;
        try {
            GroupMembers.pollUntil(List.of(unknown), GroupMembers.inboxes(1), TargetContext.DEFAULT_WAIT,
                    () -> !unknown.assignment().isEmpty());
        } catch (UnsupportedAssignorException e) {
            refused = e;
        }
        ctx.evidence("member of %s naming server assignor '%s': %s", group, UNKNOWN_ASSIGNOR, refused != null
                ? "refused: " + refused.getMessage() : "owns " + unknown.assignment());
        assertThat(unknown.assignment()).as("partitions given to a member naming the server assignor '%s', which"
                + " the target does not have (KIP-848: refused with UNSUPPORTED_ASSIGNOR)", UNKNOWN_ASSIGNOR).isEmpty();
        assertThat(refused).as("the refusal (UnsupportedAssignorException) of server assignor '%s' within %d s",
                UNKNOWN_ASSIGNOR, TargetContext.DEFAULT_WAIT.toSeconds()).isNotNull();
    }

    /**
     * Two members naming {@code assignor} join a group on two topics of {@link #PARTITIONS} partitions each; returns
     * their partitions once each owns some and together they own every one exactly once.
     */
    private static Map<String, Set<TopicPartition>> settle(CheckContext ctx, String assignor) {
        List<String> topics = List.of(ctx.createTopic("left", PARTITIONS, Map.of()),
                ctx.createTopic("right", PARTITIONS, Map.of()));
        List<TopicPartition> all = ConsumerMembers.partitionsOf(topics, PARTITIONS);
        String group = ctx.uniqueName("group");
        Map<String, Consumer<String, String>> members = new LinkedHashMap<>();
        for (String name : List.of("A", "B")) {
            Consumer<String, String> member = ctx.consumer(ConsumerMembers.member(group,
                    Map.of(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, assignor)));
            member.subscribe(topics);
            members.put(name, member);
        }
        boolean settled = GroupMembers.pollUntil(new ArrayList<>(members.values()), GroupMembers.inboxes(2),
                TargetContext.DEFAULT_WAIT, () -> ConsumerMembers.eachOnceAllOwning(members.values(), all));
        Map<String, Set<TopicPartition>> owned = ConsumerMembers.assignments(members);
        ctx.evidence("two members naming server assignor %s, member epochs %d and %d: %s", assignor,
                members.get("A").groupMetadata().generationId(), members.get("B").groupMetadata().generationId(),
                owned);
        assertThat(settled).as("each of the 2 members naming assignor %s owns partitions and together they own each"
                + " of the %d exactly once within %d s: %s", assignor, all.size(),
                TargetContext.DEFAULT_WAIT.toSeconds(), owned).isTrue();
        ctx.accepted("the KIP-848 consumer group protocol with server assignor " + assignor);
        return owned;
    }

    private static int spread(List<Integer> counts) {
        return counts.stream().mapToInt(Integer::intValue).max().orElse(0)
                - counts.stream().mapToInt(Integer::intValue).min().orElse(0);
    }
}
