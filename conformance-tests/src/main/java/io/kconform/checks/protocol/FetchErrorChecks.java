package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Fetch at the edges of the log, as raw requests so that the error code and the batches themselves
 * are seen: an offset past the end must be answered OFFSET_OUT_OF_RANGE (the consumer's
 * {@code auto.offset.reset} depends on it), and an offset inside a batch returns that batch whole, as
 * it was stored, leaving the consumer to skip the records before the offset it asked for.
 */
class FetchErrorChecks {

    private static final int RECORDS = 5;
    private static final long PAST_END = 100;
    private static final long MID_BATCH = 2;

    @Check(id = "protocol.errors.fetch-offset-out-of-range",
            title = "Fetch from an offset past the log end is answered OFFSET_OUT_OF_RANGE; from the log end it is"
                    + " answered NONE with no records",
            battery = Battery.PROTOCOL, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka protocol guide: Fetch, error code 1 OFFSET_OUT_OF_RANGE", "Consumer config"
                    + " auto.offset.reset"},
            hint = "A Fetch at an offset above the high watermark (or below the log start) must be answered"
                    + " OFFSET_OUT_OF_RANGE for that partition: that is what makes the consumer apply"
                    + " auto.offset.reset. Answering NONE with no records leaves it polling at a position that never"
                    + " fills; at the log end itself NONE and no records is right.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void fetchOffsetOutOfRange(CheckContext ctx) {
        String topic = ctx.createTopic("out-of-range", 1, Map.of());
        short produceVersion = ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE);
        short fetchVersion = ctx.target().facts().newestCommonVersion(ApiKeys.FETCH);
        try (RawPartition raw = RawPartition.leaderOf(ctx, topic)) {
            PartitionProduceResponse produced = raw.produce(0, batch(), produceVersion);
            ctx.evidence("Produce v%d of %d records: %s", produceVersion, RECORDS, RawPartition.describe(produced));
            assertThat(Errors.forCode(produced.errorCode())).as("error of Produce v%d", produceVersion)
                    .isEqualTo(Errors.NONE);
            long end = produced.baseOffset() + RECORDS;

            FetchResponseData.PartitionData atEnd = raw.fetch(0, end, fetchVersion);
            ctx.evidence("Fetch v%d at the log end offset %d: %s, high watermark %d, %d bytes of records",
                    fetchVersion, end, Errors.forCode(atEnd.errorCode()), atEnd.highWatermark(), sizeOf(atEnd));
            long past = end + PAST_END;
            FetchResponseData.PartitionData pastEnd = raw.fetch(0, past, fetchVersion);
            ctx.evidence("Fetch v%d at offset %d, past the log end: %s, %d bytes of records", fetchVersion, past,
                    Errors.forCode(pastEnd.errorCode()), sizeOf(pastEnd));

            assertThat(Errors.forCode(atEnd.errorCode())).as("error of Fetch v%d at the log end offset %d",
                    fetchVersion, end).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(pastEnd.errorCode())).as("error of Fetch v%d at offset %d, %d past the log end",
                    fetchVersion, past, PAST_END).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
        }
    }

    @Check(id = "protocol.errors.fetch-mid-batch-returns-whole-batch",
            title = "Fetch from an offset inside a stored batch returns that batch whole, from its base offset,"
                    + " with its CRC intact",
            battery = Battery.PROTOCOL, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: Fetch (\"the broker may return records before the requested offset\")",
                    "KIP-98 (message format v2: batches are stored and served as produced)"},
            hint = "Apache Kafka stores batches as produced and serves them from the log as they are: a Fetch at an"
                    + " offset inside a batch returns the whole batch from its base offset, and the consumer skips"
                    + " the records before its position. A target that cuts or rebuilds batches changes their CRC,"
                    + " producer id and sequence, which idempotence and transactions rely on.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void fetchMidBatchReturnsWholeBatch(CheckContext ctx) {
        String topic = ctx.createTopic("mid-batch", 1, Map.of());
        short produceVersion = ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE);
        short fetchVersion = ctx.target().facts().newestCommonVersion(ApiKeys.FETCH);
        try (RawPartition raw = RawPartition.leaderOf(ctx, topic)) {
            PartitionProduceResponse produced = raw.produce(0, batch(), produceVersion);
            ctx.evidence("Produce v%d of one batch of %d records: %s", produceVersion, RECORDS,
                    RawPartition.describe(produced));
            assertThat(Errors.forCode(produced.errorCode())).as("error of Produce v%d", produceVersion)
                    .isEqualTo(Errors.NONE);
            long base = produced.baseOffset();
            long asked = base + MID_BATCH;

            FetchResponseData.PartitionData fetched = raw.fetch(0, asked, fetchVersion);
            List<String> seen = new ArrayList<>();
            List<RecordBatch> batches = new ArrayList<>();
            for (RecordBatch b : FetchResponse.recordsOrFail(fetched).batches()) {
                batches.add(b);
                seen.add("batch " + b.baseOffset() + "-" + b.lastOffset() + " (" + (b.isValid() ? "CRC ok" : "CRC bad")
                        + ")");
            }
            ctx.evidence("Fetch v%d at offset %d, inside the batch %d-%d: %s, %s", fetchVersion, asked, base,
                    base + RECORDS - 1, Errors.forCode(fetched.errorCode()), seen);
            assertThat(Errors.forCode(fetched.errorCode())).as("error of Fetch v%d at offset %d", fetchVersion, asked)
                    .isEqualTo(Errors.NONE);
            assertThat(batches).as("batches fetched from offset %d", asked).isNotEmpty();
            RecordBatch first = batches.get(0);
            assertThat(first.baseOffset()).as("base offset of the first batch fetched from offset %d: the stored"
                    + " batch starts at %d", asked, base).isEqualTo(base);
            assertThat(first.lastOffset()).as("last offset of the first batch fetched").isEqualTo(base + RECORDS - 1);
            assertThat(first.isValid()).as("CRC of the first batch fetched").isTrue();
            List<String> values = new ArrayList<>();
            for (Record r : first) {
                values.add(r.offset() + "=" + StandardCharsets.UTF_8.decode(r.value()));
            }
            ctx.evidence("records of the first batch: %s", values);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                expected.add((base + i) + "=value-" + i);
            }
            assertThat(values).as("records of the first batch fetched, by offset").isEqualTo(expected);
        }
    }

    private static MemoryRecords batch() {
        SimpleRecord[] records = new SimpleRecord[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            records[i] = new SimpleRecord(RawPartition.utf8("key-" + i), RawPartition.utf8("value-" + i));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    private static int sizeOf(FetchResponseData.PartitionData data) {
        return data.records() == null ? 0 : data.records().sizeInBytes();
    }
}
