package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The log itself: what makes a Kafka partition a log rather than a queue. Records stay in the order
 * they were produced, at consecutive offsets, and reading the partition again, from the beginning,
 * any number of times, returns exactly the same records. Event sourcing, change-data capture,
 * rebuilding a state store or a search index, and every consumer that replays after a bug fix
 * depend on this.
 */
class LogOrderChecks {

    /** Enough records for several produce batches and several fetches. */
    private static final int CHUNKS = 5;
    private static final int PER_CHUNK = 120;

    @Check(id = "storage.log.order-and-dense-offsets",
            title = "Records produced to one partition in several batches come back in produce order at consecutive offsets",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"Apache Kafka documentation, Design: the log", "KIP-98 (batch format v2, base offset and offset delta)"},
            hint = "If this fails, look at how the target assigns offsets to the records of a batch (base offset plus"
                    + " offset delta, no gaps on a non-compacted, non-transactional topic) and whether fetch returns"
                    + " batches, and the records within them, in log order.")
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void orderAndDenseOffsets(CheckContext ctx) {
        String topic = ctx.createTopic("order", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        // Small batches and a flush per chunk: the records travel in many batches, not one.
        Producer<String, String> producer = ctx.producer(Map.of(
                ProducerConfig.BATCH_SIZE_CONFIG, 2048, ProducerConfig.LINGER_MS_CONFIG, 0));
        List<String> values = new ArrayList<>();
        List<Long> acked = new ArrayList<>();
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (int i = 0; i < PER_CHUNK; i++) {
                String value = String.format("value-%05d-%s", values.size(), "x".repeat(40));
                values.add(value);
                records.add(new ProducerRecord<>(topic, 0, "key-" + (values.size() % 7), value));
            }
            PartitionLog.produce(producer, records).forEach(m -> acked.add(m.offset()));
        }
        ctx.evidence("produced %d records in %d flushed chunks (batch.size=2048): acknowledged offsets %d..%d",
                values.size(), CHUNKS, acked.get(0), acked.get(acked.size() - 1));
        assertThat(Sequences.firstGap(acked)).as("acknowledged offsets are consecutive in produce order").isEmpty();

        Consumer<String, String> consumer = ctx.consumer(Map.of());
        PartitionLog.Read read = PartitionLog.readAll(consumer, partition, TargetContext.DEFAULT_WAIT);
        ctx.evidence("read back %s", read.summary());
        List<String> readValues = new ArrayList<>();
        read.records().forEach(r -> readValues.add(r.value()));
        assertThat(Sequences.firstDifference(values, readValues)).as("values read back, compared with produce order")
                .isEmpty();
        assertThat(Sequences.firstGap(read.offsets())).as("offsets read back are consecutive").isEmpty();
        assertThat(Sequences.firstDifference(acked, read.offsets()))
                .as("offsets read back, compared with the acknowledged offsets").isEmpty();
        assertThat(read.complete()).as("the consumer reached the end offset (%s)", read.summary()).isTrue();
    }

    @Check(id = "storage.log.replay-identical",
            title = "Reading a partition from the beginning again, later and with another consumer, returns the same records",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"Apache Kafka documentation, Design: the log", "KIP-32 (timestamps)", "KIP-82 (headers)"},
            hint = "If this fails, the target behaves as a queue: look at whether fetched records are removed or"
                    + " hidden once delivered, whether fetch from an old offset is served, and whether keys, headers"
                    + " and timestamps are stored with the record rather than recomputed on each read.")
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void replayIdentical(CheckContext ctx) {
        String topic = ctx.createTopic("replay", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(Map.of());
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            headers.add("origin", "kconform".getBytes(StandardCharsets.UTF_8));
            // Every tenth record has no key: replay must keep null keys null.
            String key = i % 10 == 0 ? null : "key-" + (i % 4);
            records.add(new ProducerRecord<>(topic, 0, null, key, "value-" + i, headers));
        }
        List<RecordMetadata> acks = PartitionLog.produce(producer, records);
        List<StoredRecord> expected = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<String, String> sent = records.get(i);
            expected.add(new StoredRecord(acks.get(i).offset(), sent.key(), sent.value(),
                    StoredRecord.headers(sent.headers()), acks.get(i).timestamp(), null));
        }
        ctx.evidence("produced %d records with keys, headers and timestamps, acknowledged at offsets %d..%d",
                expected.size(), expected.get(0).offset(), expected.get(expected.size() - 1).offset());

        // Every read waits, bounded, until it reaches the end offset of the acknowledged records: a target
        // that makes records readable some time after acknowledging them is read in full, not short.
        long end = expected.get(expected.size() - 1).offset() + 1;
        Consumer<String, String> first = ctx.consumer(Map.of());
        PartitionLog.Read firstRead = PartitionLog.readUntil(first, partition, end, TargetContext.DEFAULT_WAIT);
        ctx.evidence("first read (consumer A): %s", firstRead.summary());
        // The acknowledgement carries the timestamp the log holds, not its type: the types are
        // compared between reads below.
        assertThat(Sequences.firstDifference(expected, StoredRecord.ignoringTimestampType(firstRead.stored())))
                .as("first read compared with what was acknowledged").isEmpty();

        // A pause, so that a target that drops or hides delivered records has had time to do so.
        TargetContext.sleep(Duration.ofSeconds(2));
        Consumer<String, String> second = ctx.consumer(Map.of());
        PartitionLog.Read secondRead = PartitionLog.readUntil(second, partition, end, TargetContext.DEFAULT_WAIT);
        ctx.evidence("second read, 2 s later (fresh consumer B): %s", secondRead.summary());
        assertThat(Sequences.firstDifference(firstRead.stored(), secondRead.stored()))
                .as("second read (fresh consumer) compared with the first").isEmpty();

        PartitionLog.Read thirdRead = PartitionLog.readUntil(first, partition, end, TargetContext.DEFAULT_WAIT);
        ctx.evidence("third read (consumer A seeks to the beginning again): %s", thirdRead.summary());
        assertThat(Sequences.firstDifference(firstRead.stored(), thirdRead.stored()))
                .as("third read (same consumer, after seekToBeginning) compared with the first").isEmpty();
    }
}
