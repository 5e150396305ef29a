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
    /** How long closing a consumer may take (committing, leaving the group): not the default 30 s. */
    private static final Duration CLOSE = Duration.ofSeconds(5);
    /** How long a member may go on after the writers to be assigned at least once. */
    private static final Duration GRACE = Duration.ofSeconds(5);

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
    private volatile boolean assignedSinceJoin;

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
        long doneAt = 0;
        while (!last && running()) {
            Consumer<String, String> consumer = join();
            try {
                while (!last && running()) {
                    boolean done = writersDone.getAsBoolean();
                    doneAt = done && doneAt == 0 ? System.nanoTime() : doneAt;
                    if (!left && (polled >= leaveAfterPolls || (done && assignedSinceJoin))) {
                        left = true;
                        break; // leaves the group below, and joins it again with a new consumer
                    }
                    // After the writers, a member goes on until it was assigned (so that the rebalances happen
                    // even when faults slowed the group down), for a short grace at most.
                    last = done && ((left && assignedSinceJoin) || System.nanoTime() - doneAt > GRACE.toNanos());
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
                    consumer.close(CLOSE);
                } catch (KafkaException e) {
                    // a member that could not leave is dropped by the group after its session timeout
                }
            }
        }
        return null;
    }

    private Consumer<String, String> join() {
        incarnations++;
        assignedSinceJoin = false;
        Consumer<String, String> consumer = clients.consumer(name, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, Isolation.READ_COMMITTED.label(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true,
                ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 200,
                // a member learns of a rebalance from its heartbeat: the default 3 s would outlast the workload;
                // and a member whose LeaveGroup was lost to a cut is dropped after the shortest session a broker
                // allows by default, not 45 s
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 100,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000));
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assignments++;
                assignedSinceJoin = true;
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
