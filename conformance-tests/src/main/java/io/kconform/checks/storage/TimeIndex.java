package io.kconform.checks.storage;

import java.util.List;
import java.util.Optional;

/**
 * What ListOffsets by timestamp must answer for a partition whose records are known: the reference
 * against which the target's answers are compared.
 */
final class TimeIndex {

    private TimeIndex() {
    }

    /**
     * The earliest record (lowest offset) whose timestamp is at or after {@code timestamp}, or empty when
     * every record is older (KIP-79: the offset is then unknown, -1 on the wire).
     */
    static Optional<StoredRecord> earliestAtOrAfter(List<StoredRecord> log, long timestamp) {
        StoredRecord found = null;
        for (StoredRecord record : log) {
            if (record.timestamp() >= timestamp && (found == null || record.offset() < found.offset())) {
                found = record;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The record with the largest timestamp, the earliest one when several share it (KIP-734, as
     * Apache Kafka answers {@code OffsetSpec.maxTimestamp()}), or empty for an empty log.
     */
    static Optional<StoredRecord> maxTimestamp(List<StoredRecord> log) {
        StoredRecord found = null;
        for (StoredRecord record : log) {
            if (found == null || record.timestamp() > found.timestamp()
                    || record.timestamp() == found.timestamp() && record.offset() < found.offset()) {
                found = record;
            }
        }
        return Optional.ofNullable(found);
    }
}
