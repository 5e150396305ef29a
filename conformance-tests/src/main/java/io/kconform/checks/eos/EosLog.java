package io.kconform.checks.eos;

import io.kconform.api.context.Await;
import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Reading partitions to their end under an isolation level, and waiting for sends, for this battery. Where
 * the ends come from is incidental to the battery: ListOffsets where the target offers it, otherwise the high
 * watermark and last stable offset a Fetch answer states, so that a target without ListOffsets is judged on
 * its transactions, not on a missing API.
 */
final class EosLog {

    /** Consumer overrides for read_committed. */
    static final Map<String, Object> READ_COMMITTED = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    /** How long {@link #awaitNoOpenTransaction} waits for transaction markers after EndTxn. */
    static final Duration MARKERS_WAIT = Duration.ofSeconds(10);

    /**
     * What a check names as accepted ({@code CheckContext.accepted}) once a transaction committed: a clean refusal
     * of the transaction APIs after that is no longer "not offered" but the target going back on what it served.
     */
    static final String TRANSACTIONS_ACCEPTED = "transactions (a transaction committed)";
    /** Consumer overrides for read_uncommitted, Kafka's default, spelled out. */
    static final Map<String, Object> READ_UNCOMMITTED = Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");

    private EosLog() {
    }

    /** Producer overrides for a transactional producer. */
    static Map<String, Object> transactional(String transactionalId) {
        return Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    }

