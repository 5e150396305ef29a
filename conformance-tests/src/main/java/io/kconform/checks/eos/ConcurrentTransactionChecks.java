package io.kconform.checks.eos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * A transaction that begins while the previous one is still completing: after EndTxn the coordinator writes the
 * markers, and a request of the same transactional id arriving in that window is told to retry
 * (CONCURRENT_TRANSACTIONS), never refused for good. Judged on the wire (AddPartitionsToTxn sent right after
 * EndTxn: its first answer, and the retried one) and by the Java producer running short transactions back to
 * back, as every consume-transform-produce loop does.
 */
class ConcurrentTransactionChecks {

    private static final int TRANSACTIONS = 50;
    /** The answers that let a client go on: taken, or told to retry while the markers are written. */
    private static final Set<Errors> GO_ON = EnumSet.of(Errors.NONE, Errors.CONCURRENT_TRANSACTIONS);

    @Check(id = "eos.txn.concurrent-end-retriable",
            title = "A transaction begun while the previous one's markers are written is answered"
                    + " CONCURRENT_TRANSACTIONS (retriable) or taken, and succeeds on retry; 50 back-to-back"
                    + " transactions of the Java producer all commit",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.SHOULD,
            spec = {"KIP-98 (transaction coordinator, CONCURRENT_TRANSACTIONS)", "AddPartitionsToTxn", "EndTxn"},
            hint = "While a transaction is PrepareCommit or PrepareAbort (markers not yet written) the coordinator must"
                    + " answer a request of the same transactional id with CONCURRENT_TRANSACTIONS, which clients"
                    + " retry, and take it once the transaction completed. A non-retriable error there (INVALID_TXN_STATE,"
                    + " PRODUCER_FENCED, ...) breaks every application that commits and begins at once: the producer"
                    + " goes into a fatal or abortable state.")
    @RequiresApi(ApiKeys.FIND_COORDINATOR)
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.ADD_PARTITIONS_TO_TXN)
    @RequiresApi(ApiKeys.END_TXN)
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    void concurrentEndRetriable(CheckContext ctx) {
        String topic = ctx.createTopic("concurrent-end", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        // the protocol before transactions V2, where the client adds each partition itself
        short produceVersion = (short) Math.min(ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE), 11);
        short addVersion = (short) Math.min(ctx.target().facts().newestCommonVersion(ApiKeys.ADD_PARTITIONS_TO_TXN), 3);
        short endTxnVersion = (short) Math.min(ctx.target().facts().newestCommonVersion(ApiKeys.END_TXN), 4);
        try (TransactionalWire wire = TransactionalWire.open(ctx, ctx.uniqueName("concurrent-end"), topic)) {
            InitProducerIdResponseData id = wire.initProducerId();
            long producerId = id.producerId();
            short epoch = id.producerEpoch();
            ctx.evidence("InitProducerId: producer id %d, epoch %d", producerId, epoch);
            for (int i = 0; i < 2; i++) {
                Errors first = wire.addPartitionOnce(addVersion, producerId, epoch);
                ctx.evidence("transaction %d: AddPartitionsToTxn v%d, first answer %s%s", i + 1, addVersion, first,
                        i == 0 ? "" : " (sent right after the previous EndTxn)");
                assertThat(first).as("first answer of AddPartitionsToTxn for transaction %d: taken, or retriable"
                        + " CONCURRENT_TRANSACTIONS while the previous transaction completes", i + 1).isIn(GO_ON);
                Errors added = first == Errors.NONE ? first : wire.addPartition(addVersion, producerId, epoch);
                assertThat(added).as("AddPartitionsToTxn for transaction %d, retried", i + 1).isEqualTo(Errors.NONE);
                PartitionProduceResponse write = wire.produce(produceVersion, producerId, epoch, i, List.of("wire-" + i));
                assertThat(Errors.forCode(write.errorCode())).as("error of transaction %d's write", i + 1)
                        .isEqualTo(Errors.NONE);
                EndTxnResponseData committed = wire.endTxn(endTxnVersion, producerId, epoch, true);
                ctx.evidence("transaction %d: Produce v%d %s, EndTxn v%d commit %s", i + 1, produceVersion,
                        IdempotentWire.describe(write), endTxnVersion, Errors.forCode(committed.errorCode()));
                assertThat(Errors.forCode(committed.errorCode())).as("error of transaction %d's commit", i + 1)
                        .isEqualTo(Errors.NONE);
                ctx.accepted(EosLog.TRANSACTIONS_ACCEPTED);
            }
        }

        Producer<String, String> producer = ctx.producer(EosLog.transactional(ctx.uniqueName("back-to-back")));
        producer.initTransactions();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < TRANSACTIONS; i++) {
            String value = "txn-" + i;
            TransactionVisibilityChecks.sendInTransaction(producer, topic, List.of(value));
            producer.commitTransaction();
            values.add(value);
        }
        ctx.evidence("the Java producer committed %d one-record transactions back to back", TRANSACTIONS);
        EosLog.awaitNoOpenTransaction(ctx, List.of(partition), EosLog.MARKERS_WAIT);
        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_COMMITTED), IsolationLevel.READ_COMMITTED,
                List.of(partition), TargetContext.DEFAULT_WAIT);
        ctx.evidence("read_committed read: %d records, complete %s", read.values().size(), read.complete());
        List<String> expected = new ArrayList<>(List.of("wire-0", "wire-1"));
        expected.addAll(values);
        assertThat(read.values()).as("records of %s read_committed: both wire transactions', then the %d back-to-back"
                + " transactions', each once, in order", partition, TRANSACTIONS).containsExactlyElementsOf(expected);
    }
}
