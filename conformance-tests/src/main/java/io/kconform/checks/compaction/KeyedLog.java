package io.kconform.checks.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Reads whole partitions of compacted topics, bounded, keeping the records of the keys a check watches. */
public final class KeyedLog {

    private KeyedLog() {
    }

    /**
     * Reads the partitions from their log start offsets to the end offsets they had when the read began,
     * with the consumer assigned (no group) and its isolation level as configured.
     *
     * @param keys which records to keep, by key
     * @return the kept records, in the order read
     * @throws AssertionError when the target did not serve the partitions to their end within {@code wait}: a
     *                        compacted topic a worker or application reads back to its end on every start
     */
    public static List<KeyedRecord> read(Consumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions,
                                         Predicate<String> keys, Duration wait) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TargetContext.DEFAULT_WAIT);
        List<KeyedRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (!reached(consumer, ends) && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                KeyedRecord keyed = KeyedRecord.of(record);
                if (keys.test(keyed.key())) {
                    records.add(keyed);
                }
            }
        }
        assertThat(reached(consumer, ends)).as("a read of %s from the log start reached the end offsets %s within %d"
                + " s", partitions, ends, wait.toSeconds()).isTrue();
        return records;
    }

    private static boolean reached(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), TargetContext.DEFAULT_WAIT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
