package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.TimestampType;

/**
 * Record timestamps (KIP-32) and looking records up by time (KIP-33, KIP-79, KIP-734). Replaying "from
 * yesterday 14:00", the time-based retention of the log, Kafka Streams' event-time windows and
 * Connect's timestamp routing all use the timestamp the producer set (CreateTime), so it must be kept
 * as sent, and ListOffsets by timestamp must find the right offset.
 *
 * <p>The checks use timestamps between 10 and 50 minutes in the past: Apache Kafka accepts them with
 * its default {@code log.message.timestamp.before.max.ms} (unbounded) and
 * {@code log.message.timestamp.after.max.ms} (KIP-937), and they are far enough from the broker's clock
 * that a target overwriting them with its own time is seen at once.
 */
class TimestampChecks {

    private static final long MINUTE = 60_000L;

    @Check(id = "storage.timestamp.create-time-preserved",
            title = "Records produced with explicit past timestamps come back with those timestamps, as CreateTime",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"KIP-32", "KIP-937 (timestamp acceptance window)"},
            hint = "If this fails, look at the topic's effective message.timestamp.type (CreateTime by default) and"
                    + " whether the target rewrites record timestamps or the batch's timestamp type on append or"
                    + " on fetch. Timestamps out of order must be kept as sent, too.")
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void createTimePreserved(CheckContext ctx) {
        String topic = ctx.createTopic("create-time", 1, Map.of());
        long base = pastBase();
        // Deliberately out of order: CreateTime is the producer's, not a sequence the log enforces.
        int[] minutes = {0, 5, 1, 9, 2, 3, 11, 4, 6, 10, 7, 8};
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < minutes.length; i++) {
            records.add(new ProducerRecord<>(topic, 0, base + minutes[i] * MINUTE, "key-" + i, "value-" + i));
        }
        List<RecordMetadata> acks = PartitionLog.produce(ctx.producer(Map.of()), records);
        ctx.evidence("produced %d records with CreateTime timestamps %d..%d (10 to 50 min ago), out of order",
                records.size(), base, base + 11 * MINUTE);
        for (int i = 0; i < acks.size(); i++) {
            assertThat(acks.get(i).timestamp()).as("acknowledged timestamp of record %d (offset %d)", i,
                    acks.get(i).offset()).isEqualTo(records.get(i).timestamp());
        }

        PartitionLog.Read read = PartitionLog.readAll(ctx.consumer(Map.of()),
                new TopicPartition(topic, 0), TargetContext.DEFAULT_WAIT);
        ctx.evidence("read back %s; first: %s", read.summary(), read.records().isEmpty() ? "-"
                : StoredRecord.of(read.records().get(0)));
        assertThat(read.records()).as("records read back").hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, String> got = read.records().get(i);
            assertThat(got.value()).as("record #%d read back", i).isEqualTo(records.get(i).value());
            assertThat(got.timestampType()).as("timestamp type of %s", StoredRecord.of(got))
                    .isEqualTo(TimestampType.CREATE_TIME);
            assertThat(got.timestamp()).as("timestamp of %s, produced with %d", StoredRecord.of(got),
                    records.get(i).timestamp()).isEqualTo(records.get(i).timestamp());
        }
    }

    @Check(id = "storage.timestamp.offset-for-time",
            title = "ListOffsets by timestamp returns the earliest offset whose timestamp is at or after the one asked",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"KIP-33 (time index)", "KIP-79 (ListOffsets v1 by timestamp)"},
            hint = "If this fails, look at the time index: the lookup must answer the first offset with timestamp >= T"
                    + " across batches and segments, the first record for a T before every record, and no offset"
                    + " (-1, or null from offsetsForTimes) for a T after every record. A target that stamps records"
                    + " with its own clock (LogAppendTime) answers offset 0 for every past T.")
    @RequiresApi(value = ApiKeys.LIST_OFFSETS, minVersion = 1)
    void offsetForTime(CheckContext ctx) {
        String topic = ctx.createTopic("offset-for-time", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        long base = pastBase();
        List<StoredRecord> log = produceInBatches(ctx, topic, base, new long[][] {
                {0, 10_000, 20_000}, {30_000, 40_000, 50_000}, {60_000, 70_000, 80_000, 90_000}});
        ctx.evidence("produced %d records in 3 batches, timestamps %d..%d, 10 s apart", log.size(),
                log.get(0).timestamp(), log.get(log.size() - 1).timestamp());

        StoredRecord last = log.get(log.size() - 1);
        long[] queries = {base - MINUTE, base, log.get(4).timestamp(), log.get(4).timestamp() + 1,
                          last.timestamp(), last.timestamp() + 1};
        Consumer<String, String> consumer = ctx.consumer(Map.of());
        for (long t : queries) {
            Optional<StoredRecord> expected = TimeIndex.earliestAtOrAfter(log, t);
            ListOffsetsResultInfo admin = PartitionLog.listOffsets(ctx, partition, OffsetSpec.forTimestamp(t));
            OffsetAndTimestamp client = consumer.offsetsForTimes(Map.of(partition, t), TargetContext.DEFAULT_WAIT)
                    .get(partition);
            ctx.evidence("T=%d (base%+d ms): expected %s; Admin.listOffsets: offset %d timestamp %d;"
                            + " consumer.offsetsForTimes: %s", t, t - base,
                    expected.map(r -> "offset " + r.offset() + " timestamp " + r.timestamp()).orElse("none"),
                    admin.offset(), admin.timestamp(), client);
            if (expected.isPresent()) {
                assertThat(admin.offset()).as("Admin.listOffsets offset for T=base%+d ms", t - base)
                        .isEqualTo(expected.get().offset());
                assertThat(admin.timestamp()).as("Admin.listOffsets timestamp for T=base%+d ms", t - base)
                        .isEqualTo(expected.get().timestamp());
                assertThat(client).as("consumer.offsetsForTimes for T=base%+d ms", t - base).isNotNull();
                assertThat(client.offset()).as("consumer.offsetsForTimes offset for T=base%+d ms", t - base)
                        .isEqualTo(expected.get().offset());
            } else {
                assertThat(admin.offset()).as("Admin.listOffsets offset for T=base%+d ms, after every record", t - base)
                        .isEqualTo(-1L);
                assertThat(client).as("consumer.offsetsForTimes for T=base%+d ms, after every record", t - base)
                        .isNull();
            }
        }
    }

    @Check(id = "storage.timestamp.max-timestamp",
            title = "ListOffsets with OffsetSpec.maxTimestamp returns the offset and timestamp of the newest record",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"KIP-734 (ListOffsets v7, MAX_TIMESTAMP)"},
            hint = "If this fails, look at how the target answers ListOffsets timestamp -3 (MAX_TIMESTAMP): the offset"
                    + " of the record with the largest timestamp, which need not be the last record, and that"
                    + " timestamp; with several records at the largest timestamp, the earliest of them.")
    @RequiresApi(value = ApiKeys.LIST_OFFSETS, minVersion = 7)
    void maxTimestamp(CheckContext ctx) {
        String topic = ctx.createTopic("max-timestamp", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        long base = pastBase();
        // The newest record is in the first of three batches: neither the last record nor the last batch.
        List<StoredRecord> log = produceInBatches(ctx, topic, base, new long[][] {
                {0, 10_000, 90_000, 20_000}, {30_000, 40_000}, {50_000, 5_000}});
        StoredRecord expected = TimeIndex.maxTimestamp(log).orElseThrow();
        ListOffsetsResultInfo answer = PartitionLog.listOffsets(ctx, partition, OffsetSpec.maxTimestamp());
        ctx.evidence("produced %d records in 3 batches; newest: %s; Admin.listOffsets(maxTimestamp): offset %d"
                + " timestamp %d", log.size(), expected, answer.offset(), answer.timestamp());
        assertThat(answer.offset()).as("offset of the record with the largest timestamp").isEqualTo(expected.offset());
        assertThat(answer.timestamp()).as("largest timestamp").isEqualTo(expected.timestamp());
    }

    @Check(id = "storage.timestamp.log-append-time",
            title = "On a topic with message.timestamp.type=LogAppendTime the broker stamps records with its own time",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"KIP-32 (message.timestamp.type)"},
            hint = "If this fails, look at whether the topic config message.timestamp.type=LogAppendTime is applied:"
                    + " the batch must be stamped with the broker's time on append, its timestamp type set to"
                    + " LogAppendTime, and the produce response must carry that time (log_append_time_ms).")
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void logAppendTime(CheckContext ctx) {
        String topic = ctx.createTopic("log-append-time", 1, Map.of("message.timestamp.type", "LogAppendTime"));
        long sentTimestamp = pastBase();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(new ProducerRecord<>(topic, 0, sentTimestamp + i, "key-" + i, "value-" + i));
        }
        long before = System.currentTimeMillis();
        List<RecordMetadata> acks = PartitionLog.produce(ctx.producer(Map.of()), records);
        long after = System.currentTimeMillis();
        ctx.evidence("produced %d records with CreateTime %d (about 50 min ago) between local times %d and %d;"
                + " acknowledged timestamps %s", records.size(), sentTimestamp, before, after, timestamps(acks));
        // The broker's clock may differ from ours: a few minutes of skew are tolerated, not 50.
        long skew = 5 * MINUTE;
        for (RecordMetadata ack : acks) {
            assertThat(ack.timestamp()).as("acknowledged timestamp of offset %d: the broker's time, not the sent"
                    + " CreateTime", ack.offset()).isBetween(before - skew, after + skew);
        }
        PartitionLog.Read read = PartitionLog.readAll(ctx.consumer(Map.of()),
                new TopicPartition(topic, 0), TargetContext.DEFAULT_WAIT);
        ctx.evidence("read back %s; first: %s", read.summary(), read.records().isEmpty() ? "-"
                : StoredRecord.of(read.records().get(0)));
        assertThat(read.records()).as("records read back").hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, String> got = read.records().get(i);
            assertThat(got.timestampType()).as("timestamp type of %s", StoredRecord.of(got))
                    .isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(got.timestamp()).as("timestamp of %s, compared with its acknowledgement", StoredRecord.of(got))
                    .isEqualTo(acks.get(i).timestamp());
        }
    }

    /** About 50 minutes ago, on a whole second: inside Apache Kafka's default acceptance window. */
    private static long pastBase() {
        long now = System.currentTimeMillis();
        return (now - 50 * MINUTE) / 1000 * 1000;
    }

    /**
     * Produces one batch per row (flushing in between), with timestamps {@code base + offset}; returns
     * the log as acknowledged.
     */
    private static List<StoredRecord> produceInBatches(CheckContext ctx, String topic, long base, long[][] batches) {
        Producer<String, String> producer = ctx.producer(Map.of());
        List<StoredRecord> log = new ArrayList<>();
        for (long[] batch : batches) {
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (long delta : batch) {
                records.add(new ProducerRecord<>(topic, 0, base + delta, "key-" + (log.size() + records.size()),
                        "value-" + (log.size() + records.size())));
            }
            List<RecordMetadata> acks = PartitionLog.produce(producer, records);
            for (int i = 0; i < records.size(); i++) {
                log.add(new StoredRecord(acks.get(i).offset(), records.get(i).key(), records.get(i).value(), List.of(),
                        records.get(i).timestamp(), TimestampType.CREATE_TIME));
            }
        }
        return log;
    }

    private static List<Long> timestamps(List<RecordMetadata> acks) {
        List<Long> timestamps = new ArrayList<>();
        acks.forEach(a -> timestamps.add(a.timestamp()));
        return timestamps;
    }
}
