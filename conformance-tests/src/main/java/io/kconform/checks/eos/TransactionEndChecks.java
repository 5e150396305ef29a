package io.kconform.checks.eos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * How transactions end (KIP-98): a transaction that wrote no records ends cleanly and the producer goes on, and
 * every ended transaction is ended for good: its markers written, the partitions' last stable offset at their
 * high watermark, the coordinator no longer holding it open. A transaction left open (a "hanging transaction")
 * holds back every read_committed consumer of its partitions, and a transaction that cannot end without records
 * breaks consume-transform-produce steps whose input was filtered out entirely.
 */
class TransactionEndChecks {

    /** How long the coordinator may take to write markers and settle its state after EndTxn. */
    private static final Duration SETTLE = Duration.ofSeconds(15);
    /**
     * Shorter than Kafka's default of 60 s, so that a transaction a faulty target leaves open is aborted by the
     * coordinator soon after the check, not held over the checks that come after it; far above what the check takes.
     */
    private static final int TRANSACTION_TIMEOUT_MS = 30_000;
    private static final Set<TransactionState> OPEN = EnumSet.of(TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT);

    @Check(id = "eos.txn.empty-commit-and-abort",
            title = "Transactions without records end cleanly: one carrying offsets alone commits them or, aborted,"
                    + " discards them, and the producer's next transaction is read back",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-98 (AddOffsetsToTxn, TxnOffsetCommit, EndTxn)", "KIP-447"},
            hint = "If this fails, look at EndTxn for a transaction that added no data partition, only the consumer"
                    + " offsets (AddOffsetsToTxn, TxnOffsetCommit): commit must make the offsets the group's, abort"
                    + " must discard them, and both must leave the producer able to run its next transaction."
                    + " Consume-transform-produce commits such transactions whenever a step writes no output.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    @RequiresApi(ApiKeys.ADD_OFFSETS_TO_TXN)
    @RequiresApi(ApiKeys.TXN_OFFSET_COMMIT)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void emptyCommitAndAbort(CheckContext ctx) {
        String input = ctx.createTopic("empty-txn-input", 1, Map.of());
        String output = ctx.createTopic("empty-txn-output", 1, Map.of());
        TopicPartition inputPartition = new TopicPartition(input, 0);
        TopicPartition outputPartition = new TopicPartition(output, 0);
        String group = ctx.uniqueName("empty-txn-group");
        // A group without members: its offsets are the application's own (generation -1), as for assign().
        ConsumerGroupMetadata metadata = new ConsumerGroupMetadata(group);
        Producer<String, String> producer = ctx.producer(EosLog.transactional(ctx.uniqueName("txn")));
        producer.initTransactions();

        // Nothing at all: the Java producer ends such a transaction itself and sends no EndTxn (it skips one when
        // no record and no offset was added), so this part shows only that the client goes on.
        producer.beginTransaction();
        producer.commitTransaction();
        producer.beginTransaction();
        producer.abortTransaction();
        ctx.evidence("an empty transaction committed and another aborted (the Java producer sends no EndTxn for"
                + " them: nothing reaches the target)");

        // Offsets alone: TxnOffsetCommit (after AddOffsetsToTxn, which transactions V2 leave out) and EndTxn, with no
        // data partition in the transaction.
        // A refused end is judged before the group's offsets are read: a transaction left open keeps them unstable.
        RuntimeException commitRefused = endOffsetsOnly(producer, inputPartition, 2, metadata, true);
        ctx.evidence("transaction with offsets alone (%s at 2) committed: %s", inputPartition,
                commitRefused == null ? "succeeded" : "refused: " + Throwables.chain(commitRefused));
        assertThat(commitRefused).as("the producer's error ending a transaction of offsets alone with a commit")
                .isNull();
        ctx.accepted(EosLog.TRANSACTIONS_ACCEPTED);
        OffsetAndMetadata afterCommit = EosLog.awaitCommittedOffset(ctx, group, inputPartition, 2, EosLog.MARKERS_WAIT);
        ctx.evidence("the group's offset then: %s", afterCommit == null ? "none" : afterCommit.offset());
        assertThat(afterCommit).as("the group's offset after the committed transaction of offsets alone").isNotNull();
        assertThat(afterCommit.offset()).as("the group's offset after the committed transaction of offsets alone")
                .isEqualTo(2);

        RuntimeException abortRefused = endOffsetsOnly(producer, inputPartition, 4, metadata, false);
        ctx.evidence("transaction with offsets alone (%s at 4) aborted: %s", inputPartition,
                abortRefused == null ? "succeeded" : "refused: " + Throwables.chain(abortRefused));
        assertThat(abortRefused).as("the producer's error ending a transaction of offsets alone with an abort")
                .isNull();
        OffsetAndMetadata afterAbort = EosLog.awaitCommittedOffset(ctx, group, inputPartition, 2, EosLog.MARKERS_WAIT);
        ctx.evidence("the group's offset then: %s", afterAbort == null ? "none" : afterAbort.offset());
        assertThat(afterAbort).as("the group's offset after the aborted transaction of offsets alone").isNotNull();
        assertThat(afterAbort.offset()).as("the group's offset after the aborted transaction of offsets alone: still"
                + " the committed one").isEqualTo(2);

        // The producer goes on: a transaction with records, read back under read_committed.
        TransactionVisibilityChecks.sendInTransaction(producer, output, List.of("after-0", "after-1"));
        producer.commitTransaction();
        EosLog.awaitNoOpenTransaction(ctx, List.of(outputPartition), EosLog.MARKERS_WAIT);
        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_COMMITTED), IsolationLevel.READ_COMMITTED,
                List.of(outputPartition), TargetContext.DEFAULT_WAIT);
        ctx.evidence("then a transaction with 'after-0', 'after-1' committed; read_committed: %s", read.summary());
        assertThat(read.values()).as("records of the transaction after those without records, under read_committed")
                .containsExactly("after-0", "after-1");
        assertThat(read.complete()).as("the read_committed consumer reached the last stable offset (%s)",
                read.summary()).isTrue();
    }

    /** A transaction carrying only offsets, committed or aborted; what the producer threw, or null. */
    private static RuntimeException endOffsetsOnly(Producer<String, String> producer, TopicPartition partition,
                                                   long offset, ConsumerGroupMetadata metadata, boolean commit) {
        try {
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(offset)), metadata);
            if (commit) {
                producer.commitTransaction();
            } else {
                producer.abortTransaction();
            }
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Check(id = "eos.txn.none-left-hanging",
            title = "After committed and aborted transactions nothing is left open: last stable offset at the high"
                    + " watermark, the transactional ids no longer Ongoing",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-98 (EndTxn, transaction markers, last stable offset)", "KIP-664 (hanging transactions)"},
            hint = "If this fails, look at what EndTxn does: the coordinator must write COMMIT or ABORT markers to"
                    + " every partition of the transaction and complete it; until then the partitions' last stable"
                    + " offset stays at the transaction's first record and read_committed consumers stop there."
                    + " ListOffsets under read_committed must then equal the high watermark.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    void noneLeftHanging(CheckContext ctx) {
        String topic = ctx.createTopic("hanging", 2, Map.of());
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        // One producer per transaction: each transaction ends on its own, whatever the target did with the other.
        String committing = ctx.uniqueName("txn-commit");
        String aborting = ctx.uniqueName("txn-abort");
        Producer<String, String> first = transactionalProducer(ctx, committing);
        sendToBoth(first, topic, "committed");
        first.commitTransaction();
        ctx.accepted(EosLog.TRANSACTIONS_ACCEPTED);
        Producer<String, String> second = transactionalProducer(ctx, aborting);
        sendToBoth(second, topic, "aborted");
        second.abortTransaction();
        ctx.evidence("transactional id %s wrote one record to p0 and p1 and committed; %s did the same and aborted",
                committing, aborting);

        Map<TopicPartition, LogBatches.Ends> ends = awaitStable(ctx, partitions);
        ctx.evidence("after at most %d s: %s", SETTLE.toSeconds(), describe(ends));
        for (TopicPartition partition : partitions) {
            assertThat(ends.get(partition).lastStableOffset())
                    .as("last stable offset of %s, compared with its high watermark (a transaction left open keeps it"
                            + " behind)", partition).isEqualTo(ends.get(partition).highWatermark());
        }

        List<String> ids = List.of(committing, aborting);
        if (ctx.target().facts().advertises(ApiKeys.LIST_TRANSACTIONS)) {
            List<String> listedOpen = awaitNoneListedOpen(ctx, ids);
            ctx.evidence("ListTransactions, states %s: of %s, %s listed", OPEN, ids, listedOpen);
            assertThat(listedOpen).as("transactional ids listed in an open state by ListTransactions").isEmpty();
        } else {
            ctx.evidence("ListTransactions not advertised: the coordinator's view is not asked");
        }
        if (ctx.target().facts().advertises(ApiKeys.DESCRIBE_TRANSACTIONS)) {
            Map<String, TransactionState> states = awaitDescribedClosed(ctx, ids);
            ctx.evidence("DescribeTransactions: %s", states);
            assertThat(states.values()).as("states DescribeTransactions gives for %s", ids).noneMatch(OPEN::contains);
        } else {
            ctx.evidence("DescribeTransactions not advertised: the coordinator's view is not asked");
        }
    }

    private static Producer<String, String> transactionalProducer(CheckContext ctx, String transactionalId) {
        Producer<String, String> producer = ctx.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS));
        producer.initTransactions();
        return producer;
    }

    /** Opens a transaction and writes one record to partitions 0 and 1, each acknowledged. */
    private static void sendToBoth(Producer<String, String> producer, String topic, String value) {
        producer.beginTransaction();
        for (int p = 0; p < 2; p++) {
            EosLog.await(producer.send(new ProducerRecord<>(topic, p, "key", value + "-p" + p)));
        }
    }

    /**
     * The partitions' ends once the last stable offset reached the high watermark everywhere, or the last seen when
     * {@link #SETTLE} ran out: ListOffsets under both isolation levels where the target offers it, otherwise what a
     * Fetch answer states.
     */
    private static Map<TopicPartition, LogBatches.Ends> awaitStable(CheckContext ctx, List<TopicPartition> partitions) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Map<TopicPartition, LogBatches.Ends> ends = ends(ctx, partitions);
            boolean stable = ends.values().stream().allMatch(e -> e.lastStableOffset() == e.highWatermark());
            if (stable || System.nanoTime() >= deadline) {
                return ends;
            }
            TargetContext.sleep(Duration.ofMillis(200));
        }
    }

    private static Map<TopicPartition, LogBatches.Ends> ends(CheckContext ctx, Collection<TopicPartition> partitions) {
        Map<TopicPartition, LogBatches.Ends> ends = new LinkedHashMap<>();
        if (!ctx.target().facts().advertises(ApiKeys.LIST_OFFSETS)) {
            partitions.forEach(p -> ends.put(p, LogBatches.ends(ctx, p)));
            return ends;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> stable = Await.result(ctx.admin().listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), "ListOffsets (read_committed)");
        Map<TopicPartition, ListOffsetsResultInfo> high = Await.result(ctx.admin().listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all(), "ListOffsets (read_uncommitted)");
        partitions.forEach(p -> ends.put(p, new LogBatches.Ends(high.get(p).offset(), stable.get(p).offset())));
        return ends;
    }

    private static String describe(Map<TopicPartition, LogBatches.Ends> ends) {
        List<String> parts = new ArrayList<>();
        ends.forEach((p, e) -> parts.add(p + ": last stable offset " + e.lastStableOffset() + ", high watermark "
                + e.highWatermark()));
        return String.join("; ", parts);
    }

    /** The ids ListTransactions still lists in an open state when none is, or {@link #SETTLE} ran out. */
    private static List<String> awaitNoneListedOpen(CheckContext ctx, List<String> ids) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Collection<TransactionListing> listings = Await.result(ctx.admin().listTransactions(
                    new ListTransactionsOptions().filterStates(OPEN)).all(), "ListTransactions");
            List<String> open = listings.stream().map(TransactionListing::transactionalId).filter(ids::contains)
                    .toList();
            if (open.isEmpty() || System.nanoTime() >= deadline) {
                return open;
            }
            TargetContext.sleep(Duration.ofMillis(200));
        }
    }

    /** The states DescribeTransactions gives for the ids once none is open, or {@link #SETTLE} ran out. */
    private static Map<String, TransactionState> awaitDescribedClosed(CheckContext ctx, List<String> ids) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Map<String, TransactionState> states = new LinkedHashMap<>();
            Await.result(ctx.admin().describeTransactions(ids).all(), "DescribeTransactions")
                    .forEach((id, description) -> states.put(id, description.state()));
            if (states.values().stream().noneMatch(OPEN::contains) || System.nanoTime() >= deadline) {
                return states;
            }
            TargetContext.sleep(Duration.ofMillis(200));
        }
    }
}
