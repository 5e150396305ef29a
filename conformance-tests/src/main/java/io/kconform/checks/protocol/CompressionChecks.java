package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Each compression codec a Kafka producer may use: the records must come back identical, and the
 * batches the target serves must pass their CRC and decompress. Producers pick a codec to cut network
 * and storage costs (zstd and lz4 are common defaults in platform teams' client configs); a target
 * that refuses one makes those producers fail outright, one that mangles it loses data.
 *
 * <p>A target may store batches with another codec than the producer's (Kafka itself does when a
 * topic's {@code compression.type} names one), so the codec served is evidence, not a requirement.
 */
class CompressionChecks {

    private static final int RECORDS = 600;

    @Check(id = "protocol.compression.gzip",
            title = "Records produced with gzip compression are fetched back identical, in readable batches",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"Kafka protocol guide: Record batch (attributes, compression)"},
            hint = "Check gzip decompression of produced batches (the broker validates and may re-assign offsets"
                    + " inside the compressed batch) and the CRC of the batches it serves.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void gzip(CheckContext ctx) {
        roundTrip(ctx, "gzip");
    }

    @Check(id = "protocol.compression.snappy",
            title = "Records produced with snappy compression are fetched back identical, in readable batches",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"Kafka protocol guide: Record batch (attributes, compression)"},
            hint = "Kafka's snappy uses the xerial framing (snappy-java's SnappyOutputStream), not raw or"
                    + " framed snappy; check which one the target decodes and writes.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void snappy(CheckContext ctx) {
        roundTrip(ctx, "snappy");
    }

    @Check(id = "protocol.compression.lz4",
            title = "Records produced with lz4 compression are fetched back identical, in readable batches",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"KIP-57 (lz4 frame header checksum)"},
            hint = "Kafka's lz4 is the LZ4 frame format with a correct header checksum (KIP-57); check the frame"
                    + " header and block sizes the target reads and writes.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void lz4(CheckContext ctx) {
        roundTrip(ctx, "lz4");
    }

    @Check(id = "protocol.compression.zstd",
            title = "Records produced with zstd compression are fetched back identical, in readable batches",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"KIP-110"},
            hint = "zstd needs Produce v7 and Fetch v10 (KIP-110); a target that cannot store it must answer"
                    + " UNSUPPORTED_COMPRESSION_TYPE, not accept and corrupt it.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 7)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 10)
    void zstd(CheckContext ctx) {
        roundTrip(ctx, "zstd");
    }

    private static void roundTrip(CheckContext ctx, String codec) {
        String topic = ctx.createTopic(codec, 1, Map.of());
        Producer<String, String> producer = ctx.producer(Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, codec,
                ProducerConfig.LINGER_MS_CONFIG, 50,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024));
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        long payload = 0;
        for (int i = 0; i < RECORDS; i++) {
            String key = "order-" + (i % 40);
            String value = value(i);
            keys.add(key);
            values.add(value);
            payload += key.length() + value.length();
            sends.add(producer.send(new ProducerRecord<>(topic, key, value)));
        }
        producer.flush();
        List<RecordComparison.Rec> produced = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            RecordMetadata metadata = ReadBack.await(sends.get(i));
            produced.add(new RecordComparison.Rec(metadata.partition(), metadata.offset(), keys.get(i), values.get(i)));
        }
        ctx.evidence("produced %d records (%d KiB of keys and values) with compression.type=%s", RECORDS,
                payload / 1024, codec);

        List<ConsumerRecord<String, String>> fetched = ReadBack.readAll(ctx, ctx.consumer(Map.of()), topic, 1, RECORDS);
        List<RecordComparison.Rec> got = fetched.stream()
                .map(r -> new RecordComparison.Rec(r.partition(), r.offset(), r.key(), r.value())).toList();
        List<String> problems = RecordComparison.problems(produced, got);
        problems.forEach(p -> ctx.evidence("anomaly: %s", p));
        assertThat(problems).as("anomalies between the %d records produced with %s and the %d fetched back", RECORDS,
                codec, got.size()).isEmpty();

        BatchInspector.Summary batches = BatchInspector.inspect(ctx, topic);
        ctx.evidence("raw Fetch v%d: %d batches, codecs %s, %d KiB on the wire for %d KiB of payload, %d records"
                        + " decompressed", batches.fetchVersion(), batches.batches(), batches.codecs(),
                batches.bytes() / 1024, payload / 1024, batches.records());
        assertThat(batches.unreadable()).as("batches served that fail their CRC or do not decompress").isEmpty();
        assertThat(batches.records()).as("records decompressed from the raw batches served").isEqualTo(RECORDS);
    }

    /** A JSON-like order: distinct per record, repetitive across records, so that every codec has work to do. */
    private static String value(int i) {
        return String.format("{\"orderId\":%d,\"customer\":\"customer-%03d\",\"status\":\"CONFIRMED\","
                        + "\"currency\":\"EUR\",\"lines\":[{\"sku\":\"SKU-%05d\",\"quantity\":%d,\"price\":%d.99},"
                        + "{\"sku\":\"SKU-%05d\",\"quantity\":1,\"price\":4.50}],\"shipping\":{\"street\":\"Main"
                        + " Street %d\",\"city\":\"Springfield\",\"country\":\"DE\"},\"note\":\"%s\"}",
                i, i % 97, i * 7 % 10000, 1 + i % 5, 10 + i % 90, i * 13 % 10000, i % 200,
                "please deliver between nine and five, ring twice ".repeat(8));
    }
}
