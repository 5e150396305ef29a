package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TimeIndexTest {

    private static StoredRecord at(long offset, long timestamp) {
        return new StoredRecord(offset, "k", "v" + offset, List.of(), timestamp, TimestampType.CREATE_TIME);
    }

    private static final List<StoredRecord> LOG = List.of(at(0, 100), at(1, 200), at(2, 300), at(3, 200), at(4, 400));

    @Test
    void beforeEveryRecordIsTheFirstRecord() {
        assertThat(TimeIndex.earliestAtOrAfter(LOG, 50)).contains(LOG.get(0));
    }

    @Test
    void anExactTimestampFindsTheEarliestRecordWithIt() {
        assertThat(TimeIndex.earliestAtOrAfter(LOG, 200)).contains(LOG.get(1));
        assertThat(TimeIndex.earliestAtOrAfter(LOG, 300)).contains(LOG.get(2));
    }

    @Test
    void betweenTimestampsIsTheEarliestNewerRecord() {
        assertThat(TimeIndex.earliestAtOrAfter(LOG, 201)).contains(LOG.get(2));
        assertThat(TimeIndex.earliestAtOrAfter(LOG, 301)).contains(LOG.get(4));
    }

    @Test
    void afterEveryRecordIsNothing() {
        assertThat(TimeIndex.earliestAtOrAfter(LOG, 401)).isEmpty();
        assertThat(TimeIndex.earliestAtOrAfter(List.of(), 0)).isEmpty();
    }

    @Test
    void maxTimestampIsTheEarliestRecordWithTheLargestTimestamp() {
        assertThat(TimeIndex.maxTimestamp(LOG)).contains(LOG.get(4));
        List<StoredRecord> tie = List.of(at(0, 100), at(1, 500), at(2, 500), at(3, 10));
        assertThat(TimeIndex.maxTimestamp(tie)).contains(tie.get(1));
        assertThat(TimeIndex.maxTimestamp(List.of())).isEmpty();
    }
}
