package io.kconform.checks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Exactly-once source connectors (KIP-618): with {@code exactly.once.source.support=enabled} on the
 * worker and {@code exactly.once.support=required} on the connector, every batch a source task emits
 * is written, together with its source offset, in one Kafka transaction. A {@code read_committed}
 * consumer must then see every record exactly once, and the log must hold the transaction markers
 * that prove the records came from a transactional producer.
 *
 * <p>What makes it exactly once is what happens to work that does not complete: the check's source
 * defines its own transaction boundaries (one per poll) and aborts one transaction, as a source does
 * after a failed step, then emits the same records again in a transaction it commits. The aborted
 * records are in the log; a read_committed consumer must never see them, so each record arrives once.
 *
 * <p>When such a connector is reconfigured, its previous tasks' producers become zombies: the worker's
 * leader fences their transactional ids (Admin.fenceProducers, an InitProducerId that bumps each id's
 * epoch) before the new tasks start. A task id that the new generation no longer has is fenced by that
 * alone, which is what the second check watches, through a producer of its own holding that id.
 *
 * <p>The first check is MUST at the PLATFORM level: that level promises Connect and Streams with their exactly-once
 * guarantees, KIP-618 has been generally available since Apache Kafka 3.3, and it is what makes a
 * database-to-Kafka pipeline free of duplicates. A target without transactions is UNSUPPORTED here,
 * not FAIL: the requirements below are decided before the check runs.
 */
class ConnectExactlyOnceChecks {

    private static final int RECORDS = 100;
    private static final int BATCH = 10;
    /** A record of the fourth poll: its transaction, records 30..39, is aborted once and emitted again. */
    private static final int ABORTED_AT = 35;
    /** The last record of the aborted transaction: one poll of {@value #BATCH} records. */
    private static final int LAST_ABORTED = (ABORTED_AT / BATCH + 1) * BATCH - 1;