    /**
     * Waits, at most {@code bound}, until no transaction is open on the partitions: their last stable
     * offset has reached their high watermark. A committed or aborted transaction is decided when
     * EndTxn returns, but its markers are written afterwards, and on a cluster of several brokers they
     * must also be replicated before the last stable offset moves; a read_committed read made at once
     * could stop short of records that are already committed. Never fails: the caller's assertions
     * judge what is read next.
     *
     * @return whether the partitions became stable within the bound
     */
    static boolean awaitNoOpenTransaction(TargetContext ctx, Collection<TopicPartition> partitions, Duration bound) {
        if (!offersListOffsets(ctx)) {
            return awaitNoOpenTransactionByFetch(ctx, partitions, bound);
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> stable = Await.result(ctx.admin()
                        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(),
                        "the last stable offsets");
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> high = Await.result(ctx.admin()
                        .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all(),
                        "the high watermarks");
                if (partitions.stream().allMatch(p -> stable.get(p).offset() >= high.get(p).offset())) {
                    return true;
                }
            } catch (KafkaException e) {
                return false; // the target cannot say; the read that follows shows what it serves
            }
            TargetContext.sleep(Duration.ofMillis(100));
        }
        return false;
    }

    /**
     * {@link #awaitNoOpenTransaction} where the target does not offer ListOffsets: every Fetch answer
     * states a partition's last stable offset and high watermark.
     */
    private static boolean awaitNoOpenTransactionByFetch(TargetContext ctx, Collection<TopicPartition> partitions,
                                                         Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (partitions.stream().map(p -> LogBatches.ends(ctx, p))
                        .allMatch(ends -> ends.lastStableOffset() >= ends.highWatermark())) {
                    return true;
                }
            } catch (KafkaException e) {
                return false; // the target cannot say; the read that follows shows what it serves
            }
            TargetContext.sleep(Duration.ofMillis(100));
        }
        return false;
    }

    /**
     * The last stable offset of {@code partition} (KIP-98): ListOffsets at READ_COMMITTED, asked by the
     * read_committed consumer {@code readCommitted}, where the target offers it; otherwise the last stable
     * offset a Fetch answer states.
     */
    static long lastStableOffset(TargetContext ctx, Consumer<String, String> readCommitted, TopicPartition partition) {
        if (offersListOffsets(ctx)) {
            return readCommitted.endOffsets(List.of(partition), TargetContext.DEFAULT_WAIT).get(partition);
        }
        return LogBatches.ends(ctx, partition).lastStableOffset();
    }

    /**
     * Sets the consumer at the start of the partitions: where the target offers ListOffsets, at their log
     * start offsets; otherwise at offset 0, the start of a topic the check made itself.
     */
    static void seekToStart(TargetContext ctx, Consumer<String, String> consumer, Collection<TopicPartition> partitions) {
        if (offersListOffsets(ctx)) {
            consumer.seekToBeginning(partitions);
        } else {
            partitions.forEach(partition -> consumer.seek(partition, 0));
        }
    }

    /**
     * A rebalance listener for a group consumer of the check's own new topics: where the target does not
     * offer ListOffsets, through which a consumer finds where to start a partition its group has no
     * committed offset for, it starts such a partition at offset 0. Elsewhere it does nothing.
     */
    static ConsumerRebalanceListener startAtZeroWithoutListOffsets(TargetContext ctx, Consumer<String, String> consumer) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (offersListOffsets(ctx) || partitions.isEmpty()) {
                    return;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions),
                        TargetContext.DEFAULT_WAIT);
                partitions.stream().filter(p -> committed.get(p) == null).forEach(p -> consumer.seek(p, 0));
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // the positions are the group's committed offsets or the transaction's; nothing to keep here
            }
        };
    }

    private static boolean offersListOffsets(TargetContext ctx) {
        return ctx.target().facts().advertises(ApiKeys.LIST_OFFSETS);
    }

    /**
     * The offset {@code group} has committed for {@code partition}, or null: one OffsetFetch with require_stable
     * (KIP-447). While a transaction holding offsets of the group is still ending, the coordinator answers the
     * partition UNSTABLE_OFFSET_COMMIT, which the admin client reports as no offset: see {@link #awaitCommittedOffset}.
     */
    static OffsetAndMetadata committedOffset(TargetContext ctx, String group, TopicPartition partition) {
        return Await.result(ctx.admin().listConsumerGroupOffsets(
                Map.of(group, new ListConsumerGroupOffsetsSpec().topicPartitions(List.of(partition))),
                new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata(group),
                "OffsetFetch (require_stable) of group " + group).get(partition);
    }

    /**
     * {@link #committedOffset}, asked again until it is {@code expected} or {@code bound} ran out: a transaction's
     * offsets become the group's when its marker reaches the offsets topic, after EndTxn returned.
     *
     * @return the last offset read, or null if none was
     */
    static OffsetAndMetadata awaitCommittedOffset(TargetContext ctx, String group, TopicPartition partition,
                                                  long expected, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            OffsetAndMetadata committed = committedOffset(ctx, group, partition);
            if (committed != null && committed.offset() == expected || System.nanoTime() >= deadline) {
                return committed;
            }
            TargetContext.sleep(Duration.ofMillis(200));
        }
    }

    /** Waits for one acknowledgement, bounded; a failed send throws the target's own error. */
    static RecordMetadata await(Future<RecordMetadata> future) {
        return Await.result(future, "an acknowledgement");
    }

    /**
     * Reads the partitions from their beginning up to the end offsets they have when the read begins: the
     * last stable offset under read_committed, the high watermark under read_uncommitted. Stops when
     * every position reached its end or {@code wait} ends; the caller asserts on {@link Read#complete()}.
     * Where the target does not offer ListOffsets, which this battery needs only to find where a read
     * begins and ends, the read begins at offset 0 (the check's topics are its own and new) and the ends
     * are those a Fetch answer states.
     *
     * @param isolation the isolation level {@code consumer} was made with
     */
    static Read readToEnd(TargetContext ctx, Consumer<String, String> consumer, IsolationLevel isolation,
                          Collection<TopicPartition> partitions, Duration wait) {
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends;
        String endsFrom;
        if (offersListOffsets(ctx)) {
            consumer.seekToBeginning(partitions);
            ends = consumer.endOffsets(partitions, TargetContext.DEFAULT_WAIT);
            endsFrom = "ListOffsets";
        } else {
            partitions.forEach(partition -> consumer.seek(partition, 0));
            ends = new HashMap<>();
            for (TopicPartition partition : partitions) {
                ends.put(partition, LogBatches.ends(ctx, partition).of(isolation));
            }
            endsFrom = "a Fetch answer: the target does not advertise ListOffsets";
        }
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        Map<TopicPartition, Long> positions = positions(consumer, partitions);
        while (!reached(positions, ends) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            positions = positions(consumer, partitions);
        }
        return new Read(records, ends, positions, endsFrom);
    }

    private static Map<TopicPartition, Long> positions(Consumer<String, String> consumer,
                                                       Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            positions.put(partition, consumer.position(partition, TargetContext.DEFAULT_WAIT));
        }
        return positions;
    }

    private static boolean reached(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (positions.getOrDefault(end.getKey(), -1L) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * What one read returned.
     *
     * @param records   the records, in the order the consumer returned them
     * @param ends      the end offset of each partition when the read began
     * @param positions the consumer's position in each partition when the read stopped
     * @param endsFrom  where the end offsets came from, for the evidence
     */
    record Read(List<ConsumerRecord<String, String>> records, Map<TopicPartition, Long> ends,
                Map<TopicPartition, Long> positions, String endsFrom) {

        Read {
            records = List.copyOf(records);
            ends = Map.copyOf(ends);
            positions = Map.copyOf(positions);
        }

        /** Whether the consumer reached the end offset of every partition. */
        boolean complete() {
            return reached(positions, ends);
        }

        /** The values, in the order read. */
        List<String> values() {
            List<String> values = new ArrayList<>(records.size());
            records.forEach(r -> values.add(r.value()));
            return values;
        }

        /** The values read from one partition, in order. */
        List<String> values(TopicPartition partition) {
            List<String> values = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                if (record.topic().equals(partition.topic()) && record.partition() == partition.partition()) {
                    values.add(record.value());
                }
            }
            return values;
        }

        /** One line for evidence. */
        String summary() {
            return records.size() + " records " + values() + ", positions " + positions + " of ends " + ends + " ("
                    + endsFrom + ")";
        }
    }
}
