package io.kconform.checks.eos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.OfCapability;
import io.kconform.api.RequiresApi;
import io.kconform.api.RequiresFeature;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Recovery of a transactional producer from a transaction timeout by an epoch bump (KIP-360's aim, reached
 * for timeouts with transactions V2, KIP-890 part 2): when the coordinator aborts a transaction that ran
 * past {@code transaction.timeout.ms}, it bumps the producer epoch, so the producer's next write is refused
 * (INVALID_PRODUCER_EPOCH from the partition leader, an abortable error since KIP-588). The application
 * then calls {@code abortTransaction()} and goes on with the same producer instance: the abort's EndTxn
 * (v5) with the old epoch is taken as the abort the coordinator already made and answers the bumped epoch,
 * and the producer's next transaction commits. Before, such a producer was fenced for good and had to be
 * closed and created again, so a stream task or a connector restarted on every slow transaction.
 *
 * <p>Only with transactions V2: Apache Kafka 4.4 at transaction.version 1 answers that abort with
 * PRODUCER_FENCED, fatal to the Java producer (tried: the same scenario FAILS there), because KIP-360's
 * bump with InitProducerId is for errors the producer detects itself (a batch that timed out in the
 * client, UNKNOWN_PRODUCER_ID, OUT_OF_ORDER_SEQUENCE_NUMBER), which a check cannot cause against a
 * healthy endpoint without faults. The check therefore belongs to the transactions V2 capability and is
 * UNSUPPORTED where transaction.version 2 is not finalized.
 *
 * <p>Guarantees checked: the timed-out transaction's records never become visible to read_committed, the
 * producer's write after the timeout is refused and does not commit, {@code abortTransaction()} succeeds,
 * and the next transaction of the same instance, begun without a new {@code initTransactions()}, commits
 * and is visible exactly.
 */
class EpochBumpRecoveryChecks {

    /** The transaction timeout the producer asks for: short, so that the coordinator aborts it soon. */
    static final int TRANSACTION_TIMEOUT_MS = 3000;
    /** How long the check waits for the coordinator to abort the transaction (as eos.txn.timeout-aborts). */
    static final int ABORT_WAIT_SECONDS = TransactionTimeoutChecks.WAIT_SECONDS;

