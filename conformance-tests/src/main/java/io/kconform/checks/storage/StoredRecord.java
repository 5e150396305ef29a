package io.kconform.checks.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;

/**
 * A record as the log holds it: what a consumer sees and what the producer was acknowledged, in one
 * comparable value, so that two reads of a partition can be compared with {@code equals}.
 *
 * @param offset        the record's offset
 * @param key           the key, or null
 * @param value         the value, or null (a tombstone)
 * @param headers       the headers as {@code key=value} strings, in order
 * @param timestamp     the timestamp
 * @param timestampType CreateTime or LogAppendTime; null where only the timestamp is known
 */
record StoredRecord(long offset, String key, String value, List<String> headers, long timestamp,
                    TimestampType timestampType) {

    StoredRecord {
        headers = List.copyOf(headers);
    }

    /** The record a consumer returned. */
    static StoredRecord of(ConsumerRecord<String, String> record) {
        return new StoredRecord(record.offset(), record.key(), record.value(), headers(record.headers()),
                record.timestamp(), record.timestampType());
    }

    /** Converts with {@link #of(ConsumerRecord)}, keeping the order. */
    static List<StoredRecord> of(List<ConsumerRecord<String, String>> records) {
        List<StoredRecord> stored = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            stored.add(of(record));
        }
        return stored;
    }

    /** Headers as {@code key=value} strings; a null header value is written {@code key=<null>}. */
    static List<String> headers(Headers headers) {
        List<String> text = new ArrayList<>();
        for (Header header : headers) {
            text.add(header.key() + "=" + (header.value() == null ? "<null>"
                    : new String(header.value(), StandardCharsets.UTF_8)));
        }
        return text;
    }

    /**
     * This record with no timestamp type, to compare with an acknowledgement, which carries the
     * timestamp the log holds but not its type.
     */
    StoredRecord ignoringTimestampType() {
        return new StoredRecord(offset, key, value, headers, timestamp, null);
    }

    /** Applies {@link #ignoringTimestampType()} to each record, keeping the order. */
    static List<StoredRecord> ignoringTimestampType(List<StoredRecord> records) {
        List<StoredRecord> copies = new ArrayList<>(records.size());
        records.forEach(r -> copies.add(r.ignoringTimestampType()));
        return copies;
    }

    /** Whether this record is a tombstone (a null value). */
    boolean tombstone() {
        return value == null;
    }

    @Override
    public String toString() {
        String text = "@" + offset + " " + key + "=" + (value == null ? "<tombstone>" : value)
                + (headers.isEmpty() ? "" : " " + headers);
        if (timestampType == null && timestamp == 0) {
            return text;
        }
        return text + " " + (timestampType == null ? "ts" : timestampType) + ":" + timestamp;
    }
}
