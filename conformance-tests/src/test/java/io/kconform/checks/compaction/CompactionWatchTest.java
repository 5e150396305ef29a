package io.kconform.checks.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class CompactionWatchTest {

    private static final TopicPartition P0 = new TopicPartition("configs", 0);
    private static final TopicPartition P1 = new TopicPartition("configs", 1);

    private static KeyedRecord record(TopicPartition partition, long offset, String key, String value) {
        return new KeyedRecord(partition, offset, key, value);
    }

    @Test
    void everyRecordButTheNewestOfItsKeyInItsPartitionIsSuperseded() {
        List<KeyedRecord> read = List.of(record(P0, 0, "a", "1"), record(P0, 1, "b", "1"), record(P0, 2, "a", "2"),
                record(P1, 0, "a", "9"), record(P0, 3, "a", "3"));
        assertThat(new CompactionWatch().superseded(read))
                .containsExactly(record(P0, 0, "a", "1"), record(P0, 2, "a", "2"));
    }

    @Test
    void aNewerRecordOfAKeyMayReplaceTheLatestSeen() {
        CompactionWatch watch = new CompactionWatch();
        watch.superseded(List.of(record(P0, 0, "a", "1"), record(P0, 1, "a", "2")));
        assertThat(watch.superseded(List.of(record(P0, 5, "a", "3")))).isEmpty();
        assertThat(watch.latest()).containsExactly(record(P0, 5, "a", "3"));
    }

    @Test
    void theLatestRecordGoneWhileAnOlderOneStaysFails() {
        CompactionWatch watch = new CompactionWatch();
        watch.superseded(List.of(record(P0, 0, "a", "1"), record(P0, 1, "a", "2")));
        assertThatThrownBy(() -> watch.superseded(List.of(record(P0, 0, "a", "1"))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("kept an older one");
    }

    @Test
    void theLatestRecordGoneAltogetherFails() {
        CompactionWatch watch = new CompactionWatch();
        watch.superseded(List.of(record(P0, 0, "a", "1"), record(P0, 1, "b", "2")));
        assertThatThrownBy(() -> watch.superseded(List.of(record(P0, 1, "b", "2"))))
                .isInstanceOf(AssertionError.class).hasMessageContaining("key 'a'");
    }

    @Test
    void theLatestRecordChangedAtItsOffsetFails() {
        CompactionWatch watch = new CompactionWatch();
        watch.superseded(List.of(record(P0, 1, "a", "2")));
        assertThatThrownBy(() -> watch.superseded(List.of(record(P0, 1, "a", "other"))))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void theWaitNudgesUntilNothingSupersededIsLeft() {
        Deque<List<KeyedRecord>> reads = new ArrayDeque<>(List.of(
                List.of(record(P0, 0, "a", "1"), record(P0, 1, "a", "2")),
                List.of(record(P0, 0, "a", "1"), record(P0, 1, "a", "2")),
                List.of(record(P0, 1, "a", "2"))));
        int[] nudges = {0};
        CompactionWatch.Wait wait = new CompactionWatch().await(reads::pop, () -> nudges[0]++, Duration.ZERO,
                Duration.ofMinutes(1));
        assertThat(wait.left()).isEmpty();
        assertThat(wait.firstLeft()).containsExactly(record(P0, 0, "a", "1"));
        assertThat(wait.nudges()).isEqualTo(2);
        assertThat(nudges[0]).isEqualTo(2);
    }

    @Test
    void valuesThatAreNotTextAreShownAsHex() {
        assertThat(KeyedRecord.text(new byte[] {0, 0, 0, 21})).isEqualTo("0x00000015");
        assertThat(KeyedRecord.text("{\"state\":\"PAUSED\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("{\"state\":\"PAUSED\"}");
        assertThat(KeyedRecord.text(null)).isEqualTo("null");
    }
}
