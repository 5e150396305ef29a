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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Transactions V2 (KIP-890 part 2, {@code transaction.version=2}): the coordinator bumps the producer
 * epoch at the end of every transaction and writes the transaction's markers with the new epoch, so
 * that a write of a finished transaction arriving late is refused by the partition leader instead of
 * being taken into the next transaction ("hanging" transactions). A target that finalizes
 * transaction.version 2 claims this defence; one at level 0 or 1 does not offer it.
 *
 * <p>The Java producer speaks V2 (EndTxn v5) only where transaction.version 2 is finalized, and
 * Apache Kafka 4.4 applies V2 to each transaction whose EndTxn came at v5: a 4.4 broker formatted at
 * level 1 that is told level 2 is finalized (tried behind the project's proxy) bumps the epoch too.
 */
class TransactionsV2Checks {

    private static final int TRANSACTIONS = 3;

    @OfCapability(Capability.TRANSACTIONS_V2)
    @Check(id = "eos.txn.v2.epoch-bumped-per-transaction",
            title = "With transaction.version 2, every committed transaction bumps the producer epoch: after three"
                    + " transactions the partition's producer state shows an epoch of at least 3",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-890 (Transactions Server-Side Defense, part 2)", "KIP-664 (DescribeProducers)"},
            hint = "With transaction.version 2 finalized, EndTxn must bump the producer epoch and the COMMIT/ABORT"
                    + " markers must be written with the bumped epoch; DescribeProducers then reports it as the"
                    + " partition's last producer epoch. An epoch that stays at 0 means the target advertises"
                    + " transactions V2 without its server-side defence.")
    @RequiresFeature(value = "transaction.version", minLevel = 2)
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.END_TXN, minVersion = 5)
    @RequiresApi(ApiKeys.DESCRIBE_PRODUCERS)
    void epochBumpedPerTransaction(CheckContext ctx) {
        String topic = ctx.createTopic("txn-v2", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(EosLog.transactional(ctx.uniqueName("txn")));
        producer.initTransactions();
        for (int i = 0; i < TRANSACTIONS; i++) {
            TransactionVisibilityChecks.sendInTransaction(producer, topic, List.of("txn-" + i));
            producer.commitTransaction();
        }
        ctx.evidence("one transactional producer committed %d transactions of one record each", TRANSACTIONS);
        EosLog.awaitNoOpenTransaction(ctx, List.of(partition), EosLog.MARKERS_WAIT);

        List<ProducerState> producers = Await.result(ctx.admin().describeProducers(List.of(partition)).partitionResult(
                partition), "the partition's producer state").activeProducers();
        producers.forEach(p -> ctx.evidence("DescribeProducers: producer id %d, epoch %d, last sequence %d,"
                + " open transaction at %s", p.producerId(), p.producerEpoch(), p.lastSequence(),
                p.currentTransactionStartOffset().isPresent() ? p.currentTransactionStartOffset().getAsLong() : "none"));
        assertThat(producers).as("producers DescribeProducers lists for %s, which one producer wrote to", partition)
                .hasSize(1);
        assertThat(producers.get(0).producerEpoch())
                .as("the producer epoch after %d committed transactions (0 without a bump per transaction)",
                        TRANSACTIONS)
                .isGreaterThanOrEqualTo(TRANSACTIONS);
    }
}
