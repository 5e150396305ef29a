package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData.TopicPartitions;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;

/**
 * A KIP-848 group coordinator that hands a moved partition to its new owner before the old owner released it.
 * When the broker asks a member to give partitions up, the proxy holds that revocation back (the member keeps
 * them), gives the partitions at once to the next other member of the group that heartbeats, and lets the
 * revocation reach the old owner only after the new owner acknowledged the partitions (its heartbeat lists them
 * as owned). For that moment both members own the partitions: the one-owner rule of consumer groups is broken.
 * Groups whose members never give a partition up are unaffected. State is kept per group, thread-safe.
 */
public final class ConsumerHeartbeatAssignBeforeRevoke extends NamedMutation {

    /** Per group: what each member was last told, the partitions held back from their owner, and where they went. */
    private final Map<String, GroupState> groups = new HashMap<>();

    public ConsumerHeartbeatAssignBeforeRevoke() {
        super("ConsumerHeartbeatAssignBeforeRevoke", "ConsumerGroupHeartbeat gives a moved partition to its new"
                + " member before the old one revoked it");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.CONSUMER_GROUP_HEARTBEAT;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.CONSUMER_GROUP_HEARTBEAT;
    }

    @Override
    public synchronized RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        ConsumerGroupHeartbeatRequestData data = ((ConsumerGroupHeartbeatRequest) request).data();
        GroupState group = groups.get(data.groupId());
        if (group != null && group.receiver != null && group.receiver.equals(data.memberId())
                && data.topicPartitions() != null) {
            Map<Uuid, TreeSet<Integer>> owned = new TreeMap<>();
            data.topicPartitions().forEach(t -> owned.computeIfAbsent(t.topicId(), x -> new TreeSet<>())
                    .addAll(t.partitions()));
            if (contains(owned, group.heldBack)) {
                group.acknowledged = true; // the new owner took them: the old one may now let go
            }
        }
        return RequestAction.forward();
    }

    @Override
    public synchronized AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        ConsumerGroupHeartbeatResponseData data = ((ConsumerGroupHeartbeatResponse) response).data();
        ConsumerGroupHeartbeatRequestData request = ((ConsumerGroupHeartbeatRequest) exchange.request().orElseThrow())
                .data();
        String memberId = data.memberId() != null ? data.memberId() : request.memberId();
        if (memberId == null || data.errorCode() != 0) {
            return response;
        }
        GroupState group = groups.computeIfAbsent(request.groupId(), g -> new GroupState());
        if (data.assignment() != null) {
            group.brokerSaid.put(memberId, partitions(data.assignment().topicPartitions()));
        }
        if (memberId.equals(group.holder)) {
            if (group.acknowledged) {
                // released at last: the broker's latest word for this member
                setAssignment(data, group.brokerSaid.getOrDefault(memberId, new TreeMap<>()));
                group.told.put(memberId, copy(group.brokerSaid.getOrDefault(memberId, new TreeMap<>())));
                group.reset();
            } else if (data.assignment() != null) {
                Map<Uuid, TreeSet<Integer>> kept = union(partitions(data.assignment().topicPartitions()),
                        group.heldBack);
                setAssignment(data, kept);
                group.told.put(memberId, kept);
            }
            return response;
        }
        if (group.holder != null && group.receiver == null) {
            // the next other member gets the held-back partitions now, beside what the broker gave it
            Map<Uuid, TreeSet<Integer>> base = data.assignment() != null ? partitions(data.assignment()
                    .topicPartitions()) : copy(group.told.getOrDefault(memberId, new TreeMap<>()));
            Map<Uuid, TreeSet<Integer>> given = union(base, group.heldBack);
            setAssignment(data, given);
            group.told.put(memberId, given);
            group.receiver = memberId;
            return response;
        }
        if (data.assignment() == null) {
            return response;
        }
        Map<Uuid, TreeSet<Integer>> now = partitions(data.assignment().topicPartitions());
        Map<Uuid, TreeSet<Integer>> before = group.told.getOrDefault(memberId, new TreeMap<>());
        Map<Uuid, TreeSet<Integer>> revoked = minus(before, now);
        if (group.holder == null && !revoked.isEmpty()) {
            // the broker asks this member to give partitions up: hold that back, keep them with it
            group.holder = memberId;
            group.heldBack = revoked;
            setAssignment(data, before);
            return response;
        }
        if (group.receiver != null && memberId.equals(group.receiver)) {
            now = union(now, group.heldBack); // it keeps what it was given until the broker agrees
            setAssignment(data, now);
        }
        group.told.put(memberId, now);
        return response;
    }

    private static boolean contains(Map<Uuid, TreeSet<Integer>> owned, Map<Uuid, TreeSet<Integer>> wanted) {
        return wanted.entrySet().stream().allMatch(e -> owned.getOrDefault(e.getKey(), new TreeSet<>())
                .containsAll(e.getValue()));
    }

    private static Map<Uuid, TreeSet<Integer>> partitions(List<TopicPartitions> topics) {
        Map<Uuid, TreeSet<Integer>> partitions = new TreeMap<>();
        topics.forEach(t -> partitions.computeIfAbsent(t.topicId(), x -> new TreeSet<>()).addAll(t.partitions()));
        partitions.values().removeIf(TreeSet::isEmpty);
        return partitions;
    }

    private static Map<Uuid, TreeSet<Integer>> copy(Map<Uuid, TreeSet<Integer>> partitions) {
        Map<Uuid, TreeSet<Integer>> copy = new TreeMap<>();
        partitions.forEach((topic, numbers) -> copy.put(topic, new TreeSet<>(numbers)));
        return copy;
    }

    private static Map<Uuid, TreeSet<Integer>> union(Map<Uuid, TreeSet<Integer>> a, Map<Uuid, TreeSet<Integer>> b) {
        Map<Uuid, TreeSet<Integer>> union = copy(a);
        b.forEach((topic, numbers) -> union.computeIfAbsent(topic, x -> new TreeSet<>()).addAll(numbers));
        return union;
    }

    private static Map<Uuid, TreeSet<Integer>> minus(Map<Uuid, TreeSet<Integer>> a, Map<Uuid, TreeSet<Integer>> b) {
        Map<Uuid, TreeSet<Integer>> rest = copy(a);
        b.forEach((topic, numbers) -> {
            TreeSet<Integer> left = rest.get(topic);
            if (left != null) {
                left.removeAll(numbers);
            }
        });
        rest.values().removeIf(TreeSet::isEmpty);
        return rest;
    }

    private static void setAssignment(ConsumerGroupHeartbeatResponseData data, Map<Uuid, TreeSet<Integer>> partitions) {
        List<TopicPartitions> topics = new ArrayList<>();
        partitions.forEach((topic, numbers) -> topics.add(new TopicPartitions().setTopicId(topic)
                .setPartitions(new ArrayList<>(numbers))));
        if (data.assignment() == null) {
            data.setAssignment(new ConsumerGroupHeartbeatResponseData.Assignment());
        }
        data.assignment().setTopicPartitions(topics);
    }

    /** One group's handover in progress: at most one at a time. */
    private static final class GroupState {
        final Map<String, Map<Uuid, TreeSet<Integer>>> told = new HashMap<>();
        final Map<String, Map<Uuid, TreeSet<Integer>>> brokerSaid = new HashMap<>();
        String holder;
        String receiver;
        Map<Uuid, TreeSet<Integer>> heldBack = new TreeMap<>();
        boolean acknowledged;

        void reset() {
            holder = null;
            receiver = null;
            heldBack = new TreeMap<>();
            acknowledged = false;
        }
    }
}