    @Check(id = "connect.source.exactly-once",
            title = "An exactly-once source connector's records, one transaction of them aborted and emitted again, are"
                    + " seen exactly once by a read_committed consumer and are followed by transaction markers",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-618", "KIP-98", "KIP-447"},
            hint = "If this fails, look at transactions: InitProducerId with a transactional id (the worker fences"
                    + " earlier task producers with it), AddPartitionsToTxn, EndTxn and the markers it writes, the"
                    + " aborted-transactions list a read_committed Fetch must return (records seen twice are the aborted"
                    + " attempt's), and the last stable offset that bounds a read_committed fetch.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.ADD_PARTITIONS_TO_TXN)
    @RequiresApi(ApiKeys.END_TXN)
    void exactlyOnce(CheckContext ctx) {
        WorkerNames names = WorkerNames.of(ctx, "cluster");
        String topic = ctx.createTopic("data", 1, Map.of());
        String connector = ctx.name("source");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        try (ConnectWorker worker = ConnectWorker.start(ctx, names, true)) {
            ctx.evidence("worker of group %s with exactly.once.source.support=enabled ready in %d ms",
                    names.groupId(), worker.startTime().toMillis());
            ConnectRest.Answer created = worker.rest().createConnector(connector, Map.of(
                    "connector.class", CountingSourceConnector.class.getName(),
                    "tasks.max", "1",
                    "exactly.once.support", "required",
                    "transaction.boundary", "connector",
                    CountingSourceConnector.TOPIC, topic,
                    CountingSourceConnector.RECORDS, String.valueOf(RECORDS),
                    CountingSourceConnector.BATCH_SIZE, String.valueOf(BATCH),
                    CountingSourceConnector.ABORT_ONCE_AT, String.valueOf(ABORTED_AT)));
            ctx.evidence("POST /connectors %s (exactly.once.support=required, transaction.boundary=connector: a"
                    + " transaction per poll of %d of its %d records, the one holding record %d aborted once and"
                    + " emitted again) -> %d %s", connector, BATCH, RECORDS, ABORTED_AT, created.status(),
                    created.status() == 201 ? "" : created.text());
            assertThat(created.status()).as("status of POST /connectors: %s", created.text()).isEqualTo(201);
            TopicPartition partition = new TopicPartition(topic, 0);
            releaseAbortOnceWritten(ctx, entry, partition);

            Consumer<String, String> consumer = ctx.consumer(Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, String>> received = ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT,
                    records -> records.size() >= RECORDS);
            long committed = Await.until(TargetContext.DEFAULT_WAIT,
                    () -> ConnectRestartChecks.committedPosition(worker.rest(), connector), p -> p >= RECORDS - 1);
            long end = TopicOffsets.end(ctx.admin(), topic, 1).get(0);
            long lastOffset = received.isEmpty() ? -1 : received.get(received.size() - 1).offset();
            long gaps = 0;
            for (int i = 1; i < received.size(); i++) {
                gaps += received.get(i).offset() - received.get(i - 1).offset() - 1;
            }
            ctx.evidence("read_committed consumer got %d records, offsets %s..%d, %d offsets skipped between"
                    + " them; end offset %d; connector %s; committed source position %d", received.size(),
                    received.isEmpty() ? "-" : String.valueOf(received.get(0).offset()), lastOffset, gaps, end,
                    worker.rest().states(connector), committed);
            ctx.evidence("transactions the source task aborted: %s; sequence numbers read_committed delivered more"
                    + " than once: %s", entry.abortedTransactions(), CounterRecords.repeated(received));

            assertThat(received.stream().map(CounterRecords::seq).toList())
                    .as("sequence numbers a read_committed consumer read from %s, in offset order: each once, none"
                            + " of the aborted transaction's records", topic)
                    .containsExactlyElementsOf(LongStream.range(0, RECORDS).boxed().toList());
            assertThat(end).as("end offset of %s: after the last record (offset %d) there must be the commit marker"
                    + " of its transaction", topic, lastOffset).isGreaterThan(lastOffset + 1);
            assertThat(end - received.size()).as("offsets of %s that read_committed does not deliver: transaction"
                    + " markers and the aborted records (%d offsets, %d records)", topic, end, received.size()).isPositive();
            assertThat(committed).as("source position committed with the records, read by GET"
                    + " /connectors/%s/offsets", connector).isEqualTo(RECORDS - 1);
            if (entry.abortedTransactions().isEmpty()) {
                throw new HarnessException("the source task never aborted a transaction, so the check did not test"
                        + " what it states (connector-defined boundaries not applied?)");
            }
        } finally {
            ConnectorRegistry.remove(connector);
        }
    }

    @Check(id = "connect.source.exactly-once-reconfiguration-fences-zombies",
            title = "Reconfiguring an exactly-once source connector fences the transactional producers of its previous"
                    + " tasks: a producer holding the transactional id of a task that is gone can no longer commit",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.SHOULD,
            spec = {"KIP-618", "KIP-98"},
            hint = "If this fails, look at InitProducerId with a transactional id from an Admin client (fenceProducers:"
                    + " the worker's leader sends it for every task id of the previous generation before the new tasks"
                    + " start): it must bump the id's producer epoch, so that the producer with the older epoch is"
                    + " refused with PRODUCER_FENCED or INVALID_PRODUCER_EPOCH.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.ADD_PARTITIONS_TO_TXN)
    @RequiresApi(ApiKeys.END_TXN)
    void reconfigurationFencesZombies(CheckContext ctx) {
        WorkerNames names = WorkerNames.of(ctx, "cluster");
        // Two partitions, one per counter of the two tasks, although the tasks emit nothing.
        String topic = ctx.createTopic("data", 2, Map.of());
        String connector = ctx.name("source");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        // The tasks emit nothing: what is looked at is who may still write with their transactional ids.
        entry.gate(0);
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "connector.class", CountingSourceConnector.class.getName(),
                "tasks.max", "2",
                CountingSourceConnector.STREAMS, "2",
                "exactly.once.support", "required",
                CountingSourceConnector.TOPIC, topic,
                CountingSourceConnector.RECORDS, "10"));
        try (ConnectWorker worker = ConnectWorker.start(ctx, names, true)) {
            ctx.evidence("worker of group %s with exactly.once.source.support=enabled ready in %d ms",
                    names.groupId(), worker.startTime().toMillis());
            ConnectRest.Answer created = worker.rest().createConnector(connector, config);
            ctx.evidence("POST /connectors %s (exactly-once, two idle tasks) -> %d %s", connector, created.status(),
                    created.status() == 201 ? "" : created.text());
            assertThat(created.status()).as("status of POST /connectors: %s", created.text()).isEqualTo(201);
            String two = Await.until(TargetContext.DEFAULT_WAIT, () -> worker.rest().states(connector),
                    "RUNNING [RUNNING, RUNNING]"::equals);
            List<ConnectorRegistry.SourceStart> started = Await.until(TargetContext.DEFAULT_WAIT, entry::sourceStarts,
                    st -> st.size() >= 2);
            ctx.evidence("states %s; task starts %d", two, started.size());
            assertThat(two).as("states of %s with tasks.max=2", connector).isEqualTo("RUNNING [RUNNING, RUNNING]");

            // Kafka Connect's transactional id of task 1 (Worker.taskTransactionalId): <group>-<connector>-<task>.
            String task1 = names.groupId() + "-" + connector + "-1";
            Producer<String, String> zombie = ctx.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, task1));
            zombie.initTransactions();
            zombie.beginTransaction();
            zombie.send(new ProducerRecord<>(topic, 0, "zombie", "before"));
            zombie.commitTransaction();
            ctx.evidence("a producer of the check with task 1's transactional id %s committed a transaction with"
                    + " record 'before'", task1);
            ctx.accepted("transactions with the transactional id of an exactly-once Connect task");

