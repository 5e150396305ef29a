package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Drives several members of one group from the check's thread: each poll of each member keeps it
 * alive in the group, so a rebalance between them completes while the check waits. Every wait is
 * bounded; the caller asserts on what happened.
 */
final class GroupMembers {

    private GroupMembers() {
    }

    /**
     * Polls every consumer in turn, adding what each receives to its list in {@code received}, until
     * {@code done} holds or {@code wait} ends.
     *
     * @return whether {@code done} held
     */
    static <K, V> boolean pollUntil(List<Consumer<K, V>> consumers, List<List<ConsumerRecord<K, V>>> received,
                                    Duration wait, BooleanSupplier done) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            for (int i = 0; i < consumers.size(); i++) {
                consumers.get(i).poll(Duration.ofMillis(100)).forEach(received.get(i)::add);
            }
        }
        return true;
    }

    /** One empty list per consumer, for {@link #pollUntil}. */
    static <K, V> List<List<ConsumerRecord<K, V>>> inboxes(int consumers) {
        List<List<ConsumerRecord<K, V>>> inboxes = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            inboxes.add(new ArrayList<>());
        }
        return inboxes;
    }

    /** Whether every consumer owns exactly one partition and no two own the same. */
    static boolean onePartitionEach(List<? extends Consumer<?, ?>> consumers) {
        Set<TopicPartition> seen = new HashSet<>();
        for (Consumer<?, ?> consumer : consumers) {
            Set<TopicPartition> assignment = consumer.assignment();
            if (assignment.size() != 1 || !seen.addAll(assignment)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Produces {@code perPartition} records to each partition, values {@code <prefix>-p<partition>-<i>},
     * and waits for every acknowledgement.
     *
     * @return the values, in the order sent
     */
    static List<String> produce(CheckContext ctx, String topic, int partitions, int perPartition, String prefix) {
        Producer<String, String> producer = ctx.producer(Map.of());
        List<String> values = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (int i = 0; i < perPartition; i++) {
            for (int p = 0; p < partitions; p++) {
                String value = prefix + "-p" + p + "-" + i;
                values.add(value);
                sends.add(producer.send(new ProducerRecord<>(topic, p, "key-" + i, value)));
            }
        }
        producer.flush();
        sends.forEach(GroupMembers::await);
        return values;
    }

    /** The result of a future (a send, an admin call), with the cause of a failure rethrown as it is, for the outcome classifier. */
    static <T> T await(Future<T> future) {
        return Await.result(future, "an answer of the target");
    }

    /** The values received, for assertions. */
    static <K, V> List<V> values(Collection<ConsumerRecord<K, V>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    /** Records per partition as {@code p0=[offsets...]}, short enough for evidence. */
    /**
     * Produces ten records into each of the two partitions of {@code topic} and asserts that members
     * {@code a} and {@code b}, which own one partition each, read every record exactly once between
     * them, each only from the partition it owns.
     *
     * @param label what the evidence line calls this round, e.g. "first 20 records"
     * @return the values produced
     */
    static List<String> assertEachReadOnce(CheckContext ctx, Consumer<String, String> a, Consumer<String, String> b,
                                           List<List<ConsumerRecord<String, String>>> inboxes, String topic,
                                           String prefix, String label) {
        List<Consumer<String, String>> both = List.of(a, b);
        List<String> produced = produce(ctx, topic, 2, 10, prefix);
        pollUntil(both, inboxes, TargetContext.DEFAULT_WAIT,
                () -> inboxes.get(0).size() + inboxes.get(1).size() >= produced.size());
        ctx.evidence("%s: A read %s, B read %s", label, offsetsByPartition(inboxes.get(0)),
                offsetsByPartition(inboxes.get(1)));
        assertThat(inboxes.get(0)).as("partitions of the records member A read (it owns %s)", a.assignment())
                .allMatch(r -> a.assignment().contains(new TopicPartition(r.topic(), r.partition())));
        assertThat(inboxes.get(1)).as("partitions of the records member B read (it owns %s)", b.assignment())
                .allMatch(r -> b.assignment().contains(new TopicPartition(r.topic(), r.partition())));
        List<String> together = new ArrayList<>(values(inboxes.get(0)));
        together.addAll(values(inboxes.get(1)));
        assertThat(together).as("records consumed by both members together, each exactly once")
                .containsExactlyInAnyOrderElementsOf(produced);
        return produced;
    }

    static <K, V> String offsetsByPartition(Collection<ConsumerRecord<K, V>> records) {
        Map<Integer, List<Long>> byPartition = new TreeMap<>();
        records.forEach(r -> byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r.offset()));
        StringBuilder text = new StringBuilder();
        byPartition.forEach((p, offsets) -> text.append(text.length() == 0 ? "" : ", ").append('p').append(p)
                .append(": ").append(offsets.size()).append(" records at ").append(offsets.get(0)).append('-')
                .append(offsets.get(offsets.size() - 1)));
        return text.length() == 0 ? "nothing" : text.toString();
    }
}
