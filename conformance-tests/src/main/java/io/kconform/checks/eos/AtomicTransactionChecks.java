package io.kconform.checks.eos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Transactions are atomic across partitions and topics (KIP-98): a transaction that wrote to many
 * partitions of several topics is committed on all of them or aborted on all of them, whatever its size,
 * and a read_committed consumer filters an aborted transaction wherever its records fall in a fetch: across
 * several fetches when it is large, and inside one fetch that also holds the committed transactions before
 * and after it. A pipeline that writes an order to one topic and its payment to another relies on never
 * seeing one without the other.
 */
class AtomicTransactionChecks {

    private static final int TOPICS = 2;
    private static final int PARTITIONS = 3;
    /** Records of the aborted transaction on each partition: several fetches' worth at 16 KiB per fetch. */
    private static final int ABORTED_PER_PARTITION = 400;
    private static final int COMMITTED_PER_PARTITION = 2;
    /** Each aborted record's value is padded to about this size, so that the transaction spans many batches. */
    private static final int PADDING = 100;
    /** The part-A consumer's max.partition.fetch.bytes: the aborted transaction spans several fetches. */
    private static final int SMALL_FETCH_BYTES = 16 * 1024;
    /** The part-B consumer's fetch sizes: three small transactions fit in one fetch. */
    private static final int LARGE_FETCH_BYTES = 8 * 1024 * 1024;

    @Check(id = "eos.txn.atomic-across-partitions",
            title = "A transaction over 6 partitions of 2 topics is all-or-nothing: a large aborted one is invisible to"
                    + " read_committed on every partition, the small committed one after it visible on every"
                    + " partition; an aborted transaction between two committed ones is filtered within one fetch",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-98 (transactions, atomic multi-partition writes)", "Fetch (aborted_transactions,"
                    + " last_stable_offset)"},
            hint = "If this fails, the evidence names the partitions where aborted records were delivered or committed"
                    + " ones were missing. The coordinator must write the ABORT or COMMIT marker to every partition"
                    + " of the transaction, and every read_committed Fetch must list each aborted transaction whose"
                    + " records it returns (producer id, first offset), including a fetch that begins inside a large"
                    + " aborted transaction and one that spans a committed, an aborted and a committed transaction.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void atomicAcrossPartitions(CheckContext ctx) {
        allOrNothingOnEveryPartition(ctx);
        abortedFilteredWithinOneFetch(ctx);
    }