            config.put("tasks.max", "1");
            ConnectRest.Answer reconfigured = worker.rest().put("/connectors/" + connector + "/config", config);
            ctx.evidence("PUT /connectors/%s/config tasks.max=1 -> %d", connector, reconfigured.status());
            assertThat(reconfigured.status()).as("status of PUT config: %s", reconfigured.text()).isEqualTo(200);
            List<ConnectorRegistry.SourceStart> restarted = Await.until(TargetContext.DEFAULT_WAIT,
                    entry::sourceStarts, st -> st.size() >= 3);
            String one = Await.until(TargetContext.DEFAULT_WAIT, () -> worker.rest().states(connector),
                    "RUNNING [RUNNING]"::equals);
            ctx.evidence("after the reconfiguration: states %s; task starts %d (the new generation's task 0 starts"
                    + " only after the leader fenced the previous generation's transactional ids)", one,
                    restarted.size());
            assertThat(restarted).as("starts of the source task: two, then the new generation's").hasSize(3);

            RuntimeException refused = null;
            try {
                zombie.beginTransaction();
                zombie.send(new ProducerRecord<>(topic, 0, "zombie", "after"));
                zombie.commitTransaction();
            } catch (org.apache.kafka.common.KafkaException e) {
                refused = e;
            }
            ctx.evidence("the check's producer with %s, after the reconfiguration: %s", task1,
                    refused == null ? "committed a transaction with record 'after'" : "refused: " + refused);

            Consumer<String, String> consumer = ctx.consumer(Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = TopicOffsets.end(ctx.admin(), topic, 1).get(0);
            List<ConsumerRecord<String, String>> read = ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT,
                    records -> consumer.position(partition) >= end);
            List<String> values = read.stream().map(ConsumerRecord::value).toList();
            ctx.evidence("read_committed values in %s (end offset %d): %s", topic, end, values);
            assertThat(fencing(refused)).as("fencing error for a transaction, after the reconfiguration, of a producer"
                    + " holding the transactional id %s of a task of the previous generation (it %s)", task1,
                    refused == null ? "committed" : "failed with " + refused).isNotNull();
            assertThat(values).as("values a read_committed consumer reads in %s", topic).containsExactly("before");
        } finally {
            ConnectorRegistry.remove(connector);
        }
    }

    /** The fencing error (PRODUCER_FENCED or INVALID_PRODUCER_EPOCH) in the cause chain, or null. */
    private static Throwable fencing(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.ProducerFencedException
                    || t instanceof org.apache.kafka.common.errors.InvalidProducerEpochException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * Waits (bounded) until the records of the transaction the source left open are in the log, as a
     * read_uncommitted consumer sees them, then lets the source abort it: aborted right after the records
     * were handed to the producer, they could be discarded before reaching the target, and there would be
     * nothing for read_committed to leave out. Released also when they never show, so that the check goes
     * on and its assertions judge what the target did.
     */
    private static void releaseAbortOnceWritten(CheckContext ctx, ConnectorRegistry.Entry entry,
                                                TopicPartition partition) {
        Consumer<String, String> uncommitted = ctx.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"));
        uncommitted.assign(List.of(partition));
        uncommitted.seekToBeginning(List.of(partition));
        List<ConsumerRecord<String, String>> seen = ctx.pollUntil(uncommitted, TargetContext.DEFAULT_WAIT,
                records -> records.stream().anyMatch(r -> CounterRecords.seq(r) == LAST_ABORTED));
        entry.releaseAbort();
        ctx.evidence("transaction left open by the source: records %s; read_uncommitted saw %d records up to"
                + " offset %s (record %d %s) before the source was let abort it", entry.openTransaction(),
                seen.size(), seen.isEmpty() ? "-" : String.valueOf(seen.get(seen.size() - 1).offset()), LAST_ABORTED,
                seen.stream().anyMatch(r -> CounterRecords.seq(r) == LAST_ABORTED) ? "among them" : "not seen");
    }
}
