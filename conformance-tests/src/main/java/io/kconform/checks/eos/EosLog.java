package io.kconform.checks.eos;

import io.kconform.api.context.Await;
import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/** Reading partitions to their end under an isolation level, and waiting for sends, for this battery. */
final class EosLog {

    /** Consumer overrides for read_committed. */
    static final Map<String, Object> READ_COMMITTED = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    /** Consumer overrides for read_uncommitted, Kafka's default, spelled out. */
    static final Map<String, Object> READ_UNCOMMITTED = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");

    private EosLog() {
    }

    /** Producer overrides for a transactional producer. */
    static Map<String, Object> transactional(String transactionalId) {
        return Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }

    /** Waits for one acknowledgement, bounded; a failed send throws the target's own error. */
    static RecordMetadata await(Future<RecordMetadata> future) {
        return Await.result(future, "an acknowledgement");
    }

    /**
     * Reads the partitions from their beginning up to the end offsets the consumer sees when the read
     * begins: the last stable offset under read_committed, the high watermark under read_uncommitted.
     * Stops when every position reached its end or {@code wait} ends; the caller asserts on
     * {@link Read#complete()}.
     */
    static Read readToEnd(Consumer<String, String> consumer, Collection<TopicPartition> partitions, Duration wait) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TargetContext.DEFAULT_WAIT);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        Map<TopicPartition, Long> positions = positions(consumer, partitions);
        while (!reached(positions, ends) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            positions = positions(consumer, partitions);
        }
        return new Read(records, ends, positions);
    }

    private static Map<TopicPartition, Long> positions(Consumer<String, String> consumer,
                                                       Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            positions.put(partition, consumer.position(partition, TargetContext.DEFAULT_WAIT));
        }
        return positions;
    }

    private static boolean reached(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (positions.getOrDefault(end.getKey(), -1L) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * What one read returned.
     *
     * @param records   the records, in the order the consumer returned them
     * @param ends      the end offset of each partition when the read began
     * @param positions the consumer's position in each partition when the read stopped
     */
    record Read(List<ConsumerRecord<String, String>> records, Map<TopicPartition, Long> ends,
                Map<TopicPartition, Long> positions) {

        Read {
            records = List.copyOf(records);
            ends = Map.copyOf(ends);
            positions = Map.copyOf(positions);
        }

        /** Whether the consumer reached the end offset of every partition. */
        boolean complete() {
            return reached(positions, ends);
        }

        /** The values, in the order read. */
        List<String> values() {
            List<String> values = new ArrayList<>(records.size());
            records.forEach(r -> values.add(r.value()));
            return values;
        }

        /** The values read from one partition, in order. */
        List<String> values(TopicPartition partition) {
            List<String> values = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                if (record.topic().equals(partition.topic()) && record.partition() == partition.partition()) {
                    values.add(record.value());
                }
            }
            return values;
        }

        /** One line for evidence. */
        String summary() {
            return records.size() + " records " + values() + ", positions " + positions + " of ends " + ends;
        }
    }
}
