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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Fencing of zombie producers (KIP-98): when a new producer initializes a transactional id, the
 * coordinator bumps the producer epoch, aborts the old instance's open transaction, and every later
 * request of the old instance is refused. This is what keeps a paused or partitioned instance (a
 * "zombie" after a failover) from committing duplicates next to its successor: Kafka Streams and
 * Connect's exactly-once source connectors depend on it.
 */
class FencingChecks {

    @Check(id = "eos.txn.fencing",
            title = "A second producer with the same transactional.id fences the first: its open transaction is aborted and it can no longer commit",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-98 (transactional.id, producer epoch, fencing)", "KIP-588", "KIP-890 (epoch bump per transaction)"},
            hint = "If this fails, look at InitProducerId for a transactional id that already has a producer: the"
                    + " coordinator must bump the epoch, abort the ongoing transaction (ABORT markers on its"
                    + " partitions) and refuse the old epoch afterwards (PRODUCER_FENCED from the coordinator,"
                    + " INVALID_PRODUCER_EPOCH from a partition leader). The transactional id must be the client's,"
                    + " not tied to a connection or session.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    void fencing(CheckContext ctx) {
        String topic = ctx.createTopic("txn-fencing", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        String transactionalId = ctx.uniqueName("txn");

        Producer<String, String> zombie = ctx.producer(EosLog.transactional(transactionalId));
        zombie.initTransactions();
        TransactionVisibilityChecks.sendInTransaction(zombie, topic, List.of("zombie-0"));
        ctx.evidence("producer A (transactional.id %s) opened a transaction and wrote 'zombie-0' (acknowledged)",
                transactionalId);

        Producer<String, String> successor = ctx.producer(EosLog.transactional(transactionalId));
        successor.initTransactions();
        TransactionVisibilityChecks.sendInTransaction(successor, topic, List.of("successor-0"));
        successor.commitTransaction();
        ctx.accepted(EosLog.TRANSACTIONS_ACCEPTED);
        ctx.evidence("producer B with the same transactional.id: initTransactions, wrote 'successor-0', committed");

        List<Throwable> refusals = new ArrayList<>();
        try {
            EosLog.await(zombie.send(new ProducerRecord<>(topic, 0, "key", "zombie-1")));
            ctx.evidence("producer A: send of 'zombie-1' acknowledged");
        } catch (RuntimeException e) {
            refusals.add(e);
            ctx.evidence("producer A: send of 'zombie-1' failed: %s", Throwables.chain(e));
        }
        boolean zombieCommitted = tryCommit(ctx, "A", zombie, refusals);
        assertThat(zombieCommitted).as("producer A, fenced by B, committed its transaction").isFalse();
        assertFencing("producer A (send, then commit)", refusals);

        // The coordinator's side alone: a zombie that only commits, without producing to a partition leader first.
        String secondId = ctx.uniqueName("txn");
        Producer<String, String> committingZombie = ctx.producer(EosLog.transactional(secondId));
        committingZombie.initTransactions();
        TransactionVisibilityChecks.sendInTransaction(committingZombie, topic, List.of("zombie-2"));
        ctx.producer(EosLog.transactional(secondId)).initTransactions();
        ctx.evidence("producer C (transactional.id %s) wrote 'zombie-2' in an open transaction; producer D with the"
                + " same transactional.id called initTransactions", secondId);
        List<Throwable> commitRefusals = new ArrayList<>();
        boolean secondZombieCommitted = tryCommit(ctx, "C", committingZombie, commitRefusals);
        assertThat(secondZombieCommitted).as("producer C, fenced by D, committed its transaction").isFalse();
        assertFencing("producer C (commit only)", commitRefusals);

        // Fencing aborts the fenced transactions; their ABORT markers are written asynchronously.
        EosLog.awaitNoOpenTransaction(ctx, List.of(partition), EosLog.MARKERS_WAIT);
        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_COMMITTED), IsolationLevel.READ_COMMITTED, List.of(partition),
                TargetContext.DEFAULT_WAIT);
        ctx.evidence("read_committed: %s", read.summary());
        assertThat(read.values()).as("records visible to read_committed: only the successor's").containsExactly(
                "successor-0");
        assertThat(read.complete()).as("the read_committed consumer reached the last stable offset: the fenced"
                + " producers' transactions are no longer open (%s)", read.summary()).isTrue();
    }

    private static boolean tryCommit(CheckContext ctx, String name, Producer<String, String> producer,
                                     List<Throwable> refusals) {
        try {
            producer.commitTransaction();
            ctx.evidence("producer %s: commitTransaction succeeded", name);
            return true;
        } catch (RuntimeException e) {
            refusals.add(e);
            ctx.evidence("producer %s: commitTransaction failed: %s", name, Throwables.chain(e));
            return false;
        }
    }

    private static void assertFencing(String who, List<Throwable> refusals) {
        assertThat(refusals.stream().anyMatch(Throwables::isFencing))
                .as("%s was refused as fenced (ProducerFencedException or InvalidProducerEpochException in the cause"
                        + " chain of: %s)", who, refusals.stream().map(Throwables::chain).toList())
                .isTrue();
    }
}
