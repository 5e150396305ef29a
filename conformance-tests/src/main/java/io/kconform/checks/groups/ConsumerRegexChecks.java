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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Subscription by pattern under the KIP-848 consumer protocol: the member sends a regular expression (RE2/J
 * syntax) in ConsumerGroupHeartbeat's SubscribedTopicRegex and the coordinator resolves it against the cluster's
 * topics, again as topics are created. Applications that read every topic of a family ({@code orders-.*}) rely on
 * a new topic of the family being picked up without a restart, and on other topics staying out.
 */
class ConsumerRegexChecks {

    /** SHOULD: applications opt into pattern subscriptions. */
    @OfCapability(Capability.KIP_848_GROUPS)
    @Check(id = "groups.consumer-protocol.regex-subscription",
            title = "A group.protocol=consumer member subscribed with a pattern is assigned a matching topic created"
                    + " after it joined, and never a topic that does not match",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-848 (broker-side regular expressions)", "Kafka protocol guide: ConsumerGroupHeartbeat"},
            hint = "The coordinator must resolve SubscribedTopicRegex against the topics that exist, again when topics"
                    + " are created (Apache Kafka refreshes within about 10 s), and assign only matching topics.")
    // version 1 brought SubscribedTopicRegex (KIP-848's broker-side regular expressions)
    @RequiresApi(value = ApiKeys.CONSUMER_GROUP_HEARTBEAT, minVersion = 1)
    void regexSubscription(CheckContext ctx) {
        // names are <prefix>-<check>-<suffix>: the pattern matches this check's topics whose suffix starts "in-"
        String pattern = literal(ctx.name("in")) + "-.*";
        String early = ctx.createTopic("in-early", 1, Map.of());
        Consumer<String, String> member = ctx.consumer(ConsumerMembers.member(ctx.uniqueName("group"), Map.of()));
        member.subscribe(new SubscriptionPattern(pattern));
        Set<TopicPartition> seen = new TreeSet<>(java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        boolean joined = GroupMembers.pollUntil(List.of(member), GroupMembers.inboxes(1), TargetContext.DEFAULT_WAIT,
                () -> seen.addAll(member.assignment()) | member.assignment().contains(new TopicPartition(early, 0)));
        ctx.evidence("member subscribed to pattern %s owns %s", pattern, member.assignment());
        assertThat(joined).as("the member subscribed to %s owns the partition of the matching topic %s, which"
                + " existed when it joined, within %d s", pattern, early, TargetContext.DEFAULT_WAIT.toSeconds())
                .isTrue();
        ctx.accepted("the KIP-848 consumer group protocol with a subscription pattern (a matching topic was"
                + " assigned)");

        // the topic that does not match exists first: whatever resolution picks up the matching one saw it too
        String outside = ctx.createTopic("out-late", 1, Map.of());
        String late = ctx.createTopic("in-late", 1, Map.of());
        boolean picked = GroupMembers.pollUntil(List.of(member), GroupMembers.inboxes(1), TargetContext.DEFAULT_WAIT,
                () -> seen.addAll(member.assignment()) | member.assignment().contains(new TopicPartition(late, 0)));
        seen.addAll(member.assignment());
        ctx.evidence("after topics %s and %s were created: owns %s; ever owned %s", outside, late,
                member.assignment(), seen);
        assertThat(picked).as("the member subscribed to %s owns the partition of the matching topic %s, created"
                + " after it joined, within %d s", pattern, late, TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
        assertThat(seen).as("partitions ever assigned to the member subscribed to %s (%s does not match)", pattern,
                outside).noneMatch(p -> p.topic().equals(outside));
    }

    /** {@code text} as a pattern that matches it literally: every character but letters and digits escaped. */
    private static String literal(String text) {
        StringBuilder pattern = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (!Character.isLetterOrDigit(c)) {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.toString();
    }
}
