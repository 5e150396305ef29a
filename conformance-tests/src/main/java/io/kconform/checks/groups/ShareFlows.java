package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.checks.groups.ShareMembers.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the share-group checks of {@link ShareGroupChecks} do, one method per check: the rules of acquisition and
 * acknowledgement of KIP-932 seen from real share consumers. Stateless.
 */
final class ShareFlows {

    private static final String EARLIEST = "share.auto.offset.reset";
    private static final String READ_EARLIER = "so that its members read records written before they joined";

    private ShareFlows() {
    }

    /** A new share group of the run, set to start at the earliest offset, with no member yet. */
    private static ShareMembers readingFromEarliest(CheckContext ctx) {
        ShareMembers group = new ShareMembers(ctx, ctx.uniqueName("share-group"));
        group.configure(Map.of(EARLIEST, "earliest"), READ_EARLIER);
        return group;
    }

    /** groups.share.one-member-at-a-time */
    static void oneMemberAtATime(CheckContext ctx) {
        String topic = ctx.createTopic("share-exclusive", 1, Map.of());
        ShareMembers group = readingFromEarliest(ctx);
        // a few records per fetch (KIP-1206's record_limit, where offered) so that both members take turns
        Map<String, Object> fewPerFetch = Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4,
                "share.acquire.mode", "record_limit");
        group.join("A", topic, fewPerFetch);
        group.join("B", topic, fewPerFetch);
        ShareGroupDescription described = group.awaitAssigned(1);
        ctx.evidence("group %s: %d member(s) %s, %d ms after they subscribed", described.groupState(),
                described.members().size(), described.members().stream().map(m -> m.clientId() + " "
                        + m.assignment().topicPartitions()).toList(), group.elapsedMillis());
        assertThat(group.assigned(described, 1)).as("both members of the share group assigned the topic's partition"
                + " within %d s", TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
        ctx.accepted("share groups (two share consumers joined and were assigned)");

        List<String> values = produceEach(ctx, topic, 24, "job");
        boolean all = group.consumeUntil(TargetContext.DEFAULT_WAIT, (value, before) -> AcknowledgeType.ACCEPT,
                d -> delivered(d).containsAll(values));
        // one more turn each: a record handed to a second member would show now
        group.pollOnce("A", (value, before) -> AcknowledgeType.ACCEPT);
        group.pollOnce("B", (value, before) -> AcknowledgeType.ACCEPT);

        List<Delivery> deliveries = group.deliveries();
        Map<String, Long> perMember = deliveries.stream().collect(Collectors.groupingBy(Delivery::member,
                TreeMap::new, Collectors.counting()));
        ctx.evidence("%d records written; %d deliveries, per member %s; the first %d ms after the members subscribed",
                values.size(), deliveries.size(), perMember, deliveries.isEmpty() ? -1 : deliveries.get(0).atMillis());
        ctx.evidence("deliveries: %s", deliveries);
        ctx.evidence("acknowledgement errors: %s", group.acknowledgementErrors());
        assertThat(more(deliveries)).as("records delivered more than once, to the same or to both members (each was"
                + " accepted by the member that got it first)").isEmpty();
        assertThat(all).as("every one of the %d records delivered to a member of the share group within %d s",
                values.size(), TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
        assertThat(deliveries.stream().filter(d -> d.deliveryCount() != 1).toList())
                .as("deliveries whose delivery count is not 1 (no record was released or timed out)").isEmpty();
        assertThat(group.acknowledgementErrors()).as("errors answered to the members' acceptances").isEmpty();
    }

    /** groups.share.release-redelivers */
    static void releaseRedelivers(CheckContext ctx) {
        String topic = ctx.createTopic("share-release", 1, Map.of());
        List<String> values = GroupMembers.produce(ctx, topic, 1, 3, "job");
        String released = values.get(0);
        ShareMembers group = readingFromEarliest(ctx);
        group.join("A", topic);
        ShareMembers.Answer answer = (value, before) -> value.equals(released) && before == 0
                ? AcknowledgeType.RELEASE : AcknowledgeType.ACCEPT;
        firstDelivery(ctx, group, answer);
        boolean again = group.consumeUntil(TargetContext.DEFAULT_WAIT, answer,
                d -> times(d, released) >= 2 && delivered(d).containsAll(values));

        List<Delivery> of = group.deliveriesOf(released);
        ctx.evidence("deliveries: %s", group.deliveries());
        ctx.evidence("acknowledgement errors: %s", group.acknowledgementErrors());
        assertThat(again).as("%s, released on its first delivery, delivered again within %d s (deliveries of it: %s)",
                released, TargetContext.DEFAULT_WAIT.toSeconds(), of).isTrue();
        assertThat(of.get(1).deliveryCount()).as("delivery count of %s when delivered again after it was released"
                + " on delivery %d", released, of.get(0).deliveryCount()).isGreaterThan(of.get(0).deliveryCount());
        assertThat(group.acknowledgementErrors()).as("errors answered to the member's acknowledgements").isEmpty();
    }

    /** groups.share.reject-never-redelivers */
    static void rejectNeverRedelivers(CheckContext ctx) {
        String topic = ctx.createTopic("share-reject", 1, Map.of());
        List<String> values = GroupMembers.produce(ctx, topic, 1, 3, "job");
        String rejected = values.get(0);
        String releasedWithIt = values.get(1);
        ShareMembers group = readingFromEarliest(ctx);
        group.join("A", topic);
        // the rejected record is answered in the same commit as a released one, which must come back: whatever
        // the target makes available again is then delivered with it
        ShareMembers.Answer answer = (value, before) -> value.equals(rejected) ? AcknowledgeType.REJECT
                : value.equals(releasedWithIt) && before == 0 ? AcknowledgeType.RELEASE : AcknowledgeType.ACCEPT;
        firstDelivery(ctx, group, answer);
        boolean releasedBack = group.consumeUntil(TargetContext.DEFAULT_WAIT, answer,
                d -> times(d, releasedWithIt) >= 2 && delivered(d).containsAll(values));
        // a record written afterwards, delivered after anything still available before it
        String later = produceEach(ctx, topic, 1, "later").get(0);
        boolean laterSeen = group.consumeUntil(TargetContext.DEFAULT_WAIT, answer, d -> times(d, later) >= 1);

        ctx.evidence("deliveries: %s", group.deliveries());
        ctx.evidence("acknowledgement errors: %s", group.acknowledgementErrors());
        assertThat(group.deliveriesOf(rejected)).as("deliveries of %s, rejected on its first delivery", rejected)
                .hasSize(1);
        assertThat(releasedBack).as("%s, released in the same commit, delivered again within %d s", releasedWithIt,
                TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
        assertThat(laterSeen).as("%s, written after the rejection, delivered within %d s", later,
                TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
    }

    /** groups.share.delivery-limit-archives */
    static void deliveryLimitArchives(CheckContext ctx) {
        String topic = ctx.createTopic("share-limit", 1, Map.of());
        List<String> values = GroupMembers.produce(ctx, topic, 1, 2, "job");
        String poison = values.get(0);
        ShareMembers group = readingFromEarliest(ctx);
        int limit = deliveryLimit(ctx, group);
        group.join("A", topic);
        ShareMembers.Answer answer = (value, before) -> value.equals(poison) ? AcknowledgeType.RELEASE
                : AcknowledgeType.ACCEPT;
        firstDelivery(ctx, group, answer);
        boolean reachedLimit = group.consumeUntil(TargetContext.DEFAULT_WAIT, answer,
                d -> times(d, poison) >= limit && delivered(d).containsAll(values));
        // a record written afterwards, delivered after anything still available before it
        String later = produceEach(ctx, topic, 1, "later").get(0);
        boolean laterSeen = group.consumeUntil(TargetContext.DEFAULT_WAIT, answer, d -> times(d, later) >= 1);

        List<Delivery> of = group.deliveriesOf(poison);
        ctx.evidence("deliveries: %s", group.deliveries());
        ctx.evidence("acknowledgement errors: %s", group.acknowledgementErrors());
        assertThat(reachedLimit).as("%s, released on every delivery, delivered %d times (the delivery count limit)"
                + " within %d s", poison, limit, TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
        assertThat(laterSeen).as("%s, written after the last release, delivered within %d s", later,
                TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
        assertThat(of).as("deliveries of %s, released on every delivery, under a delivery count limit of %d: no"
                + " more than the limit", poison, limit).hasSize(limit);
    }

    /** groups.share.lock-expiry-redelivers */
    static void lockExpiryRedelivers(CheckContext ctx) {
        String topic = ctx.createTopic("share-lock", 1, Map.of());
        Duration lock = ShareGroupLimits.minLockDuration(ctx);
        ShareMembers group = new ShareMembers(ctx, ctx.uniqueName("share-group"));
        group.configure(Map.of(EARLIEST, "earliest", "share.record.lock.duration.ms", String.valueOf(lock.toMillis())),
                READ_EARLIER + " and an acquisition lock expires after " + lock.toMillis() + " ms");
        group.join("A", topic);
        group.join("B", topic);
        ShareGroupDescription described = group.awaitAssigned(1);
        assertThat(group.assigned(described, 1)).as("both members of the share group assigned the topic's partition"
                + " within %d s", TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
        ctx.accepted("share groups (two share consumers joined and were assigned)");
        GroupMembers.produce(ctx, topic, 1, 3, "job"); // one batch: whoever fetches first acquires all three

        // whichever member gets records first holds them, unacknowledged, and is never polled again
        group.consumeUntil(TargetContext.DEFAULT_WAIT, (value, before) -> null, d -> !d.isEmpty());
        List<Delivery> held = group.deliveries();
        assertThat(held).as("records delivered to either member within %d s", TargetContext.DEFAULT_WAIT.toSeconds())
                .isNotEmpty();
        String holder = held.get(0).member();
        String other = holder.equals("A") ? "B" : "A";
        long acquiredAt = held.get(0).atMillis();
        ctx.evidence("%s acquired %s and acknowledges nothing; the target reported a lock of %s ms", holder, held,
                group.acquisitionLockTimeoutMs(holder).map(String::valueOf).orElse("(none)"));

        Duration bound = lock.plus(Duration.ofSeconds(20));
        boolean redelivered = group.consumeUntil(List.of(other), bound, (value, before) -> AcknowledgeType.ACCEPT,
                d -> held.stream().allMatch(h -> redeliveredTo(d, other, h)));
        List<Delivery> again = group.deliveries().stream().filter(d -> d.member().equals(other)
                && held.stream().anyMatch(h -> h.value().equals(d.value()))).toList();
        ctx.evidence("redelivered to %s: %s, %s ms after the first acquisition", other, again,
                again.isEmpty() ? "-" : String.valueOf(again.get(0).atMillis() - acquiredAt));
        ctx.evidence("acknowledgement errors: %s", group.acknowledgementErrors());
        assertThat(redelivered).as("the %d record(s) %s held, unacknowledged, under share.record.lock.duration.ms=%d,"
                + " delivered to %s with a higher delivery count within %d s (the lock plus 20 s); delivered: %s",
                held.size(), holder, lock.toMillis(), other, bound.toSeconds(), again).isTrue();
    }

    /**
     * Polls the group's only member until a first record is delivered: from then on share groups are offered, and a
     * refusal is no longer "not offered".
     */
    private static void firstDelivery(CheckContext ctx, ShareMembers group, ShareMembers.Answer answer) {
        boolean delivered = group.consumeUntil(TargetContext.DEFAULT_WAIT, answer, d -> !d.isEmpty());
        assertThat(delivered).as("a record delivered to the only member of a share group with"
                + " share.auto.offset.reset=earliest, of a topic holding records, within %d s",
                TargetContext.DEFAULT_WAIT.toSeconds()).isTrue();
        ctx.evidence("first delivery %d ms after the member subscribed", group.deliveries().get(0).atMillis());
        ctx.accepted("share groups (a share consumer was delivered records)");
    }

    /**
     * The delivery count limit of the check's group: the lowest the broker allows, set on the group
     * ({@code share.delivery.count.limit}, Apache Kafka 4.3 and later); where the target does not take that group
     * config (Apache Kafka 4.2 has only the broker's), the limit the broker applies to every group, as described.
     */
    private static int deliveryLimit(CheckContext ctx, ShareMembers group) {
        int lowest = ShareGroupLimits.minDeliveryCountLimit(ctx);
        if (group.configureIfTaken(Map.of("share.delivery.count.limit", String.valueOf(lowest)),
                "so that a record is archived after " + lowest + " deliveries")) {
            return lowest;
        }
        return (int) ShareGroupLimits.brokerDeliveryCountLimit(ctx).orElseThrow(() ->
                new io.kconform.api.outcome.UnsupportedFeatureException("the target takes no share-group config"
                        + " share.delivery.count.limit=" + lowest + " and does not describe the broker's"
                        + " group.share.delivery.count.limit: the check needs one of them to know when a record"
                        + " must be archived"));
    }

    private static boolean redeliveredTo(List<Delivery> deliveries, String member, Delivery held) {
        return deliveries.stream().anyMatch(d -> d.member().equals(member) && d.value().equals(held.value())
                && d.deliveryCount() > held.deliveryCount());
    }

    /** The values delivered at least once. */
    static Set<String> delivered(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::value).collect(Collectors.toSet());
    }

    /** How often {@code value} was delivered. */
    static int times(List<Delivery> deliveries, String value) {
        return (int) deliveries.stream().filter(d -> d.value().equals(value)).count();
    }

    /** The deliveries of values delivered more than once, by value. */
    private static Map<String, List<Delivery>> more(List<Delivery> deliveries) {
        Map<String, List<Delivery>> byValue = new LinkedHashMap<>();
        deliveries.forEach(d -> byValue.computeIfAbsent(d.value(), v -> new ArrayList<>()).add(d));
        byValue.values().removeIf(list -> list.size() < 2);
        return byValue;
    }

    /**
     * Writes {@code count} records, each in a batch of its own (each send awaited), so that members of a share group
     * can acquire them one by one.
     */
    static List<String> produceEach(CheckContext ctx, String topic, int count, String prefix) {
        Producer<String, String> producer = ctx.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0));
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String value = prefix + "-" + i;
            GroupMembers.await(producer.send(new ProducerRecord<>(topic, 0, "key-" + i, value)));
            values.add(value);
        }
        return values;
    }
}
