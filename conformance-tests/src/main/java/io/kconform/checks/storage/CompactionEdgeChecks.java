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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The edges of log compaction a reader of a compacted topic relies on beyond "the latest value of
 * each key is kept" ({@link CompactionChecks}): how long a record or a tombstone is guaranteed to
 * stay ({@code min.compaction.lag.ms}, {@code delete.retention.ms}), how long an overwritten value may
 * linger ({@code max.compaction.lag.ms}), that offsets never move, that transactions are respected,
 * and that {@code compact,delete} does both.
 *
 * <p>As in {@link CompactionChecks}, topic configs make Apache Kafka act within seconds
 * ({@code segment.ms=1000}, {@code min.cleanable.dirty.ratio=0.01}) and a nudge record every 1.5 s
 * rolls the segment before it; every wait is bounded by {@value CompactionChecks#BOUND_SECONDS} s.
 * Where a check judges a record's age, it uses the timestamp the record was acknowledged with and the
 * harness's clock when a read returned, less {@value #CLOCK_MARGIN_MS} ms for a target whose clock
 * runs ahead.
 */
class CompactionEdgeChecks {

    static final long MIN_LAG_MS = 10_000;
    static final long DELETE_RETENTION_MS = 10_000;
    static final long MAX_LAG_MS = 3000;
    static final long CLOCK_MARGIN_MS = 1000;

    /**
     * MUST: {@code min.compaction.lag.ms} is the guarantee a change-data consumer sizes its lag by: every
     * update younger than it is still in the log, so a consumer behind by less sees every change, not
     * only the last. Compacting earlier loses updates that consumer was promised. The check also
     * requires compaction once the lag has passed, or a target that ignores the setting and never
     * compacts would pass it.
     */
    @Check(id = "storage.compaction.min-lag-honoured",
            title = "A record younger than min.compaction.lag.ms is never compacted away; once older, it is",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"KIP-354 (min.compaction.lag.ms, max.compaction.lag.ms)",
                    "Apache Kafka documentation, topic config min.compaction.lag.ms"},
            hint = "If this fails, look at which segments the cleaner may clean: a segment holding a record whose"
                    + " timestamp is less than min.compaction.lag.ms old must not be cleaned yet; after that the"
                    + " overwritten values must go as usual.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void minLagHonoured(CheckContext ctx) {
        Map<String, String> configs = new HashMap<>(CompactionChecks.compactedTopic("86400000"));
        configs.put("min.compaction.lag.ms", Long.toString(MIN_LAG_MS));
        String topic = ctx.createTopic("compact-min-lag", 1, configs);
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(Map.of());
        // Connected and reading before the records exist, so that the first look comes while they are young.
        Consumer<String, String> consumer = ctx.consumer(Map.of());
        readRegion(consumer, partition, 0);
        List<ProducerRecord<String, String>> writes = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            writes.add(new ProducerRecord<>(topic, 0, "key", "key-round-" + round));
            writes.add(new ProducerRecord<>(topic, 0, "other", "other-round-" + round));
        }
        List<RecordMetadata> acks = PartitionLog.produce(producer, writes);
        Map<String, StoredRecord> latest = CompactionChecks.latestByKey(writes, acks);
        List<StoredRecord> all = written(writes, acks);
        long regionEnd = acks.get(acks.size() - 1).offset() + 1;
        ctx.evidence("min.compaction.lag.ms=%d: produced %d records of 2 keys at %d..%d, timestamps %d..%d",
                MIN_LAG_MS, writes.size(), acks.get(0).offset(), regionEnd - 1, acks.get(0).timestamp(),
                acks.get(acks.size() - 1).timestamp());

        Map<Long, Long> timestamps = timestamps(acks);
        long[] youngChecked = {0};
        java.util.function.Predicate<List<StoredRecord>> done = records -> {
                    long readAt = System.currentTimeMillis();
                    CompactionChecks.assertLatestKept(latest, records);
                    Set<Long> present = records.stream().map(StoredRecord::offset).collect(Collectors.toSet());
                    for (StoredRecord record : all) {
                        long age = readAt - timestamps.get(record.offset());
                        if (age < MIN_LAG_MS - CLOCK_MARGIN_MS) {
                            youngChecked[0]++;
                            assertThat(present).as("record %s, %d ms old when the read returned, under"
                                    + " min.compaction.lag.ms=%d: still in the log (read: %s)", record, age,
                                    MIN_LAG_MS, records).contains(record.offset());
                        }
                    }
                    return records.size() == latest.size();
                };
        // A first look at once, while every record is young; then nudges until compaction.
        done.test(readRegion(consumer, partition, regionEnd));
        List<StoredRecord> region = CompactionChecks.awaitCompaction(ctx, producer, consumer, partition, regionEnd,
                done);
        ctx.evidence("%d times a record younger than the lag was looked for and found", youngChecked[0]);
        assertThat(youngChecked[0]).as("reads made while some record was younger than min.compaction.lag.ms=%d"
                + " (none: the harness could not look in time, and the lag is not shown honoured)", MIN_LAG_MS)
                .isPositive();
        assertThat(region).as("records left at offsets below %d after at most %d s (once older than"
                        + " min.compaction.lag.ms only the latest of each key must remain)", regionEnd,
                CompactionChecks.BOUND_SECONDS).containsExactlyInAnyOrderElementsOf(latest.values());
    }

    /**
     * MUST: {@code delete.retention.ms} is how long a consumer may lag and still see a delete. A tombstone
     * removed earlier lets a consumer that was behind, or a state store restoring from the topic, keep
     * the key's old value forever: a deleted record resurrected. The check also requires the tombstone
     * to go after the setting, or a target that ignores it would pass.
     */
    @Check(id = "storage.compaction.tombstone-kept-for-delete-retention",
            title = "A tombstone stays readable for at least delete.retention.ms, then compaction removes it",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"Apache Kafka documentation, topic config delete.retention.ms",
                    "KIP-534 (tombstone delete horizon)"},
            hint = "If this fails, look at when the cleaner drops a tombstone: not before delete.retention.ms has"
                    + " passed since the tombstone was written (Apache Kafka counts from the first cleaning that"
                    + " saw it), and then on a later cleaning.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void tombstoneKeptForDeleteRetention(CheckContext ctx) {
        String topic = ctx.createTopic("compact-delete-retention", 1,
                CompactionChecks.compactedTopic(Long.toString(DELETE_RETENTION_MS)));
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(Map.of());
        // Connected and reading before the records exist, so that the first look comes while they are young.
        Consumer<String, String> consumer = ctx.consumer(Map.of());
        readRegion(consumer, partition, 0);
        List<ProducerRecord<String, String>> writes = List.of(
                new ProducerRecord<>(topic, 0, "deleted", "deleted-v0"),
                new ProducerRecord<>(topic, 0, "kept", "kept-v0"),
                new ProducerRecord<>(topic, 0, "deleted", "deleted-v1"),
                new ProducerRecord<>(topic, 0, "deleted", null),
                new ProducerRecord<>(topic, 0, "kept", "kept-v1"));
        List<RecordMetadata> acks = PartitionLog.produce(producer, writes);
        StoredRecord tombstone = written(writes, acks).get(3);
        long tombstoneTime = acks.get(3).timestamp();
        StoredRecord kept = written(writes, acks).get(4);
        long regionEnd = acks.get(acks.size() - 1).offset() + 1;
        ctx.evidence("delete.retention.ms=%d: produced %d records at %d..%d, the tombstone of key 'deleted' at %d"
                + " (timestamp %d)", DELETE_RETENTION_MS, writes.size(), acks.get(0).offset(), regionEnd - 1,
                tombstone.offset(), tombstoneTime);

        long[] lastSeenAge = {-1};
        long[] youngChecked = {0};
        java.util.function.Predicate<List<StoredRecord>> done = records -> {
                    long age = System.currentTimeMillis() - tombstoneTime;
                    CompactionChecks.assertLatestKept(Map.of("kept", kept), records);
                    List<StoredRecord> deleted = records.stream().filter(r -> "deleted".equals(r.key())).toList();
                    assertThat(deleted.isEmpty() || deleted.get(deleted.size() - 1).tombstone())
                            .as("key 'deleted' is still deleted: its last record, if any, is the tombstone (%s)",
                                    deleted).isTrue();
                    if (age < DELETE_RETENTION_MS - CLOCK_MARGIN_MS) {
                        youngChecked[0]++;
                        assertThat(deleted).as("records of key 'deleted' when the tombstone was %d ms old, under"
                                + " delete.retention.ms=%d: the tombstone still there", age, DELETE_RETENTION_MS)
                                .contains(tombstone);
                    }
                    if (deleted.contains(tombstone)) {
                        lastSeenAge[0] = age;
                    }
                    return deleted.isEmpty() && records.size() == 1;
                };
        // A first look at once, while the tombstone is young; then nudges until it goes.
        done.test(readRegion(consumer, partition, regionEnd));
        List<StoredRecord> region = CompactionChecks.awaitCompaction(ctx, producer, consumer, partition, regionEnd,
                done);
        ctx.evidence("the tombstone was last read when %d ms old; %d reads while it was younger than"
                + " delete.retention.ms", lastSeenAge[0], youngChecked[0]);
        assertThat(youngChecked[0]).as("reads made while the tombstone was younger than delete.retention.ms=%d"
                + " (none: the harness could not look in time, and the setting is not shown honoured)",
                DELETE_RETENTION_MS).isPositive();
        assertThat(region).as("records left at offsets below %d after at most %d s (the tombstone, after"
                        + " delete.retention.ms=%d, and every older value of its key must be gone)", regionEnd,
                CompactionChecks.BOUND_SECONDS, DELETE_RETENTION_MS).containsExactly(kept);
    }

    /**
     * SHOULD: {@code max.compaction.lag.ms} bounds how long an overwritten value, or a deleted key's value,
     * stays readable: what a topic holding personal data relies on to erase within a promised time. A
     * reader is not harmed by values kept longer, so it is not a MUST.
     */
    @Check(id = "storage.compaction.max-lag-honoured",
            title = "A dirty segment is compacted within max.compaction.lag.ms even when the dirty ratio stays below min.cleanable.dirty.ratio",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"KIP-354 (max.compaction.lag.ms)", "Apache Kafka documentation, topic config max.compaction.lag.ms"},
            hint = "If this fails, look at how the cleaner picks logs: a log whose oldest dirty record is older than"
                    + " max.compaction.lag.ms must be cleaned even when its dirty ratio is below"
                    + " min.cleanable.dirty.ratio.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void maxLagHonoured(CheckContext ctx) {
        Map<String, String> configs = new HashMap<>(CompactionChecks.compactedTopic("86400000"));
        configs.put("min.cleanable.dirty.ratio", "0.99");
        configs.put("max.compaction.lag.ms", Long.toString(MAX_LAG_MS));
        String topic = ctx.createTopic("compact-max-lag", 1, configs);
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(Map.of());
        Consumer<String, String> consumer = ctx.consumer(Map.of());

        // First a large clean part: 100 keys of 1 kB, each written twice, all dirty, so cleaned at any ratio.
        String filler = "x".repeat(1000);
        List<ProducerRecord<String, String>> base = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int key = 0; key < 100; key++) {
                base.add(new ProducerRecord<>(topic, 0, "base-" + key, "round-" + round + "-" + filler));
            }
        }
        List<RecordMetadata> baseAcks = PartitionLog.produce(producer, base);
        Map<String, StoredRecord> baseLatest = CompactionChecks.latestByKey(base, baseAcks);
        long baseEnd = baseAcks.get(baseAcks.size() - 1).offset() + 1;
        ctx.evidence("min.cleanable.dirty.ratio=0.99, max.compaction.lag.ms=%d: 100 keys of 1 kB written twice at"
                + " %d..%d, to be cleaned once (their log is all dirty)", MAX_LAG_MS, baseAcks.get(0).offset(),
                baseEnd - 1);
        List<StoredRecord> baseRegion = CompactionChecks.awaitCompaction(ctx, producer, consumer, partition, baseEnd,
                records -> records.size() == baseLatest.size());
        assertThat(baseRegion).as("the first 200 records after at most %d s: the first cleaning leaves the latest"
                + " value of each of the 100 keys", CompactionChecks.BOUND_SECONDS).hasSize(baseLatest.size());

        // Then a few small overwrites: far below the dirty ratio, cleanable only by max.compaction.lag.ms.
        List<ProducerRecord<String, String>> hot = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            hot.add(new ProducerRecord<>(topic, 0, "hot", "hot-round-" + round));
        }
        List<RecordMetadata> hotAcks = PartitionLog.produce(producer, hot);
        StoredRecord hotLatest = CompactionChecks.latestByKey(hot, hotAcks).get("hot");
        long hotEnd = hotAcks.get(hotAcks.size() - 1).offset() + 1;
        ctx.evidence("then key 'hot' written 3 times at %d..%d: a few dozen bytes dirty against 100 kB clean",
                hotAcks.get(0).offset(), hotEnd - 1);
        long start = System.nanoTime();
        List<StoredRecord> region = CompactionChecks.awaitCompaction(ctx, producer, consumer, partition, hotEnd,
                records -> records.stream().filter(r -> "hot".equals(r.key())).count() == 1);
        List<StoredRecord> hotLeft = region.stream().filter(r -> "hot".equals(r.key())).toList();
        ctx.evidence("key 'hot' after %.1f s: %s", (System.nanoTime() - start) / 1e9, hotLeft);
        assertThat(hotLeft).as("records of key 'hot' after at most %d s, with max.compaction.lag.ms=%d and a dirty"
                + " ratio far below 0.99: only the latest", CompactionChecks.BOUND_SECONDS, MAX_LAG_MS)
                .containsExactly(hotLatest);
    }

    /**
     * MUST: offsets are how consumers, committed positions, and every external reference to a record
     * (an index, a checkpoint) find it. Compaction removes records and leaves gaps; renumbering the
     * survivors would point every such reference at another record.
     */
    @Check(id = "storage.compaction.offsets-unchanged",
            title = "Compaction keeps every surviving record at its offset, leaves gaps, and a fetch inside a gap returns the next survivor",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"Apache Kafka documentation, Design: log compaction (offsets never change)"},
            hint = "If this fails, look at how the cleaner rewrites segments: it must keep each survivor's offset"
                    + " (offsets increase with gaps, never renumbered), leave the log's start and end offsets as they"
                    + " were, and answer a fetch at a removed offset with the next record after it.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void offsetsUnchanged(CheckContext ctx) {
        String topic = ctx.createTopic("compact-offsets", 1, CompactionChecks.compactedTopic("86400000"));
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(Map.of());
        List<ProducerRecord<String, String>> writes = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (int key = 0; key < 6; key++) {
                // Key i is written in rounds 0..i only, so survivors lie at scattered offsets.
                if (key >= round) {
                    writes.add(new ProducerRecord<>(topic, 0, "key-" + key, "key-" + key + "-round-" + round));
                }
            }
        }
        List<RecordMetadata> acks = PartitionLog.produce(producer, writes);
        Map<String, StoredRecord> latest = CompactionChecks.latestByKey(writes, acks);
        List<StoredRecord> survivors = latest.values().stream()
                .sorted((a, b) -> Long.compare(a.offset(), b.offset())).toList();
        long first = acks.get(0).offset();
        long regionEnd = acks.get(acks.size() - 1).offset() + 1;
        ctx.evidence("produced %d records at %d..%d; survivors expected at offsets %s", writes.size(), first,
                regionEnd - 1, survivors.stream().map(StoredRecord::offset).toList());

        Consumer<String, String> consumer = ctx.consumer(Map.of());
        List<StoredRecord> region = CompactionChecks.awaitCompaction(ctx, producer, consumer, partition, regionEnd,
                records -> {
                    CompactionChecks.assertLatestKept(latest, records);
                    return records.size() == latest.size();
                });
        assertThat(region).as("records left at offsets below %d after at most %d s, each at the offset it was"
                + " acknowledged at", regionEnd, CompactionChecks.BOUND_SECONDS).containsExactlyElementsOf(survivors);

        long earliest = PartitionLog.listOffsets(ctx, partition, OffsetSpec.earliest()).offset();
        assertThat(earliest).as("log start offset after compaction (the first record written was at %d)", first)
                .isEqualTo(first);
        long gap = firstGap(survivors, first);
        long next = survivors.stream().mapToLong(StoredRecord::offset).filter(o -> o > gap).min().orElseThrow();
        consumer.assign(List.of(partition));
        consumer.seek(partition, gap);
        List<ConsumerRecord<String, String>> fetched = new ArrayList<>();
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        while (fetched.isEmpty() && System.nanoTime() < deadline) {
            fetched.addAll(consumer.poll(Duration.ofMillis(200)).records(partition));
        }
        ctx.evidence("a fetch at offset %d, removed by compaction, returned %s", gap,
                fetched.isEmpty() ? "nothing" : "first the record at " + fetched.get(0).offset());
        assertThat(fetched).as("records returned for a fetch at offset %d, removed by compaction", gap).isNotEmpty();
        assertThat(fetched.get(0).offset()).as("offset of the first record returned for a fetch at the removed"
                + " offset %d: the next survivor", gap).isEqualTo(next);
    }

    /**
     * SHOULD, because it needs transactions, which the STORAGE level does not require: where a target offers
     * them, an aborted write must never become a key's value, before or after cleaning. A cleaner that
     * treats an aborted record as the latest of its key deletes the committed value a read_committed
     * consumer must see.
     */
    @Check(id = "storage.compaction.aborted-never-replaces-committed",
            title = "After compaction a read_committed consumer sees each key's last committed value, never an aborted one",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"KIP-98 (transactions; the cleaner removes aborted data)",
                    "Apache Kafka documentation, Design: log compaction"},
            hint = "If this fails, look at how the cleaner treats transactional data: records of aborted transactions"
                    + " must not count as the latest value of their key, so the committed value before them survives;"
                    + " aborted records and, later, markers are what the cleaner may remove.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    void abortedNeverReplacesCommitted(CheckContext ctx) {
        String topic = ctx.createTopic("compact-txn", 1, CompactionChecks.compactedTopic("86400000"));
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> transactional = ctx.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                ctx.uniqueName("txn")));
        transactional.initTransactions();
        inTransaction(transactional, topic, List.of("key=committed-1", "marker=marker-0"), true);
        ctx.accepted("transactions (a transaction committed)");
        inTransaction(transactional, topic, List.of("key=aborted-2"), false);
        inTransaction(transactional, topic, List.of("marker=marker-1"), true);
        long end = PartitionLog.listOffsets(ctx, partition, OffsetSpec.latest()).offset();
        ctx.evidence("transactions: committed key=committed-1 and marker=marker-0, aborted key=aborted-2, committed"
                + " marker=marker-1; log end %d", end);

        Producer<String, String> producer = ctx.producer(Map.of());
        // marker-0 going is the sign that a cleaning covered all three transactions.
        CompactionChecks.awaitCompaction(ctx, producer, ctx.consumer(Map.of()), partition, end,
                records -> records.stream().noneMatch(r -> "marker-0".equals(r.value())));

        Consumer<String, String> committed = ctx.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"));
        PartitionLog.Read read = PartitionLog.readAll(committed, partition, TargetContext.DEFAULT_WAIT);
        ctx.evidence("a read_committed consumer read %s: %s", read.summary(), read.stored());
        List<String> keyValues = read.records().stream().filter(r -> "key".equals(r.key()))
                .map(ConsumerRecord::value).toList();
        assertThat(read.stored().stream().anyMatch(r -> "marker-0".equals(r.value())))
                .as("marker-0, overwritten by marker-1, gone: the log was cleaned within %d s",
                        CompactionChecks.BOUND_SECONDS).isFalse();
        assertThat(keyValues).as("values of 'key' a read_committed consumer reads after cleaning: the committed"
                + " value, the aborted one never").containsExactly("committed-1");
        assertThat(read.complete()).as("the read_committed read reached the end offset (%s)", read.summary())
                .isTrue();
    }

    /**
     * SHOULD, as time-based retention: {@code compact,delete} keeps a table bounded in time as well as
     * per key (a changelog with a window). A reader is harmed by neither half being late, but a target
     * that accepts the policy is relied on to apply both.
     */
    @Check(id = "storage.compaction.compact-and-delete",
            title = "cleanup.policy=compact,delete both compacts the log and deletes segments past retention.ms",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"Apache Kafka documentation, topic config cleanup.policy", "KIP-71 (compact,delete)"},
            hint = "If this fails, look at how the target treats a topic with both policies: the cleaner must keep only"
                    + " the latest value of each key and retention must still delete segments older than retention.ms,"
                    + " moving the log start offset.")
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void compactAndDelete(CheckContext ctx) {
        Map<String, String> configs = new HashMap<>(CompactionChecks.compactedTopic("86400000"));
        configs.put("cleanup.policy", "compact,delete");
        configs.put("retention.ms", RetentionChecks.RETENTION_MS);
        String topic = ctx.createTopic("compact-delete", 1, configs);
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(Map.of());
        long old = System.currentTimeMillis() - 20 * 60_000L;
        List<ProducerRecord<String, String>> writes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            writes.add(new ProducerRecord<>(topic, 0, old + i, "expired-" + i, "expired-" + i));
        }
        // Two sends, so two batches: a batch is never split between segments.
        List<RecordMetadata> acks = new ArrayList<>(PartitionLog.produce(producer, writes));
        List<ProducerRecord<String, String>> live = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            live.add(new ProducerRecord<>(topic, 0, "live", "live-round-" + round));
        }
        acks.addAll(PartitionLog.produce(producer, live));
        writes.addAll(live);
        long firstLive = acks.get(5).offset();
        long regionEnd = acks.get(acks.size() - 1).offset() + 1;
        StoredRecord liveLatest = CompactionChecks.latestByKey(writes, acks).get("live");
        ctx.evidence("retention.ms=%s: 5 distinct keys stamped 20 min ago at %d..%d, then key 'live' written 4 times"
                + " at %d..%d", RetentionChecks.RETENTION_MS, acks.get(0).offset(), firstLive - 1, firstLive,
                regionEnd - 1);

        // Retention first, with nothing written meanwhile: the live records stay in the active segment, which no
        // cleaner touches. Once the live segment is rolled, Apache Kafka's cleaner may merge the expired segment
        // with it, and the merged segment is not past retention.ms: that is retention working on segments, not
        // failing.
        long start = System.nanoTime();
        long earliest = PartitionLog.awaitLogStart(ctx, partition, firstLive,
                Duration.ofSeconds(CompactionChecks.BOUND_SECONDS));
        ctx.evidence("after %.1f s the log start offset is %d", (System.nanoTime() - start) / 1e9, earliest);
        assertThat(earliest).as("log start offset within %d s: past the expired records (distinct keys, so"
                + " compaction keeps them), deleted by retention", CompactionChecks.BOUND_SECONDS)
                .isGreaterThanOrEqualTo(firstLive);

        List<StoredRecord> region = CompactionChecks.awaitCompaction(ctx, producer, ctx.consumer(Map.of()),
                partition, regionEnd, records -> {
                    CompactionChecks.assertLatestKept(Map.of("live", liveLatest), records);
                    return records.equals(List.of(liveLatest));
                });
        assertThat(region).as("records below %d after at most %d s: of key 'live' only the latest, by compaction;"
                + " the expired ones deleted", regionEnd, CompactionChecks.BOUND_SECONDS).containsExactly(liveLatest);
    }

    /** One whole read of the partition: the records below {@code regionEnd}, timestamps and headers left out. */
    private static List<StoredRecord> readRegion(Consumer<String, String> consumer, TopicPartition partition,
                                                 long regionEnd) {
        PartitionLog.Read read = PartitionLog.readAll(consumer, partition, TargetContext.DEFAULT_WAIT);
        assertThat(read.complete()).as("a read of the whole partition reached its end (%s)", read.summary())
                .isTrue();
        List<StoredRecord> region = new ArrayList<>();
        for (StoredRecord record : read.stored()) {
            if (record.offset() < regionEnd) {
                region.add(new StoredRecord(record.offset(), record.key(), record.value(), List.of(), 0, null));
            }
        }
        return region;
    }

    private static void inTransaction(Producer<String, String> producer, String topic, List<String> keyValues,
                                      boolean commit) {
        producer.beginTransaction();
        List<java.util.concurrent.Future<RecordMetadata>> sends = new ArrayList<>();
        for (String keyValue : keyValues) {
            String[] parts = keyValue.split("=", 2);
            sends.add(producer.send(new ProducerRecord<>(topic, 0, parts[0], parts[1])));
        }
        producer.flush();
        sends.forEach(PartitionLog::await);
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.abortTransaction();
        }
    }

    /** The first offset from {@code first} on that holds no survivor. */
    private static long firstGap(List<StoredRecord> survivors, long first) {
        Set<Long> kept = survivors.stream().map(StoredRecord::offset).collect(Collectors.toSet());
        long offset = first;
        while (kept.contains(offset)) {
            offset++;
        }
        return offset;
    }

    private static List<StoredRecord> written(List<ProducerRecord<String, String>> writes, List<RecordMetadata> acks) {
        List<StoredRecord> records = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            records.add(new StoredRecord(acks.get(i).offset(), writes.get(i).key(), writes.get(i).value(), List.of(),
                    0, null));
        }
        return records;
    }

    private static Map<Long, Long> timestamps(List<RecordMetadata> acks) {
        Map<Long, Long> byOffset = new HashMap<>();
        acks.forEach(a -> byOffset.put(a.offset(), a.timestamp()));
        return byOffset;
    }
}
