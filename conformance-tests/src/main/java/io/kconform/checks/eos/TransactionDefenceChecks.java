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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * The server-side defence of KIP-890 against hanging transactions, judged on the wire: a transactional write
 * the coordinator does not know of is refused by the partition leader and never appended. Part 2
 * (transactions V2): a write of a finished transaction arriving late, after its markers, with the epoch the
 * coordinator already bumped past, is fenced and lands neither in the next transaction nor anywhere in the log.
 * Part 1 (partition verification, any transaction version): a write to a partition the producer never added
 * to its transaction is refused, where a broker without the defence would open a transaction no coordinator
 * knows of, which never ends.
 *
 * <p>Each check speaks the producer's protocol itself ({@link TransactionalWire}) to send what the Java
 * producer never sends, and reads back what the partition holds.
 */
class TransactionDefenceChecks {

    /** The refusals KIP-890 names for a write with a stale epoch: the producer is fenced or its state invalid. */
    static final Set<Errors> FENCED = EnumSet.of(Errors.INVALID_PRODUCER_EPOCH, Errors.PRODUCER_FENCED,
            Errors.INVALID_TXN_STATE);
    /**
     * The refusals of a write to a partition not in the transaction: the producer's state is invalid, or the
     * transaction must be aborted (TRANSACTION_ABORTABLE, which Apache Kafka 3.8 and later answer to Produce v11
     * when verification fails).
     */
    static final Set<Errors> UNVERIFIED = EnumSet.of(Errors.INVALID_TXN_STATE, Errors.TRANSACTION_ABORTABLE,
            Errors.INVALID_PRODUCER_EPOCH, Errors.PRODUCER_FENCED);
    /** How long a write answered with a retriable error (the markers still being written) is sent again. */
    private static final Duration RETRY_BOUND = Duration.ofSeconds(10);

