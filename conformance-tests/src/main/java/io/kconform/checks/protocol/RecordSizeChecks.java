package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.UnsupportedFeatureException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How large a record may be. Apache Kafka accepts record batches up to {@code message.max.bytes}
 * (1 MiB and 12 bytes by default), and clients, Connect and Streams are configured for that default:
 * a target with a lower limit refuses records today's applications send. A topic's own
 * {@code max.message.bytes} is a contract too: a record above it must be refused with
 * RECORD_TOO_LARGE and leave the log unchanged, not be stored anyway or dropped silently.
 */
class RecordSizeChecks {

    /** Under both the broker's default message.max.bytes (1048588) and the producer's max.request.size (1048576). */
    private static final int LARGE = 1_000_000;
    private static final int TOPIC_LIMIT = 10_000;
    private static final int OVER_LIMIT = 20_000;
    private static final int UNDER_LIMIT = 5_000;

    @Check(id = "protocol.produce.large-record",
            title = "A record of 1,000,000 bytes, under Apache Kafka's default 1 MiB limit, is accepted and read back"
                    + " byte for byte",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"Broker config message.max.bytes (default 1048588)", "Producer config max.request.size"
                    + " (default 1048576)"},
            hint = "Apache Kafka accepts record batches up to message.max.bytes = 1048588 bytes unless configured"
                    + " otherwise, and applications are written for that default; a lower limit answers their"
                    + " records with RECORD_TOO_LARGE.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void largeRecord(CheckContext ctx) {
        String topic = ctx.createTopic("large", 1, Map.of());
        byte[] value = pseudoRandom(LARGE, topic.hashCode());
        // uncompressed, so that the broker sees the full size
        Producer<byte[], byte[]> producer = ctx.producer(new ByteArraySerializer(), new ByteArraySerializer(),
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"));
        RecordMetadata sent;
        try {
            sent = ReadBack.await(producer.send(new ProducerRecord<>(topic, 0, null, value)));
        } catch (RecordTooLargeException e) {
            ctx.evidence("a record of %,d bytes was refused: %s", LARGE, e.getMessage());
            throw new UnsupportedFeatureException("records of " + String.format("%,d", LARGE) + " bytes are refused"
                    + " with RECORD_TOO_LARGE: the target's limit is below Apache Kafka's default of 1,048,588 bytes", e);
        }
        ctx.evidence("a record of %,d bytes (SHA-256 %s) acknowledged at offset %d", LARGE, sha256(value),
                sent.offset());

        List<ConsumerRecord<byte[], byte[]>> fetched = ReadBack.readAll(ctx,
                ctx.consumer(new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of()), topic, 1, 1);
        assertThat(fetched).as("records fetched back from %s", topic).hasSize(1);
        byte[] got = fetched.get(0).value();
        ctx.evidence("fetched %,d bytes (SHA-256 %s) at offset %d", got == null ? 0 : got.length,
                got == null ? "-" : sha256(got), fetched.get(0).offset());
        assertThat(got).as("value fetched back").isNotNull();
        assertThat(got.length).as("size of the value fetched back").isEqualTo(LARGE);
        assertThat(sha256(got)).as("SHA-256 of the value fetched back").isEqualTo(sha256(value));
    }

    @Check(id = "protocol.produce.record-too-large-refused",
            title = "A record above the topic's max.message.bytes is refused with RECORD_TOO_LARGE and takes no"
                    + " offset; a record under it is accepted",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"Kafka protocol guide: error code 10 RECORD_TOO_LARGE", "Topic config max.message.bytes"},
            hint = "A topic created with max.message.bytes must enforce it: a Produce whose batch is larger is"
                    + " answered with RECORD_TOO_LARGE for that partition and the log is left unchanged, so that the"
                    + " next record accepted takes offset 0.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    void recordTooLargeRefused(CheckContext ctx) {
        String topic = ctx.createTopic("limited", 1, Map.of("max.message.bytes", String.valueOf(TOPIC_LIMIT)));
        ctx.evidence("topic %s created with max.message.bytes=%d", topic, TOPIC_LIMIT);
        Producer<byte[], byte[]> producer = ctx.producer(new ByteArraySerializer(), new ByteArraySerializer(),
                Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"));

        byte[] big = pseudoRandom(OVER_LIMIT, 1);
        Throwable refusal = null;
        try {
            RecordMetadata stored = ReadBack.await(producer.send(new ProducerRecord<>(topic, 0, null, big)));
            ctx.evidence("a record of %,d bytes was acknowledged at offset %d", OVER_LIMIT, stored.offset());
        } catch (RecordTooLargeException e) {
            refusal = e;
            ctx.evidence("a record of %,d bytes was refused: %s", OVER_LIMIT, e.getMessage());
        }
        if (refusal == null) {
            fail("a record of %,d bytes on a topic with max.message.bytes=%d was stored instead of being refused with"
                    + " RECORD_TOO_LARGE", OVER_LIMIT, TOPIC_LIMIT);
        }

        byte[] small = pseudoRandom(UNDER_LIMIT, 2);
        RecordMetadata accepted = ReadBack.await(producer.send(new ProducerRecord<>(topic, 0, null, small)));
        ctx.evidence("a record of %,d bytes was acknowledged at offset %d", UNDER_LIMIT, accepted.offset());
        assertThat(accepted.offset()).as("offset of the first record accepted: the refused one must take none")
                .isZero();
        List<ConsumerRecord<byte[], byte[]>> fetched = ReadBack.readAll(ctx,
                ctx.consumer(new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of()), topic, 1, 1);
        assertThat(fetched).as("records in %s", topic).hasSize(1);
        assertThat(fetched.get(0).value()).as("the one record in %s", topic).isEqualTo(small);
    }

    /** Incompressible bytes, the same for the same seed. */
    private static byte[] pseudoRandom(int size, long seed) {
        byte[] bytes = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
