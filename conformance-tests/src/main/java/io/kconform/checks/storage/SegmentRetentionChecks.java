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
import java.util.function.LongPredicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Retention by size ({@code retention.bytes}) and the segment rolls retention depends on
 * ({@code segment.bytes}, {@code segment.ms}), observed through the log start offset.
 *
 * <p>Retention deletes whole segments, never part of one, and never the segment still being written
 * while it holds records that must stay. A log whose segments never roll is one large segment: its
 * old records cannot be deleted however old or however many they are. So whether a segment rolled is
 * visible from outside: after retention, the log start offset is the base offset of the first segment
 * kept. The checks write records of {@value #VALUE_BYTES} bytes (three per produce batch at
 * most, with {@code batch.size} 32 KiB), so that a number of records says a number of bytes.
 *
 * <p>Retention runs every {@code log.retention.check.interval.ms} in Apache Kafka (5 s in kconform's
 * embedded broker); the checks read that setting and choose the topic's cleanup policy and their
 * bounded wait from it as {@link RetentionPlan} explains (on a compact,delete topic the records have
 * distinct keys, so compaction removes nothing). {@code segment.bytes} is {@value #SEGMENT_BYTES}, the
 * smallest value Apache Kafka 4 accepts.
 */
class SegmentRetentionChecks {

    static final int VALUE_BYTES = 10_000;
    static final int SEGMENT_BYTES = 1_048_576;
    private static final long MINUTE = 60_000L;
    /** Three records of {@value #VALUE_BYTES} bytes per batch: fewer requests for the megabytes these checks write. */
    private static final Map<String, Object> BATCHING = Map.of(
            org.apache.kafka.clients.producer.ProducerConfig.BATCH_SIZE_CONFIG, 32_768,
            org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 5);

    /**
     * Size retention. SHOULD, as {@code storage.retention.time-based}: a system of record is harmed far
     * more by data deleted early than by data kept late, and an endpoint may bound disk by other means;
     * but a target that accepts {@code retention.bytes} is relied on to bound a partition's size by it.
     * The parts a reader relies on are asserted with it: no more is deleted than the setting allows,
     * what remains is intact at its offsets, and a read below the log start offset is refused with
     * OFFSET_OUT_OF_RANGE (the consumer's reset policy decides, never stale records).
     */
    @Check(id = "storage.retention.size-based",
            title = "retention.bytes deletes the oldest segments, the log start offset moves past them, the rest stays intact",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"Apache Kafka documentation, topic configs retention.bytes and segment.bytes",
                    "Kafka protocol: Fetch error OFFSET_OUT_OF_RANGE"},
            hint = "If this fails, look at size-based retention: does the retention task compare the partition's size"
                    + " with retention.bytes and delete whole segments, oldest first, while at least retention.bytes"
                    + " remain; does the log start offset (ListOffsets earliest) move with them; is a fetch below it"
                    + " answered OFFSET_OUT_OF_RANGE rather than with deleted records.")
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void sizeBased(CheckContext ctx) {
        RetentionPlan plan = RetentionPlan.forInterval(RetentionChecks.retentionCheckInterval(ctx));
        int retentionBytes = SEGMENT_BYTES;
        ctx.evidence("%s: cleanup.policy=%s, waiting at most %d s", plan.reason(), plan.cleanupPolicy(),
                plan.bound().toSeconds());
        String topic = ctx.createTopic("retention-bytes", 1, Map.of("cleanup.policy", plan.cleanupPolicy(),
                "retention.bytes", Integer.toString(retentionBytes), "segment.bytes", Integer.toString(SEGMENT_BYTES)));
        TopicPartition partition = new TopicPartition(topic, 0);
        int count = 260;
        Written written = produceLarge(ctx.producer(BATCHING), topic, "sized", count, null);
        List<RecordMetadata> acks = written.acks();
        long first = acks.get(0).offset();
        long end = acks.get(count - 1).offset() + 1;
        ctx.evidence("retention.bytes=%d, segment.bytes=%d: produced %d records of %d bytes (%.1f MB) at %d..%d",
                retentionBytes, SEGMENT_BYTES, count, VALUE_BYTES, count * (double) VALUE_BYTES / SEGMENT_BYTES, first,
                end - 1);

        // At least retention.bytes must remain; every record takes a little more than its value in the log.
        long fewestKept = retentionBytes / (VALUE_BYTES + 200);
        // Retention stops at the first segment whose deletion would leave less than retention.bytes: at most
        // one segment more than retention.bytes remains. A retention pass that ran while the records were
        // being written deletes only part of that, so the wait is for the whole.
        long mostKept = (retentionBytes + SEGMENT_BYTES) / VALUE_BYTES + 1;
        long logStart = awaitLogStart(ctx, partition, plan.bound(), start -> end - start <= mostKept);
        assertThat(logStart).as("log start offset within %d s: the oldest segments (of %d records, %d bytes each"
                + " with retention.bytes=%d) deleted", plan.bound().toSeconds(), count, VALUE_BYTES, retentionBytes)
                .isGreaterThan(first);
        assertThat(end - logStart).as("records kept from log start %d to end %d: at least retention.bytes=%d worth"
                + " (%d records), at most one segment more (%d records)", logStart, end, retentionBytes, fewestKept,
                mostKept).isBetween(fewestKept, mostKept);

        assertBelowLogStartRefused(ctx, partition, first, logStart);
        assertIntact(ctx, partition, written.byOffset(), logStart, end);
    }

    /**
     * Roll by size. SHOULD: retention and compaction work a segment at a time, so a target that never
     * rolls at {@code segment.bytes} keeps every record of a busy partition until the segment is full
     * at its own size; nothing is lost, but retention is not applied as configured. Observed with
     * {@code retention.bytes=1}, which deletes every segment but the one being written, the only one
     * size retention never deletes: what remains is one segment, at most {@code segment.bytes}. (Not
     * with time retention: Apache Kafka deletes even the segment being written once every record in the
     * log has expired, which a log of expired records only would show whether segments rolled or not.)
     */
    @Check(id = "storage.segment.roll-by-size",
            title = "Segments roll at segment.bytes: size retention leaves only the last segment, no larger than segment.bytes",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"Apache Kafka documentation, topic configs segment.bytes and retention.bytes"},
            hint = "If this fails, look at when the target rolls a partition's active segment: once it reaches"
                    + " segment.bytes the next batch must start a new segment, so that retention can delete the full"
                    + " ones. One segment holding every record cannot be deleted by retention.")
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void rollBySize(CheckContext ctx) {
        RetentionPlan plan = RetentionPlan.forInterval(RetentionChecks.retentionCheckInterval(ctx));
        ctx.evidence("%s: cleanup.policy=%s, waiting at most %d s", plan.reason(), plan.cleanupPolicy(),
                plan.bound().toSeconds());
        // segment.ms stays at its default (7 days): only size can roll these segments.
        String topic = ctx.createTopic("roll-size", 1, Map.of("cleanup.policy", plan.cleanupPolicy(),
                "retention.bytes", "1", "segment.bytes", Integer.toString(SEGMENT_BYTES)));
        TopicPartition partition = new TopicPartition(topic, 0);
        int count = 230;
        Written written = produceLarge(ctx.producer(BATCHING), topic, "rolled", count, null);
        long first = written.acks().get(0).offset();
        long end = written.acks().get(count - 1).offset() + 1;
        long perSegment = SEGMENT_BYTES / VALUE_BYTES + 1;
        ctx.evidence("retention.bytes=1, segment.bytes=%d: %d records of %d bytes at %d..%d (%.1f segments' worth)",
                SEGMENT_BYTES, count, VALUE_BYTES, first, end - 1, count * (double) VALUE_BYTES / SEGMENT_BYTES);

        long logStart = awaitLogStart(ctx, partition, plan.bound(), start -> end - start <= perSegment);
        assertThat(end - logStart).as("records left after %d s of size retention, from log start %d to end %d: one"
                + " segment, at most segment.bytes=%d (%d records); all of them means one segment holds them all",
                plan.bound().toSeconds(), logStart, end, SEGMENT_BYTES, perSegment).isBetween(1L, perSegment);
        assertIntact(ctx, partition, written.byOffset(), logStart, end);
    }

    /**
     * Roll by time. SHOULD, as roll by size: on a quiet partition, {@code segment.ms} is what lets
     * retention delete old records at all, and what an operator promising deletion after a time relies
     * on. Observed, as roll by size, with {@code retention.bytes=1}: the records of the first segment go
     * only if a later batch started a segment of its own.
     */
    @Check(id = "storage.segment.roll-by-time",
            title = "A segment rolls once its records span segment.ms: retention can then delete the older segment",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"Apache Kafka documentation, topic config segment.ms", "KIP-32 (segment roll by record timestamp)"},
            hint = "If this fails, look at time-based rolling: a batch whose timestamp is more than segment.ms after the"
                    + " first one in the active segment must start a new segment, even when the segment is small."
                    + " Without that roll the older records share a segment with the newer ones and are never deleted.")
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void rollByTime(CheckContext ctx) {
        RetentionPlan plan = RetentionPlan.forInterval(RetentionChecks.retentionCheckInterval(ctx));
        ctx.evidence("%s: cleanup.policy=%s, waiting at most %d s", plan.reason(), plan.cleanupPolicy(),
                plan.bound().toSeconds());
        String topic = ctx.createTopic("roll-time", 1, Map.of("cleanup.policy", plan.cleanupPolicy(),
                "retention.bytes", "1", "segment.ms", "60000"));
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(Map.of());
        long now = System.currentTimeMillis();
        // Stamped 2 minutes apart, twice segment.ms, and small, so only time can roll them apart.
        List<ProducerRecord<String, String>> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(new ProducerRecord<>(topic, 0, now - 2 * MINUTE + i, "older-" + i, "older-" + i));
        }
        // Two sends, so two batches: a batch is never split between segments.
        List<RecordMetadata> acks = new ArrayList<>(PartitionLog.produce(producer, writes));
        List<ProducerRecord<String, String>> newer = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            newer.add(new ProducerRecord<>(topic, 0, now + i, "newer-" + i, "newer-" + i));
        }
        acks.addAll(PartitionLog.produce(producer, newer));
        writes.addAll(newer);
        long firstNewer = acks.get(10).offset();
        long end = acks.get(acks.size() - 1).offset() + 1;
        ctx.evidence("retention.bytes=1, segment.ms=60000: 10 records stamped 2 min ago at %d..%d, 5 stamped now"
                + " at %d..%d", acks.get(0).offset(), firstNewer - 1, firstNewer, end - 1);

        long logStart = awaitLogStart(ctx, partition, plan.bound(), start -> start >= firstNewer);
        assertThat(logStart).as("log start offset within %d s: the segment of the older records, rolled because"
                + " the next ones are 2 min later, deleted by size retention; the segment being written kept",
                plan.bound().toSeconds()).isEqualTo(firstNewer);
        assertIntact(ctx, partition, new Written(writes, acks).byOffset(), logStart, end);
    }

    /** Produces {@code count} records of {@value #VALUE_BYTES} bytes with distinct keys, optionally stamped. */
    private static Written produceLarge(Producer<String, String> producer, String topic, String prefix, int count,
                                        Long timestamp) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String head = prefix + "-" + i + "-";
            String value = head + "x".repeat(VALUE_BYTES - head.length());
            records.add(new ProducerRecord<>(topic, 0, timestamp == null ? null : timestamp + i, prefix + "-key-" + i,
                    value));
        }
        return new Written(records, PartitionLog.produce(producer, records));
    }

    /** Records as written and acknowledged, in the same order. */
    record Written(List<ProducerRecord<String, String>> records, List<RecordMetadata> acks) {

        /** What the log must hold at each acknowledged offset: the value and the acknowledged timestamp. */
        Map<Long, StoredRecord> byOffset() {
            Map<Long, StoredRecord> byOffset = new HashMap<>();
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata ack = acks.get(i);
                byOffset.put(ack.offset(), new StoredRecord(ack.offset(), records.get(i).key(), records.get(i).value(),
                        List.of(), ack.timestamp(), null));
            }
            return byOffset;
        }
    }

    /** Polls ListOffsets earliest every second until {@code done} holds or {@code bound} passes; the last answer. */
    static long awaitLogStart(CheckContext ctx, TopicPartition partition, Duration bound, LongPredicate done) {
        long begin = System.nanoTime();
        long deadline = begin + bound.toNanos();
        long earliest = PartitionLog.listOffsets(ctx, partition, OffsetSpec.earliest()).offset();
        while (!done.test(earliest) && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofSeconds(1));
            earliest = PartitionLog.listOffsets(ctx, partition, OffsetSpec.earliest()).offset();
        }
        ctx.evidence("after %.1f s the log start offset is %d", (System.nanoTime() - begin) / 1e9, earliest);
        return earliest;
    }

    /**
     * A consumer without a reset policy that asks for {@code below}, under the log start offset, must be
     * told the offset is out of range; records returned from there are records retention deleted.
     */
    private static void assertBelowLogStartRefused(CheckContext ctx, TopicPartition partition, long below,
                                                   long logStart) {
        Consumer<String, String> consumer = ctx.consumer(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"));
        consumer.assign(List.of(partition));
        consumer.seek(partition, below);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        OffsetOutOfRangeException refusal = null;
        List<Long> returned = new ArrayList<>();
        while (refusal == null && returned.isEmpty() && System.nanoTime() < deadline) {
            try {
                consumer.poll(Duration.ofMillis(200)).records(partition).forEach(r -> returned.add(r.offset()));
            } catch (OffsetOutOfRangeException e) {
                refusal = e;
            }
        }
        ctx.evidence("a consumer with auto.offset.reset=none fetching offset %d (below log start %d): %s", below,
                logStart, refusal != null ? "OFFSET_OUT_OF_RANGE (" + refusal.offsetOutOfRangePartitions() + ")"
                        : returned.isEmpty() ? "nothing within 10 s" : "records at " + returned.get(0) + ".."
                        + returned.get(returned.size() - 1));
        assertThat(returned).as("records returned for a fetch at offset %d, below the log start offset %d", below,
                logStart).isEmpty();
        assertThat(refusal).as("OFFSET_OUT_OF_RANGE for a fetch at offset %d, below the log start offset %d", below,
                logStart).isNotNull();
    }

    /** Reads the partition from its log start: exactly the acknowledged records from {@code logStart} to {@code end}. */
    private static void assertIntact(CheckContext ctx, TopicPartition partition, Map<Long, StoredRecord> written,
                                     long logStart, long end) {
        PartitionLog.Read read = PartitionLog.readAll(ctx.consumer(Map.of()), partition, TargetContext.DEFAULT_WAIT);
        ctx.evidence("a consumer from the beginning read %s", read.summary());
        List<StoredRecord> expected = new ArrayList<>();
        for (long offset = logStart; offset < end; offset++) {
            expected.add(written.get(offset));
        }
        // Values of 10 kB would make a message unreadable: compare them, and show only a prefix on a difference.
        List<StoredRecord> actual = read.stored().stream().map(StoredRecord::ignoringTimestampType).toList();
        assertThat(Sequences.firstDifference(abbreviated(expected), abbreviated(actual))
                .or(() -> Sequences.firstDifference(expected, actual).map(d -> "a value differs after its first 40"
                        + " characters")))
                .as("records read from the log start %d up to %d, compared with what was acknowledged there",
                        logStart, end).isEmpty();
    }

    private static List<StoredRecord> abbreviated(List<StoredRecord> records) {
        return records.stream().map(r -> new StoredRecord(r.offset(), r.key(), r.value() == null || r.value().length()
                < 40 ? r.value() : r.value().substring(0, 40) + "...", r.headers(), r.timestamp(), null)).toList();
    }
}
