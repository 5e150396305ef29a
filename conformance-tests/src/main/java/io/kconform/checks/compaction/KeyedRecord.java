package io.kconform.checks.compaction;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A record of a compacted topic as read back: where it is, its key, and its value as text (UTF-8 where
 * the bytes are UTF-8, {@code 0x...} otherwise, {@code null} for a tombstone), so that two reads of the
 * same record compare equal and evidence stays readable.
 *
 * @param partition the topic partition
 * @param offset    its offset
 * @param key       its key, as UTF-8 text
 * @param value     its value, as text
 */
public record KeyedRecord(TopicPartition partition, long offset, String key, String value) {

    /** The record a consumer returned. */
    public static KeyedRecord of(ConsumerRecord<byte[], byte[]> record) {
        return new KeyedRecord(new TopicPartition(record.topic(), record.partition()), record.offset(),
                text(record.key()), text(record.value()));
    }

    /** The key within its partition: compaction keeps the latest record per partition and key. */
    String slot() {
        return partition + "/" + key;
    }

    /** Where it is: {@code topic-0@12}. */
    String position() {
        return partition + "@" + offset;
    }

    static String text(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.chars().allMatch(c -> c >= 0x20 && c != 0x7f) ? text : "0x" + HexFormat.of().formatHex(bytes);
        } catch (CharacterCodingException e) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
    }

    @Override
    public String toString() {
        return position() + " " + key + "=" + value;
    }
}
