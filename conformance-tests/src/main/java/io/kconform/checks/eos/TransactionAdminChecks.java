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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * The admin views of idempotent and transactional producers (KIP-664): DescribeProducers,
 * ListTransactions and DescribeTransactions, each cross-checked with a producer the check itself runs.
 * These ids are of the protocol battery ({@code protocol.admin.*}); they live here because they drive
 * producers at the wire as the idempotence checks do.
 *
 * <p>SHOULD: producers and consumers never call these APIs; operators do, to find and abort hanging
 * transactions that hold back read_committed consumers. A target without them keeps exactly-once
 * working but leaves a stuck transaction without a remedy, so the gap is reported, not blocking.
 */
class TransactionAdminChecks {

    /** How long the coordinator may take to show a state change (markers written, partitions added). */
    private static final Duration SETTLE = Duration.ofSeconds(15);
    private static final int TRANSACTION_TIMEOUT_MS = 45_000;

    @Check(id = "protocol.admin.describe-producers",
            title = "DescribeProducers lists the producer id, epoch and last sequence an idempotent producer just"
                    + " wrote with",
            battery = Battery.PROTOCOL, level = Level.EXACTLY_ONCE, strength = Strength.SHOULD,
            spec = {"KIP-664 (DescribeProducers)", "KIP-98 (idempotent producer state)"},
            hint = "After batches with sequences 0-2 and 3-4 from one producer id, the partition's leader must list"
                    + " that producer id with its epoch and last sequence 4, and no open transaction for it.")
    @RequiresApi(value = ApiKeys.DESCRIBE_PRODUCERS, minVersion = 0)
    @RequiresApi(value = ApiKeys.INIT_PRODUCER_ID, minVersion = 0)
    void describeProducers(CheckContext ctx) {
        String topic = ctx.createTopic("producers");
        long producerId;
        short epoch;
        try (IdempotentWire wire = IdempotentWire.toLeaderOf(ctx, topic)) {
            InitProducerIdResponseData init = initProducerId(wire);
            producerId = init.producerId();
            epoch = init.producerEpoch();
            ProduceResponseData.PartitionProduceResponse first = wire.produce(producerId, epoch, 0, List.of("a", "b", "c"));
            ProduceResponseData.PartitionProduceResponse second = wire.produce(producerId, epoch, 3, List.of("d", "e"));
            ctx.evidence("%s: producer id %d, epoch %d; batch of sequences 0-2: %s; batch 3-4: %s", wire.versions(),
                    producerId, epoch, IdempotentWire.describe(first), IdempotentWire.describe(second));
            assertThat(Errors.forCode(first.errorCode())).as("first batch").isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(second.errorCode())).as("second batch").isEqualTo(Errors.NONE);
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        PartitionProducerState state = Await.result(ctx.admin().describeProducers(List.of(partition))
                .partitionResult(partition), "DescribeProducers of " + partition);
        ctx.evidence("DescribeProducers %s: %s", partition, state.activeProducers());
        Optional<ProducerState> ours = state.activeProducers().stream().filter(p -> p.producerId() == producerId)
                .findFirst();
        assertThat(ours).as("producer id %d among the active producers of %s", producerId, partition).isPresent();
        assertThat(ours.get().producerEpoch()).as("epoch of producer %d", producerId).isEqualTo(epoch);
        assertThat(ours.get().lastSequence()).as("last sequence of producer %d after sequences 0-4", producerId)
                .isEqualTo(4);
        assertThat(ours.get().currentTransactionStartOffset()).as("open transaction of an idempotent producer")
                .isEmpty();
    }

