package io.kconform.checks.eos.history;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * A consume-transform-produce copier in the style of KIP-447: a read_committed consumer in a group (subscribe)
 * and a transactional producer of its own copy each record of the partitions the group assigns it to the same
 * partition of the output topic, committing the consumed offsets in the same transaction with
 * {@code sendOffsetsToTransaction(offsets, consumer.groupMetadata())}. Several copiers may share the group, one
 * producer each (KIP-447's producer per thread): partitions move between them as they die and come back, and the
 * group generation in each offset commit fences a copier that lost a partition. Output and offsets commit or abort
 * together, so however often copiers die the committed output is the committed input, each value once.
 *
 * <p>Killed once on purpose if asked ({@code killAt}: in that copy transaction, after sending its output and
 * offsets, the producer is closed at once without a commit and the consumer leaves the group), and restarted after
 * any error:
 * a new consumer in the same group resumes from the committed offsets and a new producer with the same
 * transactional id fences the old one and aborts its open transaction. It stops once every writer is done and it
 * has copied the input up to its last stable offset, or {@link #CATCH_UP} after the writers, or at
 * {@code deadline} (nanoTime), or after
 * {@link #MAX_RESTARTS} restarts. Its output is judged by the caller's final read of the output topic against the
 * input below the offsets its group committed ({@link Op.CopyRead}), so how far it got under load does not matter;
 * its own operations are only counted here, for evidence.
 */
public final class Copier implements Callable<Void> {

    /** Restarts after errors at most: a target that fails every transaction must not keep the run going. */
    public static final int MAX_RESTARTS = 8;
    private static final Duration POLL = Duration.ofMillis(50);
    /** How long closing a consumer may take (committing, leaving the group): not the default 30 s. */
    private static final Duration CLOSE = Duration.ofSeconds(5);
    /**
     * How long the copier may take to copy the rest of the input once every writer is done: a few hundred records
     * take well under a second; a copier that cannot reach the end (markers never served) shows it as missing
     * output without holding the run for long.
     */
    private static final Duration CATCH_UP = Duration.ofSeconds(20);

    private final WorkloadClients clients;
    private final String name;
    private final String input;
    private final String output;
    private final int killAt;
    private final BooleanSupplier writersDone;
    private final long deadline;
    private final String transactionalId;
    private final String group;
    private final AtomicInteger committed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger copied = new AtomicInteger();
    private volatile String firstError;
    private volatile boolean caughtUp;
    private long doneAt;

    /**
     * @param name   the copier's name among those of its group, part of its transactional id
     * @param group  the consumer group of the copiers of {@code input}
     * @param killAt the copy transaction (counted from 1 over the copier's life) in which it is killed; 0 for never
     */
    public Copier(WorkloadClients clients, String name, String group, String input, String output, int killAt,
                  BooleanSupplier writersDone, long deadline) {
        this.clients = clients;
        this.name = name;
        this.input = input;
        this.output = output;
        this.killAt = killAt;
        this.writersDone = writersDone;
        this.deadline = deadline;
        this.transactionalId = clients.uniqueName("history-copier-" + name);
        this.group = group;
    }

    @Override
    public Void call() {
        int transactions = 0;
        while (!caughtUp && restarts.get() <= MAX_RESTARTS && running()) {
            Consumer<String, String> consumer = clients.consumer("copier", Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, group,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, Isolation.READ_COMMITTED.label(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    // an incarnation whose LeaveGroup was lost to a cut holds the group until its session ends:
                    // the shortest a broker allows by default, so that the next one is assigned within the run
                    ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000,
                    ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 100));
            Producer<String, String> producer = clients.producer("copier", Map.of(
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId));
            try {
                // fences the previous incarnation and aborts its open transaction before this one reads offsets
                producer.initTransactions();
                consumer.subscribe(List.of(input));
                while (running()) {
                    ConsumerRecords<String, String> records = consumer.poll(POLL);
                    if (records.isEmpty()) {
                        if (writersDone.getAsBoolean() && atEnd(consumer)) {
                            caughtUp = true;
                            break;
                        }
                        continue;
                    }
                    transactions++;
                    producer.beginTransaction();
                    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                    for (ConsumerRecord<String, String> r : records) {
                        producer.send(new ProducerRecord<>(output, r.partition(), r.key(), r.value()));
                        next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
                    if (transactions == killAt) {
                        producer.flush();
                        restarts.incrementAndGet();
                        break; // killed: closed below without a commit
                    }
                    producer.commitTransaction();
                    committed.incrementAndGet();
                    copied.addAndGet(records.count());
                }
            } catch (KafkaException e) {
                failed.incrementAndGet();
                restarts.incrementAndGet();
                if (firstError == null) {
                    firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            } finally {
                producer.close(Duration.ZERO);
                closeQuietly(consumer);
            }
        }
        return null;
    }

    private boolean running() {
        if (doneAt == 0 && writersDone.getAsBoolean()) {
            doneAt = System.nanoTime();
        }
        return System.nanoTime() < deadline && (doneAt == 0 || System.nanoTime() - doneAt < CATCH_UP.toNanos())
                && !Thread.currentThread().isInterrupted();
    }

    /**
     * Whether the consumer owns partitions and stands at the last stable offset of each. One that owns none is not
     * done: it may not have joined yet, and once the copiers that own partitions finish and leave, it gets theirs.
     */
    private boolean atEnd(Consumer<String, String> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned); // the last stable offsets, under read_committed
        for (TopicPartition partition : assigned) {
            if (consumer.position(partition) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(Consumer<String, String> consumer) {
        try {
            consumer.close(CLOSE); // leaves the group, so that the next incarnation is assigned at once
        } catch (KafkaException e) {
            // the next incarnation joins anyway, once the group drops this member
        }
    }

    /** The consumer group whose committed offsets say how far the copier's committed output goes. */
    public String group() {
        return group;
    }

    /** The transactional id of every incarnation of the copier. */
    public String transactionalId() {
        return transactionalId;
    }

    /** Whether the copier copied the input to its end before it stopped. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** One line for evidence. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "copier %s (group %s, transactional id %s): %d copy transactions"
                        + " committed (%d records), %d failed, %d restart(s)%s, copied to the end: %s%s", name, group,
                transactionalId, committed.get(), copied.get(), failed.get(), restarts.get(),
                killAt == 0 ? "" : " (one a kill in copy transaction " + killAt + ")", caughtUp,
                firstError == null ? "" : "; first error: " + firstError);
    }
}
