package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.DeletedRecords;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The bounds of a partition: the log start offset (earliest) and the log end offset (latest), as
 * ListOffsets reports them, and moving the log start offset forward with DeleteRecords (KIP-107).
 * Consumers without committed offsets start from one bound or the other; monitoring computes lag
 * from the end offset; DeleteRecords is how Kafka Streams purges its repartition topics and how
 * operators remove data that must not be replayed.
 */
class OffsetBoundsChecks {

    @Check(id = "storage.log.earliest-latest-offsets",
            title = "ListOffsets earliest and latest match what was produced, on empty and non-empty partitions",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"ListOffsets (timestamps -2 earliest and -1 latest)", "KIP-79"},
            hint = "If this fails, look at the log start offset and the high watermark the target reports in"
                    + " ListOffsets, for the Admin client and for the consumer (beginningOffsets, endOffsets): an"
                    + " empty partition has earliest = latest, and latest - earliest is the number of records.")
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void earliestLatest(CheckContext ctx) {
        int[] counts = {0, 7, 23};
        String topic = ctx.createTopic("bounds", counts.length, Map.of());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < counts.length; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        Consumer<String, String> consumer = ctx.consumer(Map.of());
        for (TopicPartition partition : partitions) {
            long earliest = PartitionLog.listOffsets(ctx, partition, OffsetSpec.earliest()).offset();
            long latest = PartitionLog.listOffsets(ctx, partition, OffsetSpec.latest()).offset();
            ctx.evidence("%s before producing: earliest %d, latest %d", partition, earliest, latest);
            assertThat(latest).as("%s is empty: latest = earliest", partition).isEqualTo(earliest);
        }

        Producer<String, String> producer = ctx.producer(Map.of());
        for (int p = 0; p < counts.length; p++) {
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (int i = 0; i < counts[p]; i++) {
                records.add(new ProducerRecord<>(topic, p, "key-" + i, "value-" + p + "-" + i));
            }
            List<RecordMetadata> acks = PartitionLog.produce(producer, records);
            TopicPartition partition = partitions.get(p);
            long earliest = PartitionLog.listOffsets(ctx, partition, OffsetSpec.earliest()).offset();
            long latest = PartitionLog.listOffsets(ctx, partition, OffsetSpec.latest()).offset();
            long beginning = consumer.beginningOffsets(List.of(partition), TargetContext.DEFAULT_WAIT).get(partition);
            long end = consumer.endOffsets(List.of(partition), TargetContext.DEFAULT_WAIT).get(partition);
            ctx.evidence("%s after %d records acknowledged at %s: Admin earliest %d, latest %d; consumer beginning %d,"
                    + " end %d", partition, counts[p], acks.isEmpty() ? "-" : acks.get(0).offset() + ".."
                    + acks.get(acks.size() - 1).offset(), earliest, latest, beginning, end);
            assertThat(latest - earliest).as("%s: latest - earliest after %d records", partition, counts[p])
                    .isEqualTo(counts[p]);
            if (!acks.isEmpty()) {
                assertThat(earliest).as("%s: earliest is the first acknowledged offset", partition)
                        .isEqualTo(acks.get(0).offset());
                assertThat(latest).as("%s: latest is the last acknowledged offset + 1", partition)
                        .isEqualTo(acks.get(acks.size() - 1).offset() + 1);
            }
            assertThat(beginning).as("%s: consumer beginningOffsets equals Admin earliest", partition)
                    .isEqualTo(earliest);
            assertThat(end).as("%s: consumer endOffsets equals Admin latest", partition).isEqualTo(latest);
        }
    }

    @Check(id = "storage.delete-records.log-start-offset",
            title = "DeleteRecords up to offset k makes k the log start offset: low watermark, earliest offset and first record read",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"KIP-107 (DeleteRecords)"},
            hint = "If this fails, look at DeleteRecords: the low watermark it answers, whether ListOffsets earliest"
                    + " and fetch honour the new log start offset, and whether a fetch below it is answered"
                    + " OFFSET_OUT_OF_RANGE instead of serving deleted records.")
    @RequiresApi(ApiKeys.DELETE_RECORDS)
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void deleteRecords(CheckContext ctx) {
        String topic = ctx.createTopic("delete-records", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(new ProducerRecord<>(topic, 0, "key-" + i, "value-" + i));
        }
        List<RecordMetadata> acks = PartitionLog.produce(ctx.producer(Map.of()), records);
        long first = acks.get(0).offset();
        long end = acks.get(acks.size() - 1).offset() + 1;
        long k = first + 7;

        long lowWatermark = deleteRecordsBefore(ctx, partition, k);
        long earliest = PartitionLog.listOffsets(ctx, partition, OffsetSpec.earliest()).offset();
        long latest = PartitionLog.listOffsets(ctx, partition, OffsetSpec.latest()).offset();
        ctx.evidence("produced 20 records at %d..%d; DeleteRecords before %d answered low watermark %d;"
                + " then earliest %d, latest %d", first, end - 1, k, lowWatermark, earliest, latest);
        assertThat(lowWatermark).as("low watermark answered by DeleteRecords before offset %d", k).isEqualTo(k);
        assertThat(earliest).as("ListOffsets earliest after DeleteRecords before %d", k).isEqualTo(k);
        assertThat(latest).as("ListOffsets latest after DeleteRecords (unchanged)").isEqualTo(end);

        PartitionLog.Read read = PartitionLog.readAll(ctx.consumer(Map.of()), partition, TargetContext.DEFAULT_WAIT);
        ctx.evidence("a consumer from the beginning read %s", read.summary());
        assertThat(read.records()).as("records read from the beginning after DeleteRecords").isNotEmpty();
        ConsumerRecord<String, String> firstRead = read.records().get(0);
        assertThat(firstRead.offset()).as("offset of the first record read from the beginning").isEqualTo(k);
        assertThat(firstRead.value()).as("value of the first record read from the beginning")
                .isEqualTo(records.get((int) (k - first)).value());
        assertThat(read.records()).as("records read from the beginning: %d..%d", k, end - 1).hasSize((int) (end - k));

        // Deleted records must not be served: a fetch below the log start offset is out of range.
        Consumer<String, String> below = ctx.consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"));
        below.assign(List.of(partition));
        below.seek(partition, first + 2);
        List<ConsumerRecord<String, String>> served = new ArrayList<>();
        Throwable thrown = catchThrowable(() -> {
            long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
            while (System.nanoTime() < deadline && served.isEmpty()) {
                below.poll(Duration.ofMillis(200)).records(partition).forEach(served::add);
            }
        });
        ctx.evidence("a consumer fetching at deleted offset %d (auto.offset.reset=none): %s", first + 2,
                thrown != null ? thrown.getClass().getSimpleName() + ": " + thrown.getMessage()
                        : served.size() + " records, first at offset " + (served.isEmpty() ? "-" : served.get(0).offset()));
        assertThat(served).as("records served below the log start offset %d", k).isEmpty();
        assertThat(thrown).as("fetching at deleted offset %d", first + 2).isInstanceOf(OffsetOutOfRangeException.class);
    }

    private static long deleteRecordsBefore(CheckContext ctx, TopicPartition partition, long offset) {
        try {
            DeletedRecords deleted = ctx.admin().deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(offset)))
                    .lowWatermarks().get(partition).get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return deleted.lowWatermark();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new KafkaException("DeleteRecords failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("DeleteRecords not answered within " + TargetContext.DEFAULT_WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted during DeleteRecords", e);
        }
    }
}
