package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GroupMembersTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private static MockConsumer<String, String> owning(TopicPartition... partitions) {
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(partitions));
        return consumer;
    }

    @Test
    void onePartitionEachNeedsDisjointSingletons() {
        assertThat(GroupMembers.onePartitionEach(List.of(owning(P0), owning(P1)))).isTrue();
        assertThat(GroupMembers.onePartitionEach(List.of(owning(P0), owning(P0)))).isFalse();
        assertThat(GroupMembers.onePartitionEach(List.of(owning(P0, P1), owning()))).isFalse();
    }

    @Test
    void pollUntilStopsWhenDoneAndGivesUpAfterTheWait() {
        MockConsumer<String, String> consumer = owning(P0);
        consumer.updateBeginningOffsets(java.util.Map.of(P0, 0L));
        consumer.seek(P0, 0);
        consumer.addRecord(new ConsumerRecord<>("t", 0, 0, "k", "v"));
        List<List<ConsumerRecord<String, String>>> inboxes = GroupMembers.inboxes(1);
        assertThat(GroupMembers.pollUntil(List.of(consumer), inboxes, Duration.ofSeconds(5),
                () -> !inboxes.get(0).isEmpty())).isTrue();
        assertThat(GroupMembers.values(inboxes.get(0))).containsExactly("v");

        AtomicInteger asked = new AtomicInteger();
        assertThat(GroupMembers.pollUntil(List.of(consumer), inboxes, Duration.ofMillis(300),
                () -> asked.incrementAndGet() < 0)).isFalse();
        assertThat(asked.get()).isGreaterThan(1);
    }

    @Test
    void offsetsByPartitionSummarises() {
        List<ConsumerRecord<String, String>> records = List.of(
                new ConsumerRecord<>("t", 1, 10, "k", "a"), new ConsumerRecord<>("t", 0, 3, "k", "b"),
                new ConsumerRecord<>("t", 1, 11, "k", "c"));
        assertThat(GroupMembers.offsetsByPartition(records)).isEqualTo("p0: 1 records at 3-3, p1: 2 records at 10-11");
        assertThat(GroupMembers.offsetsByPartition(List.of())).isEqualTo("nothing");
    }
}
