package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.NotApplicableException;
import io.kconform.api.outcome.UnsupportedFeatureException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Errors of Produce (and of Fetch for what does not exist), with their exact codes. Clients decide
 * from the code alone whether to retry, refresh metadata or give up: a corrupt batch stored, a
 * retriable code where Apache Kafka gives a fatal one, or a generic UNKNOWN_SERVER_ERROR instead of
 * the specific code all change what applications do. Every refusal is paired with a request the
 * target must accept, so that a target refusing everything cannot pass.
 */
class ProduceErrorChecks {

    private static final int MISSING_PARTITION = 7;
    /** Where the CRC-32C of a v2 batch starts: base offset, length, leader epoch, magic and the CRC come first. */
    private static final int CRC_START = 21;
    private static final Duration TIMESTAMP_LIMIT = Duration.ofHours(1);
    private static final Duration TIMESTAMP_SKEW = Duration.ofDays(2);

    @Check(id = "protocol.errors.unknown-topic-or-partition",
            title = "Produce and Fetch for a topic or partition that does not exist are answered"
                    + " UNKNOWN_TOPIC_OR_PARTITION (by name) or UNKNOWN_TOPIC_ID (by id, Produce v13+, Fetch v13+)",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"Kafka protocol guide: error codes 3 UNKNOWN_TOPIC_OR_PARTITION, 100 UNKNOWN_TOPIC_ID",
                    "KIP-516 (topic ids)", "KIP-1143 (Produce v13 by topic id)"},
            hint = "A Produce or Fetch naming a topic that does not exist, or a partition beyond the topic's count,"
                    + " must be answered UNKNOWN_TOPIC_OR_PARTITION for that partition (UNKNOWN_TOPIC_ID when the"
                    + " request names the topic by an unknown id), never NONE, a leader error or a generic error:"
                    + " clients refresh metadata and fail the send on exactly these codes.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void unknownTopicOrPartition(CheckContext ctx) {
        String topic = ctx.createTopic("known", 1, Map.of());
        String unknown = ctx.name("never-created");
        short produceNewest = ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE);
        short produceByName = (short) Math.min(produceNewest, 12);
        short fetchNewest = ctx.target().facts().newestCommonVersion(ApiKeys.FETCH);
        try (RawPartition raw = RawPartition.leaderOf(ctx, topic)) {
            PartitionProduceResponse toUnknownTopic = raw.produce(unknown, Uuid.ZERO_UUID, 0, oneRecord(),
                    produceByName);
            ctx.evidence("Produce v%d to unknown topic %s partition 0: %s", produceByName, unknown,
                    RawPartition.describe(toUnknownTopic));
            PartitionProduceResponse toMissingPartition = raw.produce(MISSING_PARTITION, oneRecord(), produceNewest);
            ctx.evidence("Produce v%d to partition %d of the 1-partition topic %s: %s", produceNewest,
                    MISSING_PARTITION, topic, RawPartition.describe(toMissingPartition));
            FetchResponseData.PartitionData fetchMissing = raw.fetch(MISSING_PARTITION, 0, fetchNewest);
            ctx.evidence("Fetch v%d of partition %d of %s: %s", fetchNewest, MISSING_PARTITION, topic,
                    Errors.forCode(fetchMissing.errorCode()));

            assertThat(Errors.forCode(toUnknownTopic.errorCode()))
                    .as("error of Produce v%d to the unknown topic %s", produceByName, unknown)
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(Errors.forCode(toMissingPartition.errorCode()))
                    .as("error of Produce v%d to partition %d, which %s does not have", produceNewest,
                            MISSING_PARTITION, topic)
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            assertThat(Errors.forCode(fetchMissing.errorCode()))
                    .as("error of Fetch v%d of partition %d, which %s does not have", fetchNewest, MISSING_PARTITION,
                            topic)
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);

            Uuid randomId = Uuid.randomUuid();
            if (produceNewest >= 13) {
                PartitionProduceResponse byUnknownId = raw.produce("", randomId, 0, oneRecord(), produceNewest);
                ctx.evidence("Produce v%d to unknown topic id %s: %s", produceNewest, randomId,
                        RawPartition.describe(byUnknownId));
                assertThat(Errors.forCode(byUnknownId.errorCode()))
                        .as("error of Produce v%d to the unknown topic id %s", produceNewest, randomId)
                        .isEqualTo(Errors.UNKNOWN_TOPIC_ID);
            }
            if (fetchNewest >= 13) {
                FetchResponseData.PartitionData byUnknownId = raw.fetch(unknown, randomId, 0, 0, fetchNewest);
                ctx.evidence("Fetch v%d of unknown topic id %s: %s", fetchNewest, randomId,
                        Errors.forCode(byUnknownId.errorCode()));
                assertThat(Errors.forCode(byUnknownId.errorCode()))
                        .as("error of Fetch v%d of the unknown topic id %s", fetchNewest, randomId)
                        .isEqualTo(Errors.UNKNOWN_TOPIC_ID);
            }
        }
    }

    @Check(id = "protocol.errors.corrupt-crc-refused",
            title = "A record batch whose CRC does not match its bytes is refused with CORRUPT_MESSAGE and not"
                    + " stored; the same batch intact is accepted",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"Kafka protocol guide: record batch (CRC-32C over attributes to the end), error code 2"
                    + " CORRUPT_MESSAGE", "KIP-98 (message format v2)"},
            hint = "The broker must verify the CRC-32C of every produced batch (magic v2: from the attributes field"
                    + " to the end of the batch) and answer a mismatch with CORRUPT_MESSAGE, storing nothing;"
                    + " storing it hands corrupt data to every consumer, which then fails on the CRC itself.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    void corruptCrcRefused(CheckContext ctx) {
        String topic = ctx.createTopic("crc", 1, Map.of());
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE);
        MemoryRecords intact = MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(RawPartition.utf8("key-0"), RawPartition.utf8("value-0")),
                new SimpleRecord(RawPartition.utf8("key-1"), RawPartition.utf8("value-1")));
        ByteBuffer bytes = ByteBuffer.allocate(intact.sizeInBytes());
        bytes.put(intact.buffer().duplicate()).flip();
        // the last byte is the last value's; the CRC covers it, the framing does not depend on it
        int last = bytes.limit() - 1;
        bytes.put(last, (byte) (bytes.get(last) ^ 0x20));
        MemoryRecords corrupt = MemoryRecords.readableRecords(bytes);
        MutableRecordBatch corruptBatch = corrupt.batches().iterator().next();
        ctx.evidence("batch of 2 records, %d bytes, one bit of the last value flipped: stored CRC %08x, CRC of the"
                        + " bytes %08x (valid: %s)", bytes.limit(), corruptBatch.checksum(),
                crc32c(bytes), corruptBatch.isValid());
        assertThat(corruptBatch.isValid()).as("the corrupted batch fails its own CRC (a harness self-test)").isFalse();

        try (RawPartition raw = RawPartition.leaderOf(ctx, topic)) {
            PartitionProduceResponse refused = raw.produce(0, corrupt, version);
            ctx.evidence("Produce v%d of the corrupted batch: %s", version, RawPartition.describe(refused));
            PartitionProduceResponse accepted = raw.produce(0, intact, version);
            ctx.evidence("Produce v%d of the same batch intact: %s", version, RawPartition.describe(accepted));

            assertThat(Errors.forCode(refused.errorCode())).as("error of Produce v%d of a batch with a wrong CRC",
                    version).isEqualTo(Errors.CORRUPT_MESSAGE);
            assertThat(Errors.forCode(accepted.errorCode())).as("error of Produce v%d of the intact batch", version)
                    .isEqualTo(Errors.NONE);
            assertThat(accepted.baseOffset()).as("base offset of the intact batch: the corrupt one must take none")
                    .isZero();
        }
    }

    @Check(id = "protocol.errors.zstd-before-produce-v7-refused",
            title = "A zstd batch on Produce v3-v6, which predate zstd, is refused with UNSUPPORTED_COMPRESSION_TYPE",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-110 (zstd, Produce v7)", "Kafka protocol guide: error code 76 UNSUPPORTED_COMPRESSION_TYPE"},
            hint = "KIP-110 ties zstd to Produce v7 and later, so that a client too old to know zstd's limits never"
                    + " stores a batch its own consumers cannot read: a zstd batch on Produce v3-v6 must be answered"
                    + " UNSUPPORTED_COMPRESSION_TYPE for that partition, not stored and not refused with another"
                    + " code.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    void zstdBeforeProduceV7Refused(CheckContext ctx) {
        short oldest = ctx.target().facts().range(ApiKeys.PRODUCE).orElseThrow().min();
        if (oldest > 6) {
            throw new NotApplicableException("the target offers Produce v" + oldest + " and later only, so no request"
                    + " can carry zstd on a version that predates it");
        }
        short version = (short) Math.min(6, ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE));
        version = (short) Math.max(version, Math.max(3, oldest));
        String topic = ctx.createTopic("zstd-old", 1, Map.of());
        MemoryRecords zstd = MemoryRecords.withRecords(Compression.zstd().build(),
                new SimpleRecord(RawPartition.utf8("key"), RawPartition.utf8("zstd before v7")));
        ctx.evidence("batch compressed with %s, %d bytes", zstd.batches().iterator().next().compressionType().name,
                zstd.sizeInBytes());
        try (RawPartition raw = RawPartition.leaderOf(ctx, topic)) {
            PartitionProduceResponse answer = raw.produce(0, zstd, version);
            ctx.evidence("Produce v%d of the zstd batch: %s", version, RawPartition.describe(answer));
            assertThat(Errors.forCode(answer.errorCode())).as("error of Produce v%d carrying a zstd batch", version)
                    .isEqualTo(Errors.UNSUPPORTED_COMPRESSION_TYPE);
            MemoryRecords plain = MemoryRecords.withRecords(Compression.NONE,
                    new SimpleRecord(RawPartition.utf8("key"), RawPartition.utf8("uncompressed")));
            PartitionProduceResponse accepted = raw.produce(0, plain, version);
            ctx.evidence("Produce v%d of an uncompressed batch: %s", version, RawPartition.describe(accepted));
            assertThat(Errors.forCode(accepted.errorCode())).as("error of Produce v%d of an uncompressed batch",
                    version).isEqualTo(Errors.NONE);
            assertThat(accepted.baseOffset()).as("base offset of the uncompressed batch: the zstd one must take none")
                    .isZero();
        }
    }

    @Check(id = "protocol.errors.invalid-timestamp-refused",
            title = "Records older or newer than the topic's timestamp bounds allow are refused with INVALID_TIMESTAMP;"
                    + " a current one is accepted",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"KIP-937 (message.timestamp.before.max.ms, message.timestamp.after.max.ms)",
                    "KIP-32 (message.timestamp.difference.max.ms, before Apache Kafka 3.6)",
                    "Kafka protocol guide: error code 32 INVALID_TIMESTAMP"},
            hint = "With CreateTime topics, the broker compares each record's timestamp with its own clock: older"
                    + " than before.max.ms or newer than after.max.ms (before Apache Kafka 3.6: further than"
                    + " difference.max.ms either way) must be refused with INVALID_TIMESTAMP for the partition and"
                    + " nothing stored, so that time-based retention and lookups are not poisoned.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    void invalidTimestampRefused(CheckContext ctx) {
        String topic = timestampBoundedTopic(ctx, String.valueOf(TIMESTAMP_LIMIT.toMillis()));
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE);
        long now = System.currentTimeMillis();
        try (RawPartition raw = RawPartition.leaderOf(ctx, topic)) {
            PartitionProduceResponse old = raw.produce(0, at(now - TIMESTAMP_SKEW.toMillis()), version);
            ctx.evidence("Produce v%d of a record timestamped %s ago: %s", version, TIMESTAMP_SKEW,
                    RawPartition.describe(old));
            PartitionProduceResponse future = raw.produce(0, at(now + TIMESTAMP_SKEW.toMillis()), version);
            ctx.evidence("Produce v%d of a record timestamped %s ahead: %s", version, TIMESTAMP_SKEW,
                    RawPartition.describe(future));
            PartitionProduceResponse current = raw.produce(0, at(System.currentTimeMillis()), version);
            ctx.evidence("Produce v%d of a record timestamped now: %s", version, RawPartition.describe(current));

            assertThat(Errors.forCode(old.errorCode())).as("error of Produce v%d for a record %s older than the"
                    + " broker's clock, beyond the topic's bound of %s", version, TIMESTAMP_SKEW, TIMESTAMP_LIMIT)
                    .isEqualTo(Errors.INVALID_TIMESTAMP);
            assertThat(Errors.forCode(future.errorCode())).as("error of Produce v%d for a record %s ahead of the"
                    + " broker's clock, beyond the topic's bound of %s", version, TIMESTAMP_SKEW, TIMESTAMP_LIMIT)
                    .isEqualTo(Errors.INVALID_TIMESTAMP);
            assertThat(Errors.forCode(current.errorCode())).as("error of Produce v%d for a record timestamped now",
                    version).isEqualTo(Errors.NONE);
            assertThat(current.baseOffset()).as("offset of the current record: the refused ones must take none")
                    .isZero();
        }
    }

    @Check(id = "protocol.errors.null-key-on-compacted-topic-refused",
            title = "A record without a key on a compacted topic is refused with INVALID_RECORD; a keyed record is"
                    + " accepted",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"Topic config cleanup.policy=compact", "KIP-467 (record errors in Produce responses)",
                    "Kafka protocol guide: error code 87 INVALID_RECORD"},
            hint = "Compaction keeps the latest record per key, so a record without a key has no place in a"
                    + " compacted log: Apache Kafka refuses it with INVALID_RECORD (\"Compacted topic cannot accept"
                    + " message without key\") and stores nothing.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    void nullKeyOnCompactedTopicRefused(CheckContext ctx) {
        String topic = ctx.createTopic("compacted", 1, Map.of("cleanup.policy", "compact"));
        ctx.evidence("topic %s: cleanup.policy=compact", topic);
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE);
        try (RawPartition raw = RawPartition.leaderOf(ctx, topic)) {
            PartitionProduceResponse keyless = raw.produce(0, MemoryRecords.withRecords(Compression.NONE,
                    new SimpleRecord(null, RawPartition.utf8("no key"))), version);
            ctx.evidence("Produce v%d of a record with a null key: %s", version, RawPartition.describe(keyless));
            PartitionProduceResponse keyed = raw.produce(0, MemoryRecords.withRecords(Compression.NONE,
                    new SimpleRecord(RawPartition.utf8("key"), RawPartition.utf8("keyed"))), version);
            ctx.evidence("Produce v%d of a keyed record: %s", version, RawPartition.describe(keyed));

            assertThat(Errors.forCode(keyless.errorCode())).as("error of Produce v%d for a keyless record on a"
                    + " compacted topic", version).isEqualTo(Errors.INVALID_RECORD);
            assertThat(Errors.forCode(keyed.errorCode())).as("error of Produce v%d for a keyed record", version)
                    .isEqualTo(Errors.NONE);
            assertThat(keyed.baseOffset()).as("offset of the keyed record: the keyless one must take none").isZero();
        }
    }

    /**
     * A CreateTime topic whose timestamps may stray at most {@code limit} ms from the broker's clock. The bound is
     * what the check is about, not how it is spelt: the two settings of KIP-937 (Apache Kafka 3.6 and later, the
     * only form 4.0 and later know), or, where the target refuses them as unknown, the one symmetric setting every
     * release before 3.6 has.
     */
    private static String timestampBoundedTopic(CheckContext ctx, String limit) {
        try {
            String topic = ctx.createTopic("timestamps", 1, Map.of("message.timestamp.type", "CreateTime",
                    "message.timestamp.before.max.ms", limit, "message.timestamp.after.max.ms", limit));
            ctx.evidence("topic %s: message.timestamp.before.max.ms = after.max.ms = %s", topic, limit);
            return topic;
        } catch (UnsupportedFeatureException kip937Refused) {
            ctx.evidence("the KIP-937 settings were refused (%s); bounding the topic as before Apache Kafka 3.6",
                    kip937Refused.getMessage());
            String topic = ctx.createTopic("timestamps-difference", 1, Map.of("message.timestamp.type", "CreateTime",
                    "message.timestamp.difference.max.ms", limit));
            ctx.evidence("topic %s: message.timestamp.difference.max.ms = %s", topic, limit);
            return topic;
        }
    }

    private static long crc32c(ByteBuffer batch) {
        CRC32C crc = new CRC32C();
        crc.update(batch.duplicate().position(CRC_START));
        return crc.getValue();
    }

    private static MemoryRecords oneRecord() {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(RawPartition.utf8("v")));
    }

    private static MemoryRecords at(long timestamp) {
        return MemoryRecords.withRecords(Compression.NONE,
                new SimpleRecord(timestamp, RawPartition.utf8("key"), RawPartition.utf8("at " + timestamp)));
    }
}
