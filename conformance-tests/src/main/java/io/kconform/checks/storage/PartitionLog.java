package io.kconform.checks.storage;

import io.kconform.api.context.Await;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/** Writing records and reading a whole partition back, bounded, for the checks of this battery. */
final class PartitionLog {

    private PartitionLog() {
    }

    /**
     * Sends the records, flushes and waits for every acknowledgement.
     *
     * @return the acknowledgements, in the order of {@code records}
     * @throws KafkaException the target's own error when a send failed, so that it is classified as such
     */
    static List<RecordMetadata> produce(Producer<String, String> producer, List<ProducerRecord<String, String>> records) {
        List<Future<RecordMetadata>> futures = new ArrayList<>(records.size());
        for (ProducerRecord<String, String> record : records) {
            futures.add(producer.send(record));
        }
        producer.flush();
        List<RecordMetadata> acks = new ArrayList<>(futures.size());
        for (Future<RecordMetadata> future : futures) {
            acks.add(await(future));
        }
        return acks;
    }

    /** One acknowledgement, bounded by {@link TargetContext#DEFAULT_WAIT}. */
    static RecordMetadata await(Future<RecordMetadata> future) {
        return Await.result(future, "an acknowledgement");
    }

    /**
     * Admin ListOffsets for one partition, bounded.
     *
     * @throws KafkaException the target's own error, so that it is classified as such
     */
    /**
     * The log start offset of {@code partition} once it reaches {@code atLeast}, or as it is when {@code bound} has
     * passed, asked once a second without writing anything: a write would roll segments, and a log cleaner may
     * then merge the segment retention is to delete with newer ones, after which no segment is past retention.
     */
    static long awaitLogStart(TargetContext ctx, TopicPartition partition, long atLeast, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        long earliest = listOffsets(ctx, partition, OffsetSpec.earliest()).offset();
        while (earliest < atLeast && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofSeconds(1));
            earliest = listOffsets(ctx, partition, OffsetSpec.earliest()).offset();
        }
        return earliest;
    }

    static ListOffsetsResultInfo listOffsets(TargetContext ctx, TopicPartition partition, OffsetSpec spec) {
        try {
            return ctx.admin().listOffsets(Map.of(partition, spec)).partitionResult(partition)
                    .get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new KafkaException("ListOffsets failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("ListOffsets not answered within " + TargetContext.DEFAULT_WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while listing offsets", e);
        }
    }

    /**
     * Reads one partition from its log start offset up to the end offset it had when the read began.
     * The consumer is assigned the partition (no group). Stops at the end offset or when {@code wait}
     * ends, whichever comes first; the caller asserts on {@link Read#complete()}.
     */
    static Read readAll(Consumer<String, String> consumer, TopicPartition partition, Duration wait) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), TargetContext.DEFAULT_WAIT).get(partition);
        long deadline = System.nanoTime() + wait.toNanos();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long position = consumer.position(partition, TargetContext.DEFAULT_WAIT);
        while (position < end && System.nanoTime() < deadline) {
            records.addAll(consumer.poll(Duration.ofMillis(200)).records(partition));
            position = consumer.position(partition, TargetContext.DEFAULT_WAIT);
        }
        return new Read(records, end, position);
    }

    /**
     * Reads one partition from its log start offset until the consumer's position reaches {@code end},
     * an end offset the caller measured before (records acknowledged, a first read's end), or
     * {@code wait} ends. Unlike {@link #readAll}, it does not stop at the end offset the target reports
     * when the read begins: a target that makes acknowledged records readable only some time later is
     * waited for, within the bound, rather than read short. The caller asserts on {@link Read#complete()}.
     */
    static Read readUntil(Consumer<String, String> consumer, TopicPartition partition, long end, Duration wait) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long deadline = System.nanoTime() + wait.toNanos();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long position = consumer.position(partition, TargetContext.DEFAULT_WAIT);
        while (position < end && System.nanoTime() < deadline) {
            records.addAll(consumer.poll(Duration.ofMillis(200)).records(partition));
            position = consumer.position(partition, TargetContext.DEFAULT_WAIT);
        }
        return new Read(records, end, position);
    }

    /**
     * What one read of a partition returned.
     *
     * @param records   the records, in the order the consumer returned them
     * @param endOffset the end offset when the read began
     * @param position  the consumer's position when the read stopped
     */
    record Read(List<ConsumerRecord<String, String>> records, long endOffset, long position) {

        Read {
            records = List.copyOf(records);
        }

        /** Whether the consumer reached the end offset. */
        boolean complete() {
            return position >= endOffset;
        }

        /** The records as comparable values. */
        List<StoredRecord> stored() {
            return StoredRecord.of(records);
        }

        /** The offsets, in the order read. */
        List<Long> offsets() {
            List<Long> offsets = new ArrayList<>(records.size());
            records.forEach(r -> offsets.add(r.offset()));
            return offsets;
        }

        /** One line for evidence. */
        String summary() {
            return records.size() + " records, offsets " + (records.isEmpty() ? "-" : records.get(0).offset() + ".."
                    + records.get(records.size() - 1).offset()) + ", position " + position + " of end " + endOffset;
        }
    }
}
