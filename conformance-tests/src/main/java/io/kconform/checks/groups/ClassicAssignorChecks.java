package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.checks.Closing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.consumer.StickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The assignments of classic consumer groups (JoinGroup/SyncGroup): the group leader computes the plan with the
 * assignor every member named, and the coordinator must hand each member its own share of it and relay each
 * member's subscription, owned partitions included, to the leader. A coordinator that gets either wrong gives
 * one partition to two members (records processed twice, offsets overwritten) or none (records never
 * processed), or makes cooperative members give up more than they must. Three members share two topics of three
 * partitions each; every wait is bounded by {@link TargetContext#DEFAULT_WAIT}.
 */
class ClassicAssignorChecks {

    private static final int PARTITIONS_PER_TOPIC = 3;

    /**
     * MUST: the range assignor comes first in the Java consumer's default {@code partition.assignment.strategy},
     * so it is what every Java application that does not choose gets, and other clients default to it too.
     */
    @Check(id = "groups.classic.assignor.range",
            title = "Three classic members with the range assignor: every partition has exactly one owner and each"
                    + " member gets its even share of each topic",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka protocol guide: JoinGroup, SyncGroup", "RangeAssignor (Java client javadoc)"},
            hint = "The coordinator must give each member exactly the assignment the leader's SyncGroup gave it, and"
                    + " choose the protocol (assignor) every member named.")
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    @RequiresApi(value = ApiKeys.SYNC_GROUP)
    @RequiresApi(value = ApiKeys.HEARTBEAT)
    void range(CheckContext ctx) {
        assertValidAssignment(ctx, RangeAssignor.class.getName(), true);
    }

    /** SHOULD: an assignor applications choose (it is in no default), to spread topics of few partitions. */
    @Check(id = "groups.classic.assignor.round-robin",
            title = "Three classic members with the round-robin assignor: every partition has exactly one owner and"
                    + " the members' shares differ by at most one",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: JoinGroup, SyncGroup", "RoundRobinAssignor (Java client javadoc)"},
            hint = "The coordinator must give each member exactly the assignment the leader's SyncGroup gave it, and"
                    + " choose the protocol (assignor) every member named.")
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    @RequiresApi(value = ApiKeys.SYNC_GROUP)
    @RequiresApi(value = ApiKeys.HEARTBEAT)
    void roundRobin(CheckContext ctx) {
        assertValidAssignment(ctx, RoundRobinAssignor.class.getName(), false);
    }

    /** SHOULD: an assignor applications choose (KIP-54), in no default. */
    @Check(id = "groups.classic.assignor.sticky",
            title = "Three classic members with the sticky assignor: every partition has exactly one owner and the"
                    + " members' shares differ by at most one",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: JoinGroup, SyncGroup", "KIP-54"},
            hint = "The coordinator must give each member exactly the assignment the leader's SyncGroup gave it, and"
                    + " relay each member's protocol metadata (its user data) to the leader unchanged.")
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    @RequiresApi(value = ApiKeys.SYNC_GROUP)
    @RequiresApi(value = ApiKeys.HEARTBEAT)
    void sticky(CheckContext ctx) {
        assertValidAssignment(ctx, StickyAssignor.class.getName(), false);
    }

    /**
     * SHOULD: the second assignor of the Java consumer's default list, used by applications (and Kafka Streams
     * and Connect) that opt into incremental rebalancing; an application that does not choose never gets it.
     */
    @Check(id = "groups.classic.assignor.cooperative-sticky",
            title = "Three classic members with the cooperative-sticky assignor: every partition has exactly one owner"
                    + " and the members' shares differ by at most one",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: JoinGroup, SyncGroup", "KIP-429"},
            hint = "The coordinator must give each member exactly the assignment the leader's SyncGroup gave it, and"
                    + " relay each member's protocol metadata (its owned partitions) to the leader unchanged.")
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    @RequiresApi(value = ApiKeys.SYNC_GROUP)
    @RequiresApi(value = ApiKeys.HEARTBEAT)
    void cooperativeSticky(CheckContext ctx) {
        assertValidAssignment(ctx, CooperativeStickyAssignor.class.getName(), false);
    }

    /**
     * KIP-429: when a member joins a cooperative group, only the partitions that move to it are revoked from the
     * others, which keep processing the rest; the old owner revokes a partition before the new one gets it. The
     * leader can only plan that if the coordinator relays each member's owned partitions (its subscription's
     * metadata) as the member last sent them. SHOULD: applications opt into the cooperative protocol.
     */
    @Check(id = "groups.classic.cooperative.only-moved-revoked",
            title = "When a third member joins a cooperative-sticky group of two, only the partitions that move to it"
                    + " are revoked, each by its old owner before the new one gets it",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-429", "Kafka protocol guide: JoinGroup (protocol metadata), SyncGroup"},
            hint = "The coordinator must hand the leader each member's latest JoinGroup metadata (the owned"
                    + " partitions of ConsumerProtocolSubscription v1+); with stale metadata the cooperative assignor"
                    + " plans from nothing and moves partitions between members that stay.")
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    @RequiresApi(value = ApiKeys.SYNC_GROUP)
    @RequiresApi(value = ApiKeys.HEARTBEAT)
    void cooperativeOnlyMovedRevoked(CheckContext ctx) {
        List<TopicPartition> all = topics(ctx);
        String group = ctx.uniqueName("group");
        Duration session = GroupTimers.session(ctx);
        OwnershipLog log = new OwnershipLog();
        Map<String, Consumer<String, String>> members = new LinkedHashMap<>();
        for (String name : List.of("A", "B")) {
            members.put(name, join(ctx, group, session, CooperativeStickyAssignor.class.getName(), all, log, name));
        }
        boolean settled = GroupMembers.pollUntil(List.copyOf(members.values()), GroupMembers.inboxes(2),
                TargetContext.DEFAULT_WAIT, () -> settled(members.values(), all) && shares(members.values(), 3));
        Map<String, Set<TopicPartition>> before = assignments(members);
        ctx.evidence("two cooperative members: %s", before);
        assertThat(settled).as("two cooperative-sticky members own 3 of the 6 partitions each within %d s: %s",
                TargetContext.DEFAULT_WAIT.toSeconds(), before).isTrue();

        log.mark();
        members.put("C", join(ctx, group, session, CooperativeStickyAssignor.class.getName(), all, log, "C"));
        boolean rebalanced = GroupMembers.pollUntil(List.copyOf(members.values()), GroupMembers.inboxes(3),
                TargetContext.DEFAULT_WAIT, () -> settled(members.values(), all) && shares(members.values(), 2));
        Map<String, Set<TopicPartition>> after = assignments(members);
        Map<String, List<TopicPartition>> revoked = log.revokedSinceMark();
        ctx.evidence("after member C joined: %s; revoked since C joined: %s; %d callbacks", after, revoked,
                log.callbacks());
        assertThat(rebalanced).as("the three members own 2 of the 6 partitions each within %d s: %s",
                TargetContext.DEFAULT_WAIT.toSeconds(), after).isTrue();
        assertThat(log.violations()).as("partitions given to a member before their old owner revoked them").isEmpty();
        List<TopicPartition> allRevoked = new ArrayList<>();
        revoked.values().forEach(allRevoked::addAll);
        assertThat(OwnershipLog.sorted(allRevoked)).as("partitions revoked from members A and B when C joined:"
                + " exactly those C now owns (KIP-429)").containsExactlyElementsOf(after.get("C"));
        assertThat(allRevoked).as("revocations when C joined: each moved partition once, no other").hasSize(2);
        for (String stayed : List.of("A", "B")) {
            Set<TopicPartition> kept = new HashSet<>(before.get(stayed));
            kept.retainAll(after.get(stayed));
            assertThat(after.get(stayed)).as("partitions of member %s after C joined: %d of the 3 it owned, no new"
                    + " one", stayed, 2).containsExactlyInAnyOrderElementsOf(kept);
        }
    }

    /**
     * MUST: one owner per partition at every moment is what makes a group's processing happen once; every
     * consumer application relies on it. Three members join one after another and one leaves, with the Java
     * consumer's default assignors; every callback of every member is logged in order.
     */
    @Check(id = "groups.classic.single-owner",
            title = "Across four rebalances of a classic group (three joins, one leave), no partition is assigned to a"
                    + " member before its previous owner revoked it, and every partition ends with one owner",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka protocol guide: JoinGroup, SyncGroup, Heartbeat, LeaveGroup", "KIP-62", "KIP-429"},
            hint = "The coordinator must not complete a generation before every member of the previous one rejoined"
                    + " (or was removed), and must give each member only its own share of the leader's plan.")
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    @RequiresApi(value = ApiKeys.SYNC_GROUP)
    @RequiresApi(value = ApiKeys.HEARTBEAT)
    @RequiresApi(value = ApiKeys.LEAVE_GROUP)
    void singleOwner(CheckContext ctx) {
        List<TopicPartition> all = topics(ctx);
        String group = ctx.uniqueName("group");
        Duration session = GroupTimers.session(ctx);
        OwnershipLog log = new OwnershipLog();
        Map<String, Consumer<String, String>> members = new LinkedHashMap<>();
        List<String> steps = new ArrayList<>();
        for (String name : List.of("A", "B", "C")) {
            members.put(name, join(ctx, group, session, null, all, log, name));
            awaitSettled(ctx, members, all, log, "member " + name + " joined", steps);
        }
        Consumer<String, String> leaving = members.remove("A");
        Closing.consumerLeavingGroup(leaving, Duration.ofSeconds(5));
        awaitSettled(ctx, members, all, log, "member A left", steps);
        ctx.evidence("%s; %d callbacks", String.join("; ", steps), log.callbacks());
        assertThat(log.violations()).as("partitions assigned to a member while another still owned them").isEmpty();
    }

    private static void awaitSettled(CheckContext ctx, Map<String, Consumer<String, String>> members,
                                     List<TopicPartition> all, OwnershipLog log, String step, List<String> steps) {
        boolean settled = GroupMembers.pollUntil(List.copyOf(members.values()), GroupMembers.inboxes(members.size()),
                TargetContext.DEFAULT_WAIT, () -> settled(members.values(), all) || !log.violations().isEmpty());
        Map<String, Set<TopicPartition>> owned = assignments(members);
        steps.add(step + ": " + owned);
        if (!log.violations().isEmpty()) {
            ctx.evidence("%s", String.join("; ", steps));
        }
        assertThat(log.violations()).as("after %s: partitions assigned to a member while another still owned them",
                step).isEmpty();
        settled = settled(members.values(), all);
        assertThat(settled).as("after %s, the %d members own each of the %d partitions once, in one generation,"
                + " within %d s: %s", step, members.size(), all.size(), TargetContext.DEFAULT_WAIT.toSeconds(), owned)
                .isTrue();
    }

    private static void assertValidAssignment(CheckContext ctx, String assignor, boolean perTopic) {
        List<TopicPartition> all = topics(ctx);
        String group = ctx.uniqueName("group");
        Duration session = GroupTimers.session(ctx);
        OwnershipLog log = new OwnershipLog();
        Map<String, Consumer<String, String>> members = new LinkedHashMap<>();
        for (String name : List.of("A", "B", "C")) {
            members.put(name, join(ctx, group, session, assignor, all, log, name));
        }
        // settled once each member has partitions in one generation and between them they own them all; a
        // coordinator that hands out overlapping shares settles too, and the assertions below say so
        boolean settled = GroupMembers.pollUntil(List.copyOf(members.values()), GroupMembers.inboxes(3),
                TargetContext.DEFAULT_WAIT, () -> members.values().stream().noneMatch(m -> m.assignment().isEmpty())
                        && sameGeneration(members.values()) && covered(members.values(), all));
        Map<String, Set<TopicPartition>> owned = assignments(members);
        ctx.evidence("3 members with %s, generation %d: %s", assignor,
                members.get("A").groupMetadata().generationId(), owned);
        assertThat(settled).as("every one of the 3 members owns partitions, in one generation, and together"
                + " they own all %d within %d s: %s", all.size(), TargetContext.DEFAULT_WAIT.toSeconds(), owned).isTrue();
        Map<TopicPartition, List<String>> owners = new HashMap<>();
        owned.forEach((member, partitions) -> partitions.forEach(
                p -> owners.computeIfAbsent(p, x -> new ArrayList<>()).add(member)));
        assertThat(owners).as("owners of each partition (exactly one each)").allSatisfy(
                (partition, who) -> assertThat(who).as("owners of %s", partition).hasSize(1));
        assertThat(owners.keySet()).as("partitions owned").containsExactlyInAnyOrderElementsOf(all);
        assertThat(log.violations()).as("partitions assigned to a member while another still owned them").isEmpty();
        if (perTopic) {
            for (String topic : all.stream().map(TopicPartition::topic).distinct().toList()) {
                List<Integer> counts = owned.values().stream()
                        .map(ps -> (int) ps.stream().filter(p -> p.topic().equals(topic)).count()).toList();
                assertThat(spread(counts)).as("partitions of topic %s per member %s (range: an even share of each"
                        + " topic)", topic, counts).isLessThanOrEqualTo(1);
            }
        } else {
            List<Integer> counts = owned.values().stream().map(Set::size).toList();
            assertThat(spread(counts)).as("partitions per member %s (an even share, at most one apart)", counts)
                    .isLessThanOrEqualTo(1);
        }
    }

    /** Two topics of {@link #PARTITIONS_PER_TOPIC} partitions: all their partitions. */
    private static List<TopicPartition> topics(CheckContext ctx) {
        List<TopicPartition> all = new ArrayList<>();
        for (String suffix : List.of("left", "right")) {
            String topic = ctx.createTopic(suffix, PARTITIONS_PER_TOPIC, Map.of());
            for (int p = 0; p < PARTITIONS_PER_TOPIC; p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        return all;
    }

    private static Consumer<String, String> join(CheckContext ctx, String group, Duration session, String assignor,
                                                 List<TopicPartition> all, OwnershipLog log, String name) {
        Map<String, Object> more = new HashMap<>();
        if (assignor != null) {
            more.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor);
        }
        Consumer<String, String> member = ctx.consumer(GroupTimers.classicMember(group, session, more));
        member.subscribe(all.stream().map(TopicPartition::topic).distinct().toList(), log.listener(name));
        return member;
    }

    /** Every partition owned exactly once, by members of one generation. */
    private static boolean settled(java.util.Collection<Consumer<String, String>> members, List<TopicPartition> all) {
        return sameGeneration(members) && covered(members, all)
                && members.stream().mapToInt(m -> m.assignment().size()).sum() == all.size();
    }

    private static boolean shares(java.util.Collection<Consumer<String, String>> members, int each) {
        return members.stream().allMatch(m -> m.assignment().size() == each);
    }

    private static boolean covered(java.util.Collection<Consumer<String, String>> members, List<TopicPartition> all) {
        Set<TopicPartition> union = new HashSet<>();
        members.forEach(m -> union.addAll(m.assignment()));
        return union.containsAll(all);
    }

    private static boolean sameGeneration(java.util.Collection<Consumer<String, String>> members) {
        return members.stream().map(m -> m.groupMetadata().generationId()).distinct().count() == 1;
    }

    private static Map<String, Set<TopicPartition>> assignments(Map<String, Consumer<String, String>> members) {
        Map<String, Set<TopicPartition>> owned = new LinkedHashMap<>();
        members.forEach((name, member) -> owned.put(name, OwnershipLog.sorted(member.assignment())));
        return owned;
    }

    private static int spread(List<Integer> counts) {
        return counts.stream().mapToInt(Integer::intValue).max().orElse(0)
                - counts.stream().mapToInt(Integer::intValue).min().orElse(0);
    }
}
