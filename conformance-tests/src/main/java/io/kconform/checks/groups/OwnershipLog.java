package io.kconform.checks.groups;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;

/**
 * Who owns which partition, as the members of one group learn it from their rebalance callbacks, in the order
 * the callbacks ran. A partition given to a member while another member has not yet revoked it (or lost it) is
 * a violation of the group's one rule: one owner per partition at every moment. The members of a check are
 * polled from one thread, so the order of the callbacks is the order of what the members did.
 *
 * <p>Thread-safe (a check may close members from another thread).
 */
final class OwnershipLog {

    private static final Comparator<TopicPartition> ORDER = Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition);

    private final Map<TopicPartition, String> owners = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<String, List<TopicPartition>> revokedSinceMark = new HashMap<>();
    private int callbacks;

    /** A listener for the member called {@code member} in evidence and violations. */
    ConsumerRebalanceListener listener(String member) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                released(member, partitions, "revoked");
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                released(member, partitions, "lost");
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assigned(member, partitions);
            }
        };
    }

    private synchronized void assigned(String member, Collection<TopicPartition> partitions) {
        callbacks++;
        for (TopicPartition partition : partitions) {
            String owner = owners.get(partition);
            if (owner != null && !owner.equals(member)) {
                violations.add(partition + " assigned to member " + member + " while member " + owner
                        + " still owned it (callback " + callbacks + ")");
            }
            owners.put(partition, member);
        }
    }

    private synchronized void released(String member, Collection<TopicPartition> partitions, String how) {
        callbacks++;
        for (TopicPartition partition : partitions) {
            owners.remove(partition, member);
            revokedSinceMark.computeIfAbsent(member, m -> new ArrayList<>()).add(partition);
        }
    }

    /** Forgets the revocations so far: {@link #revokedSinceMark} counts from here. */
    synchronized void mark() {
        revokedSinceMark.clear();
    }

    /** Every partition each member revoked or lost since {@link #mark}, with repeats, by member. */
    synchronized Map<String, List<TopicPartition>> revokedSinceMark() {
        Map<String, List<TopicPartition>> copy = new HashMap<>();
        revokedSinceMark.forEach((member, partitions) -> copy.put(member, List.copyOf(partitions)));
        return copy;
    }

    /** Every partition given to a member while another still owned it, in order. */
    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** How many callbacks ran, for evidence. */
    synchronized int callbacks() {
        return callbacks;
    }

    /** Partitions sorted by topic and number, for evidence and comparisons. */
    static Set<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        Set<TopicPartition> sorted = new TreeSet<>(ORDER);
        sorted.addAll(partitions);
        return sorted;
    }
}
