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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.ControlRecordType;

/**
 * Transactions as a consumer sees them (KIP-98): a committed transaction becomes visible whole, on
 * every partition it wrote; an aborted one never becomes visible to read_committed consumers; while a
 * transaction is open, a read_committed consumer stops at the last stable offset (LSO) and sees
 * neither its records nor anything after them, until the commit. Every exactly-once pipeline's
 * downstream consumer relies on exactly this.
 */
class TransactionVisibilityChecks {

    @Check(id = "eos.txn.commit-visible",
            title = "The records of a committed transaction, on two partitions, are all visible to a read_committed"
                    + " consumer, and each partition's log holds the transaction's COMMIT marker",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-98 (transactions)", "KIP-890 (transactions server-side defence)"},
            hint = "If this fails, look at the transaction coordinator (FindCoordinator type TRANSACTION,"
                    + " InitProducerId with a transactional id, AddPartitionsToTxn, EndTxn) and at the COMMIT markers"
                    + " it must write to every partition of the transaction, which advance the last stable offset;"
                    + " the evidence lists each partition's batches as a raw Fetch returns them.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void commitVisible(CheckContext ctx) {
        String topic = ctx.createTopic("txn-commit", 2, Map.of());
        List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        Producer<String, String> producer = ctx.producer(EosLog.transactional(ctx.uniqueName("txn")));
        producer.initTransactions();
        producer.beginTransaction();
        List<RecordMetadata> acks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acks.add(EosLog.await(producer.send(new ProducerRecord<>(topic, 0, "key-" + i, "p0-" + i))));
            acks.add(EosLog.await(producer.send(new ProducerRecord<>(topic, 1, "key-" + i, "p1-" + i))));
        }
        producer.commitTransaction();
        ctx.evidence("one transaction wrote 5 records to each of partitions 0 and 1 and committed");
        EosLog.awaitNoOpenTransaction(ctx, partitions, EosLog.MARKERS_WAIT);

        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_COMMITTED), IsolationLevel.READ_COMMITTED, partitions, TargetContext.DEFAULT_WAIT);
        ctx.evidence("read_committed: %s", read.summary());
        assertThat(read.values(partitions.get(0))).as("partition 0 under read_committed")
                .containsExactly("p0-0", "p0-1", "p0-2", "p0-3", "p0-4");
        assertThat(read.values(partitions.get(1))).as("partition 1 under read_committed")
                .containsExactly("p1-0", "p1-1", "p1-2", "p1-3", "p1-4");
        assertThat(read.complete()).as("the read_committed consumer reached the last stable offset of both"
                + " partitions (%s)", read.summary()).isTrue();

        // Visible records alone would pass on a target that takes transactional writes as plain ones; the
        // transaction shows in the log as its COMMIT marker on every partition it wrote to.
        for (TopicPartition partition : partitions) {
            List<LogBatches.Batch> batches = LogBatches.read(ctx, partition);
            ctx.evidence("batches of %s, read_uncommitted Fetch: %s", partition, batches);
            assertThat(batches).as("batches of %s", partition).isNotEmpty();
            LogBatches.Batch last = batches.get(batches.size() - 1);
            assertThat(last.marker()).as("the last batch of %s: the COMMIT marker of the transaction (%s)", partition,
                    batches).hasValue(ControlRecordType.COMMIT);
            assertThat(batches.subList(0, batches.size() - 1)).as("the data batches of %s: transactional, of the"
                    + " producer id the COMMIT marker carries (%d)", partition, last.producerId())
                    .allSatisfy(b -> assertThat(b.transactional() && b.producerId() == last.producerId())
                            .as("data batch %s of %s: transactional, of producer id %d", b, partition,
                                    last.producerId()).isTrue());
        }
    }

    @Check(id = "eos.txn.abort-invisible-read-committed",
            title = "An aborted transaction's records are invisible to read_committed and visible to read_uncommitted; committed ones around it are visible",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-98 (transactions, aborted transaction index)", "Fetch (aborted_transactions)"},
            hint = "If this fails, look at the ABORT marker and the aborted-transactions list a Fetch at read_committed"
                    + " must return (producer id and first offset of each aborted transaction in range): the client"
                    + " filters aborted batches with it and stops filtering at the marker. Missing markers also hide"
                    + " the producer's later committed records.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    void abortInvisible(CheckContext ctx) {
        String topic = ctx.createTopic("txn-abort", 1, Map.of());
        List<TopicPartition> partition = List.of(new TopicPartition(topic, 0));
        // One producer for the three transactions: the aborted one sits between two committed ones.
        Producer<String, String> producer = ctx.producer(EosLog.transactional(ctx.uniqueName("txn")));
        producer.initTransactions();
        sendInTransaction(producer, topic, List.of("committed-0", "committed-1", "committed-2"));
        producer.commitTransaction();
        ctx.accepted(EosLog.TRANSACTIONS_ACCEPTED);
        sendInTransaction(producer, topic, List.of("aborted-0", "aborted-1", "aborted-2"));
        producer.abortTransaction();
        sendInTransaction(producer, topic, List.of("committed-3", "committed-4", "committed-5"));
        producer.commitTransaction();
        ctx.evidence("transactions: commit [committed-0..2], abort [aborted-0..2] (all acknowledged), commit"
                + " [committed-3..5]");
        EosLog.awaitNoOpenTransaction(ctx, partition, EosLog.MARKERS_WAIT);

        EosLog.Read committed = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_COMMITTED), IsolationLevel.READ_COMMITTED, partition,
                TargetContext.DEFAULT_WAIT);
        ctx.evidence("read_committed: %s", committed.summary());
        assertThat(committed.values()).as("records under read_committed")
                .containsExactly("committed-0", "committed-1", "committed-2", "committed-3", "committed-4", "committed-5");
        assertThat(committed.complete()).as("the read_committed consumer reached the last stable offset (%s)",
                committed.summary()).isTrue();

        EosLog.Read uncommitted = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_UNCOMMITTED), IsolationLevel.READ_UNCOMMITTED, partition,
                TargetContext.DEFAULT_WAIT);
        ctx.evidence("read_uncommitted: %s", uncommitted.summary());
        assertThat(uncommitted.values()).as("records under read_uncommitted: aborted ones included")
                .containsExactly("committed-0", "committed-1", "committed-2", "aborted-0", "aborted-1", "aborted-2",
                        "committed-3", "committed-4", "committed-5");
    }

    @Check(id = "eos.txn.open-transaction-blocks-read-committed",
            title = "While a transaction is open, read_committed stops at the last stable offset; read_uncommitted sees everything; after commit both do",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-98 (last stable offset)", "ListOffsets and Fetch isolation_level"},
            hint = "If this fails, look at the last stable offset: with a transaction open from offset o, ListOffsets"
                    + " latest at READ_COMMITTED (where offered) and the last stable offset of a Fetch answer must say"
                    + " o, and Fetch at READ_COMMITTED must return nothing from o on, not even non-transactional records"
                    + " after it, until the transaction ends.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    void openTransactionBlocks(CheckContext ctx) {
        String topic = ctx.createTopic("txn-open", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> plain = ctx.producer(Map.of());
        Producer<String, String> transactional = ctx.producer(EosLog.transactional(ctx.uniqueName("txn")));
        transactional.initTransactions();

        long before = EosLog.await(plain.send(new ProducerRecord<>(topic, 0, "k", "before"))).offset();
        List<RecordMetadata> open = sendInTransaction(transactional, topic, List.of("open-0", "open-1", "open-2"));
        long after = EosLog.await(plain.send(new ProducerRecord<>(topic, 0, "k", "after"))).offset();
        long firstOpen = open.get(0).offset();
        ctx.evidence("non-transactional 'before' at %d, open transaction [open-0..2] at %d..%d (acknowledged, not"
                + " committed), non-transactional 'after' at %d", before, firstOpen, open.get(2).offset(), after);

        Consumer<String, String> committedConsumer = ctx.consumer(EosLog.READ_COMMITTED);
        long lastStable = EosLog.lastStableOffset(ctx, ctx.consumer(EosLog.READ_COMMITTED), partition);
        EosLog.Read committedWhileOpen = EosLog.readToEnd(ctx, committedConsumer, IsolationLevel.READ_COMMITTED, List.of(partition),
                TargetContext.DEFAULT_WAIT);
        // Keep polling a little: nothing past the last stable offset may arrive while the transaction is open.
        List<String> committedValues = new ArrayList<>(committedWhileOpen.values());
        for (ConsumerRecord<String, String> r : ctx.pollUntil(committedConsumer, Duration.ofSeconds(2), x -> false)) {
            committedValues.add(r.value());
        }
        ctx.evidence("while open: read_committed end offset (last stable offset) %d; read_committed read %s over 2 s"
                + " more", lastStable, committedValues);
        assertThat(lastStable).as("read_committed end offset while the transaction is open: the last stable offset,"
                + " the transaction's first offset").isEqualTo(firstOpen);
        assertThat(committedValues).as("records visible to read_committed while the transaction is open")
                .containsExactly("before");

        EosLog.Read uncommitted = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_UNCOMMITTED), IsolationLevel.READ_UNCOMMITTED, List.of(partition),
                TargetContext.DEFAULT_WAIT);
        ctx.evidence("while open: read_uncommitted %s", uncommitted.summary());
        assertThat(uncommitted.values()).as("records visible to read_uncommitted while the transaction is open")
                .containsExactly("before", "open-0", "open-1", "open-2", "after");

        transactional.commitTransaction();
        EosLog.awaitNoOpenTransaction(ctx, List.of(partition), EosLog.MARKERS_WAIT);
        EosLog.Read committedAfter = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_COMMITTED), IsolationLevel.READ_COMMITTED, List.of(partition),
                TargetContext.DEFAULT_WAIT);
        ctx.evidence("after commit: read_committed %s", committedAfter.summary());
        assertThat(committedAfter.values()).as("records visible to read_committed after the commit")
                .containsExactly("before", "open-0", "open-1", "open-2", "after");
        assertThat(committedAfter.complete()).as("the read_committed consumer reached the last stable offset after"
                + " the commit (%s)", committedAfter.summary()).isTrue();
    }

    /** Begins a transaction and sends the values to partition 0, waiting for every acknowledgement. */
    static List<RecordMetadata> sendInTransaction(Producer<String, String> producer, String topic, List<String> values) {
        producer.beginTransaction();
        List<RecordMetadata> acks = new ArrayList<>();
        for (String value : values) {
            acks.add(EosLog.await(producer.send(new ProducerRecord<>(topic, 0, "key-" + value, value))));
        }
        return acks;
    }
}
