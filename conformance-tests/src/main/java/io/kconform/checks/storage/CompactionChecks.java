package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Log compaction ({@code cleanup.policy=compact}): the log keeps at least the latest record of every
 * key, at its original offset, and drops the older ones; a tombstone (a null value) deletes its key
 * and is itself dropped after {@code delete.retention.ms}. Compacted topics are what Kafka Streams
 * state stores, Connect's config/offset/status topics, {@code __consumer_offsets} and every "latest
 * state per key" table rely on: without compaction they grow forever; with wrong compaction a
 * restored state silently loses or resurrects keys.
 *
 * <p>Compaction is asynchronous. The checks make it quick on any Apache Kafka with default broker
 * settings through topic configs only: {@code segment.ms=1000} so that segments roll after a second,
 * {@code min.cleanable.dirty.ratio=0.01} and {@code min.compaction.lag.ms=0} so that any rolled
 * segment is cleanable at once. The active segment is never cleaned, so every 1.5 s the check appends
 * a "nudge" record with a key of its own, which rolls the segment before it and gives the cleaner new
 * dirty data to wake up for. Apache Kafka's cleaner looks for work every {@code log.cleaner.backoff.ms}
 * (15 s by default, 0.5 s in kconform's embedded broker), so the wait is bounded at
 * {@value #BOUND_SECONDS} s: several cleaner passes even with default settings.
 */
class CompactionChecks {

    static final int BOUND_SECONDS = 90;
    private static final Duration NUDGE_EVERY = Duration.ofMillis(1500);

    @Check(id = "storage.compaction.latest-value-kept",
            title = "After compaction only the latest record of each key remains, at its original offset",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"Apache Kafka documentation, Design: log compaction", "KIP-354 (compaction lag)"},
            hint = "If this fails, look at the log cleaner: is it enabled (log.cleaner.enable), does it honour the"
                    + " topic's segment.ms, min.cleanable.dirty.ratio and min.compaction.lag.ms, does it keep the"
                    + " last record of every key and leave offsets unchanged. A compacted topic that is accepted but"
                    + " never compacted fails here after the bounded wait.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void latestValueKept(CheckContext ctx) {
        String topic = ctx.createTopic("compact-latest", 1, compactedTopic("86400000"));
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(Map.of());
        List<ProducerRecord<String, String>> writes = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (int key = 0; key < 5; key++) {
                writes.add(new ProducerRecord<>(topic, 0, "key-" + key, "key-" + key + "-round-" + round));
            }
        }
        List<RecordMetadata> acks = PartitionLog.produce(producer, writes);
        Map<String, StoredRecord> latest = latestByKey(writes, acks);
        long regionEnd = acks.get(acks.size() - 1).offset() + 1;
        ctx.evidence("produced 5 keys x 6 values = %d records at offsets %d..%d; expected survivors: %s",
                writes.size(), acks.get(0).offset(), regionEnd - 1, latest.values());

        Consumer<String, String> consumer = ctx.consumer(Map.of());
        List<StoredRecord> region = awaitCompaction(ctx, producer, consumer, partition, regionEnd,
                records -> {
                    assertLatestKept(latest, records);
                    return records.size() == latest.size();
                });
        assertThat(region).as("records left at offsets below %d after at most %d s of compaction (only the latest"
                + " of each key must remain)", regionEnd, BOUND_SECONDS)
                .containsExactlyElementsOf(latest.values().stream()
                        .sorted((a, b) -> Long.compare(a.offset(), b.offset())).toList());
    }

    @Check(id = "storage.compaction.tombstone-removed",
            title = "A tombstone deletes its key on compaction, and the tombstone itself is removed after delete.retention.ms",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"Apache Kafka documentation, Design: log compaction", "KIP-534 (tombstone delete horizon)"},
            hint = "If this fails, look at how the cleaner treats records with a null value: older values of the key"
                    + " must go on the first cleaning, the tombstone must stay for delete.retention.ms and then go;"
                    + " a tombstone must never be removed while an older value of its key is still in the log.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void tombstoneRemoved(CheckContext ctx) {
        String topic = ctx.createTopic("compact-tombstone", 1, compactedTopic("1000"));
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(Map.of());
        List<ProducerRecord<String, String>> writes = List.of(
                new ProducerRecord<>(topic, 0, "deleted", "deleted-v0"),
                new ProducerRecord<>(topic, 0, "kept", "kept-v0"),
                new ProducerRecord<>(topic, 0, "deleted", "deleted-v1"),
                new ProducerRecord<>(topic, 0, "kept", "kept-v1"),
                new ProducerRecord<>(topic, 0, "deleted", null),
                new ProducerRecord<>(topic, 0, "kept", "kept-v2"));
        List<RecordMetadata> acks = PartitionLog.produce(producer, writes);
        Map<String, StoredRecord> latest = latestByKey(writes, acks);
        StoredRecord kept = latest.get("kept");
        long regionEnd = acks.get(acks.size() - 1).offset() + 1;
        ctx.evidence("produced %d records at offsets %d..%d, the tombstone of key 'deleted' at %d", writes.size(),
                acks.get(0).offset(), regionEnd - 1, latest.get("deleted").offset());

        Consumer<String, String> consumer = ctx.consumer(Map.of());
        boolean[] sawTombstoneAlone = {false};
        List<StoredRecord> region = awaitCompaction(ctx, producer, consumer, partition, regionEnd, records -> {
            assertLatestKept(Map.of("kept", kept), records);
            List<StoredRecord> deleted = records.stream().filter(r -> "deleted".equals(r.key())).toList();
            // Removing the tombstone before the values it deletes would resurrect the key.
            assertThat(deleted.isEmpty() || deleted.get(deleted.size() - 1).tombstone())
                    .as("key 'deleted' is still deleted: its last record, if any, is the tombstone (%s)", deleted)
                    .isTrue();
            if (deleted.size() == 1 && !sawTombstoneAlone[0]) {
                sawTombstoneAlone[0] = true;
                ctx.evidence("older values of key 'deleted' removed, tombstone still there: %s", records);
            }
            return deleted.isEmpty() && records.size() == 1;
        });
        assertThat(region).as("records left at offsets below %d after at most %d s (the tombstone, after"
                + " delete.retention.ms=1000, and every older value must be gone)", regionEnd, BOUND_SECONDS)
                .containsExactly(kept);
    }

    /** Topic configs that make Apache Kafka compact within seconds; see the class comment. */
    static Map<String, String> compactedTopic(String deleteRetentionMs) {
        return Map.of(
                "cleanup.policy", "compact",
                "segment.ms", "1000",
                "min.cleanable.dirty.ratio", "0.01",
                "min.compaction.lag.ms", "0",
                "delete.retention.ms", deleteRetentionMs);
    }

    /** The last write of every key, at its acknowledged offset, in order of first appearance. */
    static Map<String, StoredRecord> latestByKey(List<ProducerRecord<String, String>> writes,
                                                         List<RecordMetadata> acks) {
        Map<String, StoredRecord> latest = new LinkedHashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            ProducerRecord<String, String> write = writes.get(i);
            // Offset, key and value only: compaction is about which records remain, not their metadata.
            latest.put(write.key(), new StoredRecord(acks.get(i).offset(), write.key(), write.value(), List.of(), 0,
                    null));
        }
        return latest;
    }

    /** At every moment, compaction or not, the latest record of each key is in the log as written. */
    static void assertLatestKept(Map<String, StoredRecord> latest, List<StoredRecord> region) {
        for (StoredRecord expected : latest.values()) {
            StoredRecord last = null;
            for (StoredRecord record : region) {
                if (expected.key().equals(record.key())) {
                    last = record;
                }
            }
            assertThat(last).as("latest record of key '%s' (read: %s)", expected.key(), region).isEqualTo(expected);
        }
    }

    /**
     * Nudges and re-reads the partition until {@code done} holds for the records below
     * {@code regionEnd} or {@value #BOUND_SECONDS} s pass; {@code done} may assert invariants, failing at
     * once. Returns the last records read below {@code regionEnd}, timestamps and headers left out.
     */
    static List<StoredRecord> awaitCompaction(CheckContext ctx, Producer<String, String> producer,
                                                      Consumer<String, String> consumer, TopicPartition partition,
                                                      long regionEnd, Predicate<List<StoredRecord>> done) {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(BOUND_SECONDS).toNanos();
        int nudges = 0;
        List<StoredRecord> region;
        while (true) {
            TargetContext.sleep(NUDGE_EVERY);
            PartitionLog.produce(producer, List.of(new ProducerRecord<>(partition.topic(), 0, "nudge-" + nudges,
                    "rolls the segment before it")));
            nudges++;
            PartitionLog.Read read = PartitionLog.readAll(consumer, partition, TargetContext.DEFAULT_WAIT);
            assertThat(read.complete()).as("a read of the whole partition reached its end (%s)", read.summary())
                    .isTrue();
            region = new ArrayList<>();
            for (StoredRecord record : read.stored()) {
                if (record.offset() < regionEnd) {
                    region.add(new StoredRecord(record.offset(), record.key(), record.value(), List.of(), 0, null));
                }
            }
            if (done.test(region) || System.nanoTime() > deadline) {
                break;
            }
        }
        ctx.evidence("after %.1f s and %d nudge records, offsets below %d hold %d records: %s",
                (System.nanoTime() - start) / 1e9, nudges, regionEnd, region.size(), region);
        return region;
    }
}
