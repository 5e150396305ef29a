package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Record headers (KIP-82), null keys and null values survive the round trip byte for byte. Tracing
 * (W3C traceparent), schema ids, CloudEvents and Connect all ride in headers; a target that drops,
 * reorders, de-duplicates or re-encodes them breaks those tools silently. Null keys (round-robin
 * records) and null values (tombstones, which compaction relies on) must stay null, not become empty.
 */
class HeadersChecks {

    /** One record to send: key, value, headers, each exactly as the producer gives them. */
    private record Sample(String name, byte[] key, byte[] value, List<Header> headers) {
    }

    @Check(id = "protocol.produce.headers-round-trip",
            title = "Headers (repeated keys, null and binary values), null keys and null values come back byte"
                    + " for byte and in order",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"KIP-82", "KIP-98 (record batch v2)"},
            hint = "Headers live in each record of a v2 record batch: check that they are stored as sent, that"
                    + " repeated keys are kept in order, that a null header value (length -1) stays null, and that"
                    + " a null key or value (length -1) is not turned into an empty one.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void headersRoundTrip(CheckContext ctx) {
        String topic = ctx.createTopic("headers", 1, Map.of());
        List<Sample> samples = samples();
        Producer<byte[], byte[]> producer = ctx.producer(new ByteArraySerializer(), new ByteArraySerializer(), Map.of());
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (Sample sample : samples) {
            sends.add(producer.send(new ProducerRecord<>(topic, 0, sample.key(), sample.value(), sample.headers())));
        }
        producer.flush();
        sends.forEach(ReadBack::await);
        List<String> sent = samples.stream().map(s -> canonical(s.key(), s.value(), s.headers())).toList();
        for (int i = 0; i < samples.size(); i++) {
            ctx.evidence("sent %s: %s", samples.get(i).name(), abbreviate(sent.get(i)));
        }

        List<ConsumerRecord<byte[], byte[]>> fetched = ReadBack.readAll(ctx,
                ctx.consumer(new ByteArrayDeserializer(), new ByteArrayDeserializer(), Map.of()), topic, 1,
                samples.size());
        List<String> got = fetched.stream()
                .map(r -> canonical(r.key(), r.value(), List.of(r.headers().toArray()))).toList();
        for (int i = 0; i < got.size(); i++) {
            if (i >= sent.size() || !got.get(i).equals(sent.get(i))) {
                ctx.evidence("fetched #%d differs: %s", i, abbreviate(got.get(i)));
            }
        }
        assertThat(got).as("keys, values and headers of the %d records fetched back, in order", got.size())
                .containsExactlyElementsOf(sent);
    }

    /** Evidence lines stay readable; the assertion compares the full canonical forms. */
    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }

    private static List<Sample> samples() {
        byte[] allBytes = new byte[256];
        for (int i = 0; i < allBytes.length; i++) {
            allBytes[i] = (byte) i;
        }
        byte[] large = new byte[16 * 1024];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31 + 7);
        }
        List<Header> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(header("h-" + (i % 7), ("value " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return List.of(
                new Sample("repeated keys, empty, null and binary header values", utf8("k1"), utf8("v1"), List.of(
                        header("trace", utf8("a")), header("trace", utf8("b")), header("other", utf8("x")),
                        header("trace", utf8("c")), header("empty", new byte[0]), header("null", null),
                        header("binary", allBytes), header("ключ-🔑", utf8("значение ✓")))),
                new Sample("null key, no headers", null, utf8("value without key"), List.of()),
                new Sample("tombstone (null value) with a header", utf8("deleted-key"), null,
                        List.of(header("reason", utf8("gone")))),
                new Sample("null key and null value", null, null, List.of(header("only", utf8("header")))),
                new Sample("empty key and empty value", new byte[0], new byte[0], List.of(header("x", new byte[] {0}))),
                new Sample("40 headers, 7 names repeated, and a 16 KiB binary header", utf8("k-many"), allBytes,
                        concat(many, header("large", large))));
    }

    private static List<Header> concat(List<Header> headers, Header last) {
        List<Header> all = new ArrayList<>(headers);
        all.add(last);
        return all;
    }

    private static Header header(String key, byte[] value) {
        return new RecordHeader(key, value);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** An exact, short text form: equal texts mean equal bytes (long arrays by SHA-256 and length). */
    static String canonical(byte[] key, byte[] value, List<Header> headers) {
        StringBuilder text = new StringBuilder("key=").append(bytes(key)).append(" value=").append(bytes(value))
                .append(" headers=[");
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            text.append(i == 0 ? "" : ", ").append(h.key()).append('=').append(bytes(h.value()));
        }
        return text.append(']').toString();
    }

    private static String bytes(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        if (bytes.length <= 16) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return bytes.length + "B/sha256:" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
