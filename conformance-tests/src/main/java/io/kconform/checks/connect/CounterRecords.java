package io.kconform.checks.connect;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reads what {@link CountingSourceTask} put in a record's headers. */
final class CounterRecords {

    private CounterRecords() {
    }

    /** The record's sequence number, or -1 when its header is missing or not a number. */
    static long seq(ConsumerRecord<String, String> record) {
        try {
            return Long.parseLong(header(record, CountingSourceTask.SEQ_HEADER));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The sequence numbers that occur more than once among the records, in ascending order. */
    static SortedSet<Long> repeated(List<ConsumerRecord<String, String>> records) {
        Set<Long> seen = new HashSet<>();
        SortedSet<Long> repeated = new TreeSet<>();
        for (ConsumerRecord<String, String> record : records) {
            long seq = seq(record);
            if (!seen.add(seq)) {
                repeated.add(seq);
            }
        }
        return repeated;
    }

    /** The id of the task run that emitted the record, or "" when its header is missing. */
    static String run(ConsumerRecord<String, String> record) {
        return header(record, CountingSourceTask.RUN_HEADER);
    }

    /** The last header {@code key} as UTF-8 text, or "" when there is none. */
    static String header(ConsumerRecord<String, String> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