    /** Part A: a large aborted and a small committed transaction over 2 topics of 3 partitions. */
    private static void allOrNothingOnEveryPartition(CheckContext ctx) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int t = 0; t < TOPICS; t++) {
            String topic = ctx.createTopic("txn-atomic-" + t, PARTITIONS, Map.of());
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        Producer<String, String> producer = ctx.producer(EosLog.transactional(ctx.uniqueName("txn")));
        producer.initTransactions();

        producer.beginTransaction();
        sendAll(producer, partitions, ABORTED_PER_PARTITION, "aborted", "x".repeat(PADDING));
        producer.abortTransaction();
        producer.beginTransaction();
        sendAll(producer, partitions, COMMITTED_PER_PARTITION, "committed", "");
        producer.commitTransaction();
        ctx.accepted(EosLog.TRANSACTIONS_ACCEPTED);
        ctx.evidence("one producer: a transaction of %d records on each of %d partitions (%s), all acknowledged,"
                + " aborted; then one of %d records on each, committed", ABORTED_PER_PARTITION, partitions.size(),
                partitions, COMMITTED_PER_PARTITION);
        EosLog.awaitNoOpenTransaction(ctx, partitions, EosLog.MARKERS_WAIT);

        Map<String, Object> smallFetches = new HashMap<>(EosLog.READ_COMMITTED);
        smallFetches.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, SMALL_FETCH_BYTES);
        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(smallFetches), IsolationLevel.READ_COMMITTED,
                partitions, TargetContext.DEFAULT_WAIT);
        List<String> wrong = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            List<String> values = read.values(partition).stream().map(v -> v.replaceAll("x+$", "")).toList();
            List<String> expected = expected(partitions.indexOf(partition), COMMITTED_PER_PARTITION, "committed");
            String summary = String.format("%s: %d records, %d of the aborted transaction, first %s", partition,
                    values.size(), values.stream().filter(v -> v.startsWith("aborted")).count(),
                    values.subList(0, Math.min(values.size(), 3)));
            ctx.evidence("read_committed %s", summary);
            if (!values.equals(expected)) {
                wrong.add(summary);
            }
        }
        assertThat(wrong).as("partitions where read_committed (max.partition.fetch.bytes %d) did not see exactly the"
                        + " committed transaction's %d records; the aborted transaction must be invisible on every"
                        + " partition", SMALL_FETCH_BYTES, COMMITTED_PER_PARTITION).isEmpty();
        assertThat(read.complete()).as("the read_committed consumer reached the last stable offset of every"
                + " partition (%s)", read.positions()).isTrue();
    }

    /**
     * Part B: committed, aborted, committed on one partition, read by a consumer whose single fetch spans all
     * three; a raw Fetch at READ_COMMITTED shows what one answer holds.
     */
    private static void abortedFilteredWithinOneFetch(CheckContext ctx) {
        String topic = ctx.createTopic("txn-span", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(EosLog.transactional(ctx.uniqueName("txn")));
        producer.initTransactions();
        TransactionVisibilityChecks.sendInTransaction(producer, topic, List.of("committed-0", "committed-1",
                "committed-2"));
        producer.commitTransaction();
        List<RecordMetadata> aborted = TransactionVisibilityChecks.sendInTransaction(producer, topic,
                List.of("aborted-0", "aborted-1", "aborted-2"));
        producer.abortTransaction();
        TransactionVisibilityChecks.sendInTransaction(producer, topic, List.of("committed-3", "committed-4",
                "committed-5"));
        producer.commitTransaction();
        ctx.evidence("on %s: commit [committed-0..2], abort [aborted-0..2] at %d..%d, commit [committed-3..5]",
                partition, aborted.get(0).offset(), aborted.get(2).offset());
        EosLog.awaitNoOpenTransaction(ctx, List.of(partition), EosLog.MARKERS_WAIT);

        try {
            CommittedFetch.Answer answer = CommittedFetch.fromStart(ctx, partition);
            ctx.evidence("one Fetch at READ_COMMITTED from offset 0: batches %s, aborted transactions %s, last stable"
                    + " offset %d; it %s all three transactions", answer.batches(), answer.aborted(),
                    answer.lastStableOffset(), answer.nextOffset() >= answer.lastStableOffset() ? "spans" : "does not"
                            + " span");
        } catch (RuntimeException e) {
            ctx.evidence("a raw Fetch at READ_COMMITTED failed: %s", Throwables.chain(e));
        }

        Map<String, Object> oneFetch = new HashMap<>(EosLog.READ_COMMITTED);
        oneFetch.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, LARGE_FETCH_BYTES);
        oneFetch.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, LARGE_FETCH_BYTES);
        Consumer<String, String> consumer = ctx.consumer(oneFetch);
        consumer.assign(List.of(partition));
        EosLog.seekToStart(ctx, consumer, List.of(partition));
        long end = EosLog.lastStableOffset(ctx, ctx.consumer(EosLog.READ_COMMITTED), partition);
        List<String> values = new ArrayList<>();
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        boolean first = true;
        while (consumer.position(partition, TargetContext.DEFAULT_WAIT) < end && System.nanoTime() < deadline) {
            List<String> polled = new ArrayList<>();
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                polled.add(record.value());
            }
            if (first && !polled.isEmpty()) {
                first = false;
                // The consumer fetches a partition again only once it handed out what it had: a first poll that
                // reaches the end came from one fetch answer spanning all three transactions.
                ctx.evidence("the first poll delivered %s, position %d of last stable offset %d: %s", polled,
                        consumer.position(partition), end, consumer.position(partition) >= end
                                ? "one fetch spanned the three transactions" : "the target served them in several"
                                + " fetches");
            }
            values.addAll(polled);
        }
        ctx.evidence("read_committed (max.partition.fetch.bytes %d): %s", LARGE_FETCH_BYTES, values);
        assertThat(values).as("records under read_committed: the aborted transaction between the committed ones"
                + " filtered").containsExactly("committed-0", "committed-1", "committed-2", "committed-3",
                "committed-4", "committed-5");
        assertThat(consumer.position(partition)).as("position of the read_committed consumer: the last stable offset")
                .isGreaterThanOrEqualTo(end);
    }

    /** Sends {@code count} records to every partition, all in flight together, and waits for every ack. */
    private static void sendAll(Producer<String, String> producer, List<TopicPartition> partitions, int count,
                                String prefix, String padding) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            for (TopicPartition partition : partitions) {
                acks.add(producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "key-" + i,
                        value(partitions.indexOf(partition), prefix, i) + padding)));
            }
        }
        acks.forEach(EosLog::await);
    }

    private static List<String> expected(int partitionIndex, int count, String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            values.add(value(partitionIndex, prefix, i));
        }
        return values;
    }

    /**
     * A value naming its transaction, its partition's place among the check's partitions (topic 0's
     * partitions 0..2, then topic 1's as 3..5) and its number: {@code committed-4-1}.
     */
    private static String value(int partitionIndex, String prefix, int i) {
        return prefix + "-" + partitionIndex + "-" + i;
    }
}
