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
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/** Reading partitions to their end under an isolation level, and waiting for sends, for this battery. */
final class EosLog {

    /** Consumer overrides for read_committed. */
    static final Map<String, Object> READ_COMMITTED = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    /** How long {@link #awaitNoOpenTransaction} waits for transaction markers after EndTxn. */
    static final Duration MARKERS_WAIT = Duration.ofSeconds(10);
    /** Consumer overrides for read_uncommitted, Kafka's default, spelled out. */
    static final Map<String, Object> READ_UNCOMMITTED = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");

    private EosLog() {
    }

    /** Producer overrides for a transactional producer. */
    static Map<String, Object> transactional(String transactionalId) {
        return Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }

    /**
     * Waits, at most {@code bound}, until no transaction is open on the partitions: their last stable
     * offset has reached their high watermark. A committed or aborted transaction is decided when
     * EndTxn returns, but its markers are written afterwards, and on a cluster of several brokers they
     * must also be replicated before the last stable offset moves; a read_committed read made at once
     * could stop short of records that are already committed. Never fails: the caller's assertions
     * judge what is read next.
     *
     * @return whether the partitions became stable within the bound
     */
    static boolean awaitNoOpenTransaction(TargetContext ctx, Collection<TopicPartition> partitions, Duration bound) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable = Await.result(ctx.admin()
                        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(),
                        "the last stable offsets");
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> high = Await.result(ctx.admin()
                        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all(),
                        "the high watermarks");
                if (partitions.stream().allMatch(p -> stable.get(p).offset() >= high.get(p).offset())) {
                    return true;
                }
            } catch (KafkaException e) {
                return false; // the target cannot say; the read that follows shows what it serves
            }
            TargetContext.sleep(Duration.ofMillis(100));
        }
        return false;
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