    /**
     * InitProducerId, asked again while the target answers a retriable error: a broker that has just
     * started answers COORDINATOR_LOAD_IN_PROGRESS until it holds a block of producer ids, and a Java
     * producer would retry too.
     */
    private static InitProducerIdResponseData initProducerId(IdempotentWire wire) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            try {
                return wire.initProducerId();
            } catch (RetriableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                TargetContext.sleep(Duration.ofMillis(300));
            }
        }
    }

    @Check(id = "protocol.admin.list-transactions",
            title = "ListTransactions shows a check's open transaction as Ongoing, and as CompleteAbort once aborted",
            battery = Battery.PROTOCOL, level = Level.EXACTLY_ONCE, strength = Strength.SHOULD,
            spec = {"KIP-664 (ListTransactions)"},
            hint = "While the check's transactional producer has an open transaction, ListTransactions filtered on"
                    + " the Ongoing state must list its transactional id with the producer id DescribeTransactions"
                    + " gives; after the abort the id must be listed as CompleteAbort.")
    @RequiresApi(value = ApiKeys.LIST_TRANSACTIONS, minVersion = 0)
    @RequiresApi(value = ApiKeys.INIT_PRODUCER_ID, minVersion = 0)
    void listTransactions(CheckContext ctx) {
        String topic = ctx.createTopic("listed", 2, Map.of());
        String transactionalId = ctx.uniqueName("txn");
        Admin admin = ctx.admin();
        Producer<String, String> producer = openTransaction(ctx, topic, transactionalId);
        boolean aborted = false;
        try {
            Optional<TransactionListing> open = awaitListing(ctx, transactionalId,
                    new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)),
                    l -> l.state() == TransactionState.ONGOING);
            ctx.evidence("ListTransactions (state Ongoing) with the transaction open: %s",
                    open.map(Object::toString).orElse(transactionalId + " not listed"));
            assertThat(open).as("%s among the Ongoing transactions", transactionalId).isPresent();
            long described = describedProducerId(ctx, admin, transactionalId);
            if (described >= 0) {
                assertThat(open.get().producerId()).as("producer id listed, compared with DescribeTransactions'")
                        .isEqualTo(described);
            }

            producer.abortTransaction();
            aborted = true;
            ctx.evidence("aborted the transaction");
            Optional<TransactionListing> after = awaitListing(ctx, transactionalId, new ListTransactionsOptions(),
                    l -> l.state() == TransactionState.COMPLETE_ABORT);
            ctx.evidence("ListTransactions (no filter) after the abort: %s",
                    after.map(Object::toString).orElse(transactionalId + " not listed"));
            assertThat(after).as("%s among the transactions after the abort", transactionalId).isPresent();
            assertThat(after.get().state()).as("state of %s after the abort", transactionalId)
                    .isEqualTo(TransactionState.COMPLETE_ABORT);
        } finally {
            abortQuietly(producer, aborted);
        }
    }

    @Check(id = "protocol.admin.describe-transactions",
            title = "DescribeTransactions shows a check's open transaction: Ongoing, its timeout, the partitions it"
                    + " wrote to; and CompleteAbort with no partitions once aborted",
            battery = Battery.PROTOCOL, level = Level.EXACTLY_ONCE, strength = Strength.SHOULD,
            spec = {"KIP-664 (DescribeTransactions)", "KIP-98 (transaction state)"},
            hint = "The coordinator must describe the open transaction with state Ongoing, the producer's"
                    + " transaction.timeout.ms, a start time, and exactly the partitions the producer wrote to; after"
                    + " the abort, CompleteAbort and no partitions.")
    @RequiresApi(value = ApiKeys.DESCRIBE_TRANSACTIONS, minVersion = 0)
    @RequiresApi(value = ApiKeys.INIT_PRODUCER_ID, minVersion = 0)
    void describeTransactions(CheckContext ctx) {
        String topic = ctx.createTopic("described", 3, Map.of());
        String transactionalId = ctx.uniqueName("txn");
        Admin admin = ctx.admin();
        Producer<String, String> producer = openTransaction(ctx, topic, transactionalId);
        boolean aborted = false;
        Set<TopicPartition> written = Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 2));
        try {
            TransactionDescription open = awaitDescription(ctx, admin, transactionalId,
                    d -> d.state() == TransactionState.ONGOING && d.topicPartitions().equals(written));
            ctx.evidence("DescribeTransactions with the transaction open: %s", open);
            assertThat(open.state()).as("state of the open transaction").isEqualTo(TransactionState.ONGOING);
            assertThat(open.topicPartitions()).as("partitions of the open transaction (written: p0 and p2)")
                    .containsExactlyInAnyOrderElementsOf(written);
            assertThat(open.transactionTimeoutMs()).as("transaction timeout").isEqualTo(TRANSACTION_TIMEOUT_MS);
            assertThat(open.transactionStartTimeMs()).as("start time of the open transaction").isPresent();
            assertThat(open.producerId()).as("producer id").isNotNegative();

            producer.abortTransaction();
            aborted = true;
            TransactionDescription after = awaitDescription(ctx, admin, transactionalId,
                    d -> d.state() == TransactionState.COMPLETE_ABORT);
            ctx.evidence("DescribeTransactions after the abort: %s", after);
            assertThat(after.state()).as("state after the abort").isEqualTo(TransactionState.COMPLETE_ABORT);
            assertThat(after.topicPartitions()).as("partitions after the abort").isEmpty();
            assertThat(after.producerId()).as("producer id after the abort, compared with the open transaction's")
                    .isEqualTo(open.producerId());
        } finally {
            abortQuietly(producer, aborted);
        }
    }

    /**
     * A transactional producer with an open transaction that wrote to partitions 0 and (where the topic
     * has them) 2; every record acknowledged, so the coordinator knows every partition.
     */
    private static Producer<String, String> openTransaction(CheckContext ctx, String topic, String transactionalId) {
        Producer<String, String> producer = ctx.producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS));
        producer.initTransactions();
        producer.beginTransaction();
        int partitions = Await.result(ctx.admin().describeTopics(List.of(topic)).allTopicNames(), "the topic")
                .get(topic).partitions().size();
        List<Integer> targets = partitions > 2 ? List.of(0, 2) : List.of(0);
        for (int p : targets) {
            Await.result(producer.send(new ProducerRecord<>(topic, p, "key", "in the open transaction")),
                    "the acknowledgement of a transactional record to p" + p);
        }
        ctx.evidence("transactional id %s: transaction open, one record acknowledged in each of %s", transactionalId,
                targets.stream().map(p -> "p" + p).toList());
        return producer;
    }

    private static Optional<TransactionListing> awaitListing(CheckContext ctx, String transactionalId,
                                                             ListTransactionsOptions options,
                                                             Predicate<TransactionListing> settled) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        Optional<TransactionListing> found;
        do {
            Collection<TransactionListing> listings = Await.result(ctx.admin().listTransactions(options).all(),
                    "ListTransactions");
            found = listings.stream().filter(l -> transactionalId.equals(l.transactionalId())).findFirst();
            if (found.filter(settled).isPresent()) {
                return found;
            }
            TargetContext.sleep(Duration.ofMillis(300));
        } while (System.nanoTime() < deadline);
        return found;
    }

    private static TransactionDescription awaitDescription(CheckContext ctx, Admin admin, String transactionalId,
                                                           Predicate<TransactionDescription> settled) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        TransactionDescription description;
        do {
            description = Await.result(admin.describeTransactions(List.of(transactionalId)).description(transactionalId),
                    "DescribeTransactions of " + transactionalId);
            if (settled.test(description)) {
                return description;
            }
            TargetContext.sleep(Duration.ofMillis(300));
        } while (System.nanoTime() < deadline);
        return description;
    }

    /** The producer id DescribeTransactions gives, or -1 where the target does not offer it (evidence says so). */
    private static long describedProducerId(CheckContext ctx, Admin admin, String transactionalId) {
        if (!ctx.target().facts().advertises(ApiKeys.DESCRIBE_TRANSACTIONS)) {
            ctx.evidence("DescribeTransactions not advertised: the producer id is not cross-checked");
            return -1;
        }
        TransactionDescription description = Await.result(admin.describeTransactions(List.of(transactionalId))
                .description(transactionalId), "DescribeTransactions of " + transactionalId);
        ctx.evidence("DescribeTransactions: producer id %d, state %s", description.producerId(), description.state());
        return description.producerId();
    }

    /** Ends an open transaction so that it holds back no read_committed consumer; the check's result matters more. */
    private static void abortQuietly(Producer<String, String> producer, boolean aborted) {
        if (aborted) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (RuntimeException ignored) {
            // the producer is closed with the context, which aborts on the coordinator's timeout at the latest
        }
    }
}