    @OfCapability(Capability.TRANSACTIONS_V2)
    @Check(id = "eos.txn.v2.timed-out-producer-recovers",
            title = "A transactional producer whose transaction timed out gets an abortable error, aborts, and runs its"
                    + " next transaction with the same instance (no new initTransactions): only that one is visible",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.SHOULD,
            spec = {"KIP-360 (safe epoch bumping)", "KIP-588 (recovering from transaction timeouts)",
                    "KIP-890 (transactions server-side defence)", "KIP-98 (transaction.timeout.ms)"},
            hint = "If this fails, read the evidence's error chain. After the coordinator aborts a timed-out"
                    + " transaction and bumps the epoch, the partition leader must refuse the old epoch with"
                    + " INVALID_PRODUCER_EPOCH (abortable), not PRODUCER_FENCED (fatal); the abort's EndTxn with the"
                    + " old epoch must succeed or be answered so that the producer can bump (KIP-890: EndTxn returns"
                    + " the new epoch; KIP-360: InitProducerId with the current producer id and epoch returns the"
                    + " bumped epoch, keeping the producer id). A producer that can only continue after a new"
                    + " initTransactions() means the epoch bump of KIP-360 is missing.")
    @RequiresFeature(value = "transaction.version", minLevel = 2)
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.END_TXN, minVersion = 5)
    void epochBumpRecovers(CheckContext ctx) {
        String topic = ctx.createTopic("txn-bump", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<String, Object> config = new HashMap<>(EosLog.transactional(ctx.uniqueName("txn")));
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        Producer<String, String> producer = ctx.producer(config);
        producer.initTransactions();
        List<Long> timedOut = TransactionVisibilityChecks.sendInTransaction(producer, topic,
                List.of("timed-out-0", "timed-out-1")).stream().map(m -> m.offset()).toList();
        ctx.evidence("a transaction with transaction.timeout.ms=%d wrote [timed-out-0, timed-out-1] at %s and was left"
                + " open", TRANSACTION_TIMEOUT_MS, timedOut);

        // The coordinator aborts the transaction when it times out: the last stable offset moves past it.
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(ABORT_WAIT_SECONDS).toNanos();
        Consumer<String, String> watcher = ctx.consumer(EosLog.READ_COMMITTED);
        long lastStable = EosLog.lastStableOffset(ctx, watcher, partition);
        while (lastStable <= timedOut.get(1) && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofMillis(500));
            lastStable = EosLog.lastStableOffset(ctx, watcher, partition);
        }
        ctx.evidence("after %.1f s the last stable offset is %d", (System.nanoTime() - start) / 1e9, lastStable);
        assertThat(lastStable).as("last stable offset within %d s: past the timed-out transaction (%s), which the"
                + " coordinator aborts (eos.txn.timeout-aborts checks this alone)", ABORT_WAIT_SECONDS, timedOut)
                .isGreaterThan(timedOut.get(1));

        // The producer does not know yet: its next write is of the old epoch and must not land in any
        // committed transaction. A refusal here is the abortable error the application handles by aborting.
        boolean lateAcknowledged = false;
        try {
            EosLog.await(producer.send(new ProducerRecord<>(topic, 0, "key-late", "late-0")));
            lateAcknowledged = true;
            ctx.evidence("the producer's send of 'late-0' after the timeout was acknowledged");
        } catch (RuntimeException e) {
            ctx.evidence("the producer's send of 'late-0' after the timeout failed: %s", Throwables.chain(e));
        }
        if (lateAcknowledged) {
            boolean committedLate = false;
            try {
                producer.commitTransaction();
                committedLate = true;
            } catch (RuntimeException e) {
                ctx.evidence("commitTransaction of the timed-out transaction failed: %s", Throwables.chain(e));
            }
            assertThat(committedLate).as("the producer committed the transaction the coordinator had aborted for"
                    + " its timeout").isFalse();
        }

        try {
            producer.abortTransaction();
            ctx.evidence("abortTransaction succeeded");
        } catch (RuntimeException e) {
            ctx.evidence("abortTransaction failed: %s", Throwables.chain(e));
            throw new AssertionError("after the abortable error of its timed-out transaction the producer could not"
                    + " abort and go on (KIP-360: the producer bumps its epoch and continues; a fatal error here"
                    + " leaves the application no way but a new producer): " + Throwables.chain(e), e);
        }
        try {
            TransactionVisibilityChecks.sendInTransaction(producer, topic, List.of("recovered-0", "recovered-1",
                    "recovered-2"));
            producer.commitTransaction();
        } catch (RuntimeException e) {
            ctx.evidence("the transaction after the abort failed: %s", Throwables.chain(e));
            throw new AssertionError("the same producer, after aborting the timed-out transaction, could not run a new"
                    + " transaction without a new initTransactions() (KIP-360): " + Throwables.chain(e), e);
        }
        ctx.evidence("the same producer (no new initTransactions) wrote [recovered-0..2] in a new transaction and"
                + " committed");
        EosLog.awaitNoOpenTransaction(ctx, List.of(partition), EosLog.MARKERS_WAIT);
        // The recovery is an epoch bump: the new transaction is written with a later epoch than the timed-out
        // one (or, once the epoch is exhausted, a new producer id), never with the epoch the coordinator fenced.
        List<LogBatches.Batch> batches = LogBatches.read(ctx, partition);
        ctx.evidence("batches of %s, read_uncommitted Fetch: %s", partition, batches);
        List<LogBatches.Batch> data = batches.stream().filter(b -> b.marker().isEmpty()).toList();
        assertThat(data).as("data batches of %s: the timed-out transaction's and the recovered one's (%s)", partition,
                batches).isNotEmpty();
        LogBatches.Batch timedOutBatch = data.get(0);
        LogBatches.Batch recoveredBatch = data.get(data.size() - 1);
        assertThat(recoveredBatch.producerId() != timedOutBatch.producerId()
                || recoveredBatch.producerEpoch() > timedOutBatch.producerEpoch())
                .as("the recovered transaction's batch %s is of a bumped epoch (or a new producer id) against the"
                        + " timed-out transaction's %s", recoveredBatch, timedOutBatch).isTrue();

        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_COMMITTED), IsolationLevel.READ_COMMITTED,
                List.of(partition), TargetContext.DEFAULT_WAIT);
        ctx.evidence("read_committed: %s", read.summary());
        assertThat(read.values()).as("records visible to read_committed: the recovered transaction's only, not the"
                + " timed-out one's nor the late write's").containsExactly("recovered-0", "recovered-1", "recovered-2");
        assertThat(read.complete()).as("the read_committed consumer reached the last stable offset (%s)",
                read.summary()).isTrue();
    }
}
