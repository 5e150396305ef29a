package io.kconform.checks.groups;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * Members of KIP-848 consumer groups ({@code group.protocol=consumer}) and what they own. The consumer protocol
 * takes no session or heartbeat settings from the client: the coordinator sets them per group
 * ({@code consumer.session.timeout.ms}, {@code consumer.heartbeat.interval.ms}), and Apache Kafka's lower bounds
 * for them are its defaults (45 s, 5 s), so the checks leave them as the target has them and wait for a few
 * heartbeats at most. Stateless.
 */
final class ConsumerMembers {

    private ConsumerMembers() {
    }

    /** The configuration of a consumer-protocol member of {@code group}, with {@code more} settings. */
    static Map<String, Object> member(String group, Map<String, ?> more) {
        Map<String, Object> config = new HashMap<>(more);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        return config;
    }

    /** Each member's partitions, sorted, by name, for evidence and assertions. */
    static Map<String, Set<TopicPartition>> assignments(Map<String, Consumer<String, String>> members) {
        Map<String, Set<TopicPartition>> owned = new LinkedHashMap<>();
        members.forEach((name, member) -> owned.put(name, OwnershipLog.sorted(member.assignment())));
        return owned;
    }

    /** Whether every member owns some partitions and together they own each of {@code all} exactly once. */
    static boolean eachOnceAllOwning(Collection<Consumer<String, String>> members, Collection<TopicPartition> all) {
        Set<TopicPartition> union = new HashSet<>();
        int total = 0;
        for (Consumer<String, String> member : members) {
            if (member.assignment().isEmpty()) {
                return false;
            }
            union.addAll(member.assignment());
            total += member.assignment().size();
        }
        return union.equals(new HashSet<>(all)) && total == all.size();
    }

    /** The partition numbers of {@code topic} among {@code partitions}, sorted. */
    static TreeSet<Integer> numbers(Collection<TopicPartition> partitions, String topic) {
        TreeSet<Integer> numbers = new TreeSet<>();
        partitions.stream().filter(p -> p.topic().equals(topic)).forEach(p -> numbers.add(p.partition()));
        return numbers;
    }

    /** Every partition of the topics, each of {@code partitions} partitions. */
    static List<TopicPartition> partitionsOf(List<String> topics, int partitions) {
        List<TopicPartition> all = new java.util.ArrayList<>();
        topics.forEach(t -> {
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(t, p));
            }
        });
        return all;
    }
}