    @OfCapability(Capability.TRANSACTIONS_V2)
    @Check(id = "eos.txn.v2.stale-epoch-produce-fenced",
            title = "With transaction.version 2, a transactional write of the previous epoch sent after EndTxn and its"
                    + " markers (a late write of the finished transaction) is refused and lands neither in the next transaction nor"
                    + " anywhere in the log",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-890 (Transactions Server-Side Defense, part 2)", "Produce v12", "EndTxn v5"},
            hint = "With transactions V2 the coordinator bumps the epoch when the transaction ends (EndTxn v5 returns"
                    + " it) and writes the markers with it; the partition leader must then refuse a batch of the"
                    + " old epoch (INVALID_PRODUCER_EPOCH, PRODUCER_FENCED or INVALID_TXN_STATE), and the"
                    + " coordinator must not add the partition to a new transaction for it. A write answered NONE,"
                    + " or a late record read back, is the hanging transaction KIP-890 closes: a delayed write"
                    + " taken into the producer's next transaction.")
    @RequiresFeature(value = "transaction.version", minLevel = 2)
    @RequiresApi(ApiKeys.FIND_COORDINATOR)
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.END_TXN, minVersion = 5)
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 12)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void staleEpochProduceFenced(CheckContext ctx) {
        String topic = ctx.createTopic("stale-epoch", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        short produceVersion = ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE);
        short endTxnVersion = ctx.target().facts().newestCommonVersion(ApiKeys.END_TXN);
        try (TransactionalWire wire = TransactionalWire.open(ctx, ctx.uniqueName("stale-epoch"), topic)) {
            InitProducerIdResponseData id = wire.initProducerId();
            long producerId = id.producerId();
            short epoch = id.producerEpoch();
            ctx.evidence("InitProducerId: producer id %d, epoch %d", producerId, epoch);

            PartitionProduceResponse first = wire.produce(produceVersion, producerId, epoch, 0, List.of("txn-0"));
            ctx.evidence("Produce v%d (transactional, partition added by the leader), epoch %d, sequence 0: %s",
                    produceVersion, epoch, IdempotentWire.describe(first));
            assertThat(Errors.forCode(first.errorCode())).as("error of the transaction's write").isEqualTo(Errors.NONE);
            EndTxnResponseData committed = wire.endTxn(endTxnVersion, producerId, epoch, true);
            ctx.evidence("EndTxn v%d commit: %s, producer id %d, epoch %d", endTxnVersion,
                    Errors.forCode(committed.errorCode()), committed.producerId(), committed.producerEpoch());
            assertThat(Errors.forCode(committed.errorCode())).as("error of the commit").isEqualTo(Errors.NONE);
            ctx.accepted(EosLog.TRANSACTIONS_ACCEPTED);
            short nextEpoch = committed.producerEpoch();
            assertThat(nextEpoch).as("epoch EndTxn v%d returns for the next transaction, against the transaction's"
                    + " epoch %d: KIP-890 part 2 bumps it", endTxnVersion, epoch).isGreaterThan(epoch);

            // the second write of the finished transaction, delayed past its commit and its markers: its epoch and
            // next sequence. A write arriving before the markers still finds its transaction open at the leader
            // and is taken into it (Apache Kafka 4.4 does); the defence is against the write that comes later.
            assertThat(EosLog.awaitNoOpenTransaction(ctx, List.of(partition), EosLog.MARKERS_WAIT))
                    .as("the committed transaction's markers written within %s (last stable offset at the high"
                            + " watermark)", EosLog.MARKERS_WAIT).isTrue();
            PartitionProduceResponse late = untilSettled(ctx, "the late write", () -> wire.produce(produceVersion, producerId, epoch, 1,
                    List.of("late-0")));
            assertThat(Errors.forCode(late.errorCode())).as("error answered to a write of epoch %d after the commit"
                    + " bumped the epoch to %d (one of %s)", epoch, nextEpoch, FENCED).isIn(FENCED);

            PartitionProduceResponse next = wire.produce(produceVersion, producerId, nextEpoch, 0, List.of("next-0"));
            ctx.evidence("next transaction, Produce epoch %d, sequence 0: %s", nextEpoch, IdempotentWire.describe(next));
            assertThat(Errors.forCode(next.errorCode())).as("error of the next transaction's write")
                    .isEqualTo(Errors.NONE);
            EndTxnResponseData nextCommitted = wire.endTxn(endTxnVersion, producerId, nextEpoch, true);
            ctx.evidence("EndTxn v%d commit of the next transaction: %s, epoch %d", endTxnVersion,
                    Errors.forCode(nextCommitted.errorCode()), nextCommitted.producerEpoch());
            assertThat(Errors.forCode(nextCommitted.errorCode())).as("error of the next transaction's commit")
                    .isEqualTo(Errors.NONE);
        }
        EosLog.awaitNoOpenTransaction(ctx, List.of(partition), EosLog.MARKERS_WAIT);
        ctx.evidence("batches of %s, read_uncommitted Fetch: %s", partition, LogBatches.read(ctx, partition));
        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_UNCOMMITTED), IsolationLevel.READ_UNCOMMITTED,
                List.of(partition), TargetContext.DEFAULT_WAIT);
        ctx.evidence("read_uncommitted read: %s", read.summary());
        assertThat(read.values()).as("records of %s read_uncommitted: the two committed transactions' records, not the"
                + " late write", partition).containsExactly("txn-0", "next-0");
    }

    @Check(id = "eos.txn.produce-to-unadded-partition-refused",
            title = "A transactional write to a partition never added to the transaction (AddPartitionsToTxn) is"
                    + " refused and not appended; after the partition is added the same write is taken",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.SHOULD,
            spec = {"KIP-890 (Transactions Server-Side Defense, part 1: partition verification)",
                    "KIP-98 (AddPartitionsToTxn)", "Produce v3-v11"},
            hint = "Before appending a transactional batch of a producer with no open transaction on the partition,"
                    + " the leader should ask the coordinator whether the partition is in the producer's ongoing"
                    + " transaction (Apache Kafka 3.6 and later: transaction.partition.verification.enable, on by"
                    + " default) and refuse it when it is not (INVALID_TXN_STATE; TRANSACTION_ABORTABLE to Produce v11"
                    + " from Apache Kafka 3.8). A write taken without that is a"
                    + " hanging transaction: no coordinator will ever write its marker, and read_committed"
                    + " consumers stop at it until the producer id expires.")
    @RequiresApi(ApiKeys.FIND_COORDINATOR)
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.ADD_PARTITIONS_TO_TXN)
    @RequiresApi(ApiKeys.END_TXN)
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    void produceToUnaddedPartitionRefused(CheckContext ctx) {
        String topic = ctx.createTopic("unadded", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        // the protocol before transactions V2, where the client adds each partition itself: Produce up to v11,
        // AddPartitionsToTxn up to v3 (a client's request), EndTxn up to v4
        short produceVersion = (short) Math.min(ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE), 11);
        short addVersion = (short) Math.min(ctx.target().facts().newestCommonVersion(ApiKeys.ADD_PARTITIONS_TO_TXN), 3);
        short endTxnVersion = (short) Math.min(ctx.target().facts().newestCommonVersion(ApiKeys.END_TXN), 4);
        try (TransactionalWire wire = TransactionalWire.open(ctx, ctx.uniqueName("unadded"), topic)) {
            InitProducerIdResponseData id = wire.initProducerId();
            long producerId = id.producerId();
            short epoch = id.producerEpoch();
            ctx.evidence("InitProducerId: producer id %d, epoch %d", producerId, epoch);

            PartitionProduceResponse unadded = untilSettled(ctx, "the write to the partition never added",
                    () -> wire.produce(produceVersion, producerId, epoch, 0, List.of("unadded-0")));
            assertThat(Errors.forCode(unadded.errorCode())).as("error answered to Produce v%d of a transactional"
                    + " batch to %s, which AddPartitionsToTxn never added (one of %s)", produceVersion, partition,
                    UNVERIFIED).isIn(UNVERIFIED);

            Errors added = wire.addPartition(addVersion, producerId, epoch);
            ctx.evidence("AddPartitionsToTxn v%d of %s: %s", addVersion, partition, added);
            assertThat(added).as("error of AddPartitionsToTxn after the refused write").isEqualTo(Errors.NONE);
            ctx.accepted(EosLog.TRANSACTIONS_ACCEPTED);
            PartitionProduceResponse write = wire.produce(produceVersion, producerId, epoch, 0, List.of("added-0"));
            ctx.evidence("Produce v%d once the partition was added, sequence 0: %s", produceVersion,
                    IdempotentWire.describe(write));
            assertThat(Errors.forCode(write.errorCode())).as("error of the write to the added partition: the refusal"
                    + " was for the partition not added, not for every transactional write").isEqualTo(Errors.NONE);
            EndTxnResponseData committed = wire.endTxn(endTxnVersion, producerId, epoch, true);
            ctx.evidence("EndTxn v%d commit: %s", endTxnVersion, Errors.forCode(committed.errorCode()));
            assertThat(Errors.forCode(committed.errorCode())).as("error of the commit").isEqualTo(Errors.NONE);
        }
        EosLog.awaitNoOpenTransaction(ctx, List.of(partition), EosLog.MARKERS_WAIT);
        ctx.evidence("batches of %s, read_uncommitted Fetch: %s", partition, LogBatches.read(ctx, partition));
        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_UNCOMMITTED), IsolationLevel.READ_UNCOMMITTED,
                List.of(partition), TargetContext.DEFAULT_WAIT);
        ctx.evidence("read_uncommitted read: %s", read.summary());
        assertThat(read.values()).as("records of %s read_uncommitted: the committed write only, not the refused one",
                partition).containsExactly("added-0");
    }

    /**
     * Sends a write that must be refused, again while the target answers a retriable error (a leader or
     * coordinator still writing the markers of the transaction answers CONCURRENT_TRANSACTIONS, as a real
     * client's retry would meet it), and returns the first other answer.
     */
    static PartitionProduceResponse untilSettled(CheckContext ctx, String what,
                                                 java.util.function.Supplier<PartitionProduceResponse> write) {
        long deadline = System.nanoTime() + RETRY_BOUND.toNanos();
        while (true) {
            PartitionProduceResponse answer = write.get();
            Errors error = Errors.forCode(answer.errorCode());
            ctx.evidence("%s: %s", what, IdempotentWire.describe(answer));
            if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                return answer;
            }
            TargetContext.sleep(Duration.ofMillis(200));
        }
    }
}
