package io.kconform.checks.eos.history;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A member of the workload's consumer group: subscribes to the topic (read_committed, offsets auto-committed) and
 * polls until every writer is done. Each assignment a rebalance gives it is recorded from the rebalance callback
 * as an {@link Op.Assign} with {@code rebalance} set and the positions the consumer starts from (where it can
 * tell them), so that the checker judges order within each assignment and allows a skip across one. After its
 * {@code leaveAfterPolls}th poll that returned records (0: never), once it surely is a member, the member is
 * closed, leaving the group, and a new consumer of the same name joins it again: two rebalances while the others
 * keep reading.
 */
public final class GroupConsumer implements Callable<Void> {

    private static final Duration POLL = Duration.ofMillis(50);

    private final WorkloadClients clients;
    private final HistoryRecorder recorder;
    private final String name;
    private final String topic;
    private final String group;
    private final int leaveAfterPolls;
    private final BooleanSupplier writersDone;
    private final long deadline;
    private volatile int assignments;
    private volatile int incarnations;

    public GroupConsumer(WorkloadClients clients, HistoryRecorder recorder, String name, String topic, String group,
                         int leaveAfterPolls, BooleanSupplier writersDone, long deadline) {
        this.clients = clients;
        this.recorder = recorder;
        this.name = name;
        this.topic = topic;
        this.group = group;
        this.leaveAfterPolls = leaveAfterPolls;
        this.writersDone = writersDone;
        this.deadline = deadline;
    }

    @Override
    public Void call() {
        int polled = 0;
        boolean left = leaveAfterPolls <= 0;
        boolean last = false;
        while (!last && running()) {
            Consumer<String, String> consumer = join();
            try {
                while (!last && running()) {
                    if (!left && polled >= leaveAfterPolls) {
                        left = true;
                        break; // leaves the group below, and joins it again with a new consumer
                    }
                    last = writersDone.getAsBoolean();
                    long invoked = recorder.tick();
                    List<Seen> seen = new java.util.ArrayList<>();
                    for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                        seen.add(new Seen(r.partition(), r.offset(), r.key(), r.value()));
                    }
                    if (!seen.isEmpty()) {
                        polled++;
                        recorder.record(new Op.Poll(invoked, recorder.tick(), name, Isolation.READ_COMMITTED, seen));
                    }
                }
            } finally {
                try {
                    consumer.close();
                } catch (KafkaException e) {
                    // a member that could not leave is dropped by the group after its session timeout
                }
            }
        }
        return null;
    }

    private Consumer<String, String> join() {
        incarnations++;
        Consumer<String, String> consumer = clients.consumer(name, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, Isolation.READ_COMMITTED.label(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true,
                ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 200));
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assignments++;
                Map<Integer, Long> positions = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    try {
                        positions.put(partition.partition(), consumer.position(partition));
                    } catch (KafkaException e) {
                        // unknown: the checker then starts judging this partition at its first record
                    }
                }
                recorder.record(new Op.Assign(recorder.tick(), name, Isolation.READ_COMMITTED, positions, true));
            }
        });
        return consumer;
    }

    private boolean running() {
        return System.nanoTime() < deadline && !Thread.currentThread().isInterrupted();
    }

    /** One line for evidence. */
    public String describe() {
        return name + ": " + incarnations + " consumer(s) in group " + group + ", " + assignments
                + " assignment(s) by rebalance";
    }
}
