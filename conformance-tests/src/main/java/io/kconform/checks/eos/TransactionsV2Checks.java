package io.kconform.checks.eos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.Check;
import io.kconform.api.OfCapability;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.RequiresFeature;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.ControlRecordType;

/**
 * Transactions V2 (KIP-890 part 2, {@code transaction.version=2}): the coordinator bumps the producer
 * epoch at the end of every transaction and writes the transaction's markers with the new epoch, and the
 * producer writes its next transaction with it, so that a write of a finished transaction arriving late is
 * refused by the partition leader instead of being taken into the next transaction ("hanging"
 * transactions). A target that finalizes transaction.version 2 claims this defence; one at level 0 or 1
 * does not offer it.
 *
 * <p>The bump is judged where it takes effect, in the log: the epoch each batch and each marker carries,
 * as a raw Fetch returns them. DescribeProducers summarises the same producer state, but an endpoint may
 * not offer it, or report it differently, while its log shows the bump; it is evidence here, not the
 * verdict.
 *
 * <p>The Java producer speaks V2 (EndTxn v5) only where transaction.version 2 is finalized, and
 * Apache Kafka 4.4 applies V2 to each transaction whose EndTxn came at v5: a 4.4 broker formatted at
 * level 1 that is told level 2 is finalized (tried behind the project's proxy) bumps the epoch too.
 */
class TransactionsV2Checks {

    private static final int TRANSACTIONS = 3;

    @OfCapability(Capability.TRANSACTIONS_V2)
    @Check(id = "eos.txn.v2.epoch-bumped-per-transaction",
            title = "With transaction.version 2, every transaction ends with a bumped producer epoch: in the log, each"
                    + " COMMIT marker carries a higher epoch than its transaction's records, and each transaction's"
                    + " records a higher epoch than the previous one's",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-890 (Transactions Server-Side Defense, part 2)", "KIP-98 (control batches)"},
            hint = "Read the evidence's batches: with transaction.version 2 finalized and EndTxn v5, the coordinator"
                    + " must bump the producer epoch when the transaction ends, write the COMMIT markers with the"
                    + " bumped epoch, and return it in the EndTxn response, which the producer uses for its next"
                    + " transaction's batches. Batches of every transaction at the epoch InitProducerId gave mean"
                    + " EndTxn v5 was served without the bump (transactions V1 behind a V2 advertisement);"
                    + " missing markers point at the transaction coordinator, not at the bump.")
    @RequiresFeature(value = "transaction.version", minLevel = 2)
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.END_TXN, minVersion = 5)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void epochBumpedPerTransaction(CheckContext ctx) {
        String topic = ctx.createTopic("txn-v2", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(EosLog.transactional(ctx.uniqueName("txn")));
        producer.initTransactions();
        for (int i = 0; i < TRANSACTIONS; i++) {
            TransactionVisibilityChecks.sendInTransaction(producer, topic, List.of("txn-" + i));
            producer.commitTransaction();
            ctx.accepted(EosLog.TRANSACTIONS_ACCEPTED);
        }
        ctx.evidence("one transactional producer committed %d transactions of one record each", TRANSACTIONS);
        EosLog.awaitNoOpenTransaction(ctx, List.of(partition), EosLog.MARKERS_WAIT);

        List<LogBatches.Batch> batches = LogBatches.read(ctx, partition);
        ctx.evidence("batches of %s, read_uncommitted Fetch: %s", partition, batches);
        describeProducers(ctx, partition);

        List<Transaction> transactions = Transaction.of(batches);
        assertThat(transactions).as("transactions in the log of %s, each its records and the marker that ends it"
                + " (%s)", partition, batches).hasSize(TRANSACTIONS);
        for (Transaction transaction : transactions) {
            assertThat(transaction.marker()).as("marker ending the transaction of records %s", transaction.data())
                    .hasValueSatisfying(m -> assertThat(m.marker()).as("the marker ending the transaction of records %s,"
                            + " committed: COMMIT", transaction.data()).hasValue(ControlRecordType.COMMIT));
        }
        assertThat(batches.stream().map(LogBatches.Batch::producerId).distinct().toList())
                .as("producer ids in the log of %s, which one producer wrote: KIP-890 bumps the epoch and keeps the"
                        + " id until the epoch is exhausted", partition).hasSize(1);
        for (int i = 0; i < transactions.size(); i++) {
            Transaction transaction = transactions.get(i);
            assertThat(transaction.marker().orElseThrow().producerEpoch())
                    .as("epoch of the COMMIT marker of transaction %d, against its records' epoch %d: the coordinator"
                            + " bumps the epoch when the transaction ends and writes the marker with it", i + 1,
                            transaction.highestDataEpoch())
                    .isGreaterThan(transaction.highestDataEpoch());
            if (i > 0) {
                Transaction previous = transactions.get(i - 1);
                assertThat(transaction.lowestDataEpoch())
                        .as("epoch of the records of transaction %d, against transaction %d's records at epoch %d: each"
                                + " new transaction is written with the epoch the last one ended with", i + 1, i,
                                previous.highestDataEpoch())
                        .isGreaterThan(previous.highestDataEpoch());
            }
        }
    }

    /** DescribeProducers' view of the partition, for the evidence only; the log decides. */
    private static void describeProducers(CheckContext ctx, TopicPartition partition) {
        if (!ctx.target().facts().advertises(ApiKeys.DESCRIBE_PRODUCERS)) {
            ctx.evidence("DescribeProducers not advertised: no admin view of the producer state");
            return;
        }
        try {
            List<ProducerState> producers = Await.result(ctx.admin().describeProducers(List.of(partition))
                    .partitionResult(partition), "the partition's producer state").activeProducers();
            producers.forEach(p -> ctx.evidence("DescribeProducers (evidence only): producer id %d, epoch %d, last"
                    + " sequence %d", p.producerId(), p.producerEpoch(), p.lastSequence()));
        } catch (KafkaException e) {
            ctx.evidence("DescribeProducers (evidence only) failed: %s", e.getMessage());
        }
    }

    /**
     * The data batches of one transaction and the control batch that ended it.
     *
     * @param data   the transaction's data batches, in offset order
     * @param marker the control batch that ended it, if the log has one
     */
    record Transaction(List<LogBatches.Batch> data, Optional<LogBatches.Batch> marker) {

        /** The log's batches grouped into transactions: data batches up to each control batch. */
        static List<Transaction> of(List<LogBatches.Batch> batches) {
            List<Transaction> transactions = new ArrayList<>();
            List<LogBatches.Batch> data = new ArrayList<>();
            for (LogBatches.Batch batch : batches) {
                if (batch.marker().isPresent()) {
                    transactions.add(new Transaction(List.copyOf(data), Optional.of(batch)));
                    data.clear();
                } else {
                    data.add(batch);
                }
            }
            if (!data.isEmpty()) {
                transactions.add(new Transaction(List.copyOf(data), Optional.empty()));
            }
            return transactions;
        }

        short highestDataEpoch() {
            return data.stream().map(LogBatches.Batch::producerEpoch).max(Short::compare).orElse((short) -1);
        }

        short lowestDataEpoch() {
            return data.stream().map(LogBatches.Batch::producerEpoch).min(Short::compare).orElse((short) -1);
        }
    }
}
