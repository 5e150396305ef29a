package io.kconform.checks.eos.history;

import io.kconform.api.outcome.HarnessException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Runs the concurrent part of a history workload against a topic: writers and consumers in threads of their
 * own, every operation recorded with its outcome. Writers stop after {@link WorkloadPlan#duration()} or
 * {@link WorkloadPlan#maxSendsPerWriter()} sends; then one closing transaction writes a record to every partition
 * and commits (every partition ends with a COMMIT marker); consumers poll until then. The caller closes
 * the history with a final read of every partition once every transaction ended.
 *
 * <p>Values are unique: {@code <writer>-<n>}. A transaction is named {@code <writer>#<n>}. Failures of the target
 * do not stop the workload: they become outcomes (a send FAILED or UNKNOWN, a transaction UNKNOWN) and a writer
 * whose producer can no longer be used asks {@link WorkloadClients} for a new one. Only a failure to set a client
 * up at all (the first initTransactions, the consumer's assignment) ends the run, with that error.
 */
public final class HistoryWorkload {

    private static final Duration POLL = Duration.ofMillis(50);
    /** The writer of the closing transaction. */
    private static final String CLOSING = "tc";

    private final WorkloadClients clients;
    private final String topic;
    private final WorkloadPlan plan;
    private final HistoryRecorder recorder;
    private final AtomicBoolean writersDone = new AtomicBoolean();
    private final List<Callable<Void>> alongside = new ArrayList<>();
    private final Map<String, Integer> crashes = new java.util.concurrent.ConcurrentHashMap<>();

    public HistoryWorkload(WorkloadClients clients, String topic, WorkloadPlan plan, HistoryRecorder recorder) {
        this.clients = clients;
        this.topic = topic;
        this.plan = plan;
        this.recorder = recorder;
    }

    /**
     * Also runs {@code task} alongside the consumers (a copier, group consumers, a fault schedule): it starts with
     * the writers and is awaited like a consumer, so it should end soon after {@link #writersDone()}.
     */
    public HistoryWorkload alongside(Callable<Void> task) {
        alongside.add(task);
        return this;
    }

    /**
     * Kills transactional writer {@code writer} once, in its {@code txn}th transaction: after its records were
     * sent and acknowledged, its producer is closed at once without a commit (as a process dies), and a new
     * producer with the same transactional id takes over; its initTransactions fences the old producer and aborts
     * the open transaction, which is recorded as ABORTED (no commit was ever asked for).
     */
    public HistoryWorkload crashWriter(String writer, int txn) {
        crashes.put(writer, txn);
        return this;
    }

    /** Whether every writer stopped and the closing transaction ended: tasks alongside finish after it. */
    public boolean writersDone() {
        return writersDone.get();
    }

    /**
     * Runs writers and consumers and waits for them, at most {@code bound} beyond the plan's duration. Clients still
     * busy then (a send, commit or poll that never returned) are interrupted and named in the result: what they did
     * until then is in the history, which the checker judges as it is.
     *
     * @return the clients that did not finish within the bound, by name; empty when every one did
     * @throws RuntimeException the first error that ended a client before it could work (the target's, as thrown)
     */
    public List<String> run(Duration bound) {
        List<Callable<Void>> writers = new ArrayList<>();
        for (int i = 0; i < plan.idempotentWriters(); i++) {
            int index = i;
            writers.add(() -> idempotentWriter("i" + index, new Random(plan.seed() * 31 + index)));
        }
        for (int i = 0; i < plan.transactionalWriters(); i++) {
            int index = i;
            writers.add(() -> transactionalWriter("t" + index, new Random(plan.seed() * 31 + 1000 + index)));
        }
        List<Callable<Void>> consumers = new ArrayList<>();
        for (int i = 0; i < plan.readCommittedConsumers(); i++) {
            consumers.add(consumer("rc" + i, Isolation.READ_COMMITTED));
        }
        for (int i = 0; i < plan.readUncommittedConsumers(); i++) {
            consumers.add(consumer("ru" + i, Isolation.READ_UNCOMMITTED));
        }
        List<String> consumerNames = new ArrayList<>();
        for (int i = 0; i < plan.readCommittedConsumers(); i++) {
            consumerNames.add("rc" + i);
        }
        for (int i = 0; i < plan.readUncommittedConsumers(); i++) {
            consumerNames.add("ru" + i);
        }
        for (int i = 0; i < alongside.size(); i++) {
            consumerNames.add("alongside task " + (i + 1));
        }
        List<String> writerNames = new ArrayList<>();
        for (int i = 0; i < plan.idempotentWriters(); i++) {
            writerNames.add("i" + i);
        }
        for (int i = 0; i < plan.transactionalWriters(); i++) {
            writerNames.add("t" + i);
        }
        consumers.addAll(alongside);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers.size() + consumers.size(), r -> {
            Thread thread = new Thread(r, "kconform-history-" + threads.incrementAndGet() + "-" + topic);
            thread.setDaemon(true);
            return thread;
        });
        long deadline = System.nanoTime() + plan.duration().plus(bound).toNanos();
        Producer<String, String> closing = null;
        if (plan.transactionalWriters() > 0) {
            closing = clients.producer(CLOSING, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    clients.uniqueName("history-" + CLOSING)));
            closing.initTransactions();
        }
        List<String> unfinished = new ArrayList<>();
        try {
            List<Future<Void>> consuming = consumers.stream().map(pool::submit).toList();
            List<Future<Void>> writing = writers.stream().map(pool::submit).toList();
            try {
                unfinished.addAll(awaitAll(writing, writerNames, deadline));
                if (closing != null && unfinished.isEmpty()) {
                    closingTransaction(closing);
                }
            } finally {
                writersDone.set(true);
            }
            unfinished.addAll(awaitAll(consuming, consumerNames, deadline));
        } finally {
            pool.shutdownNow();
        }
        return unfinished;
    }

    /**
     * After every writer stopped, one committed transaction writes a record to every partition: each partition
     * then ends with a COMMIT marker, so that the final reads show whether a consumer can get past one.
     */
    private void closingTransaction(Producer<String, String> producer) {
        String txn = CLOSING + "#1";
        long invoked = -1;
        Op.TxnResult result;
        String error = null;
        try {
            producer.beginTransaction();
            for (int p = 0; p < plan.partitions(); p++) {
                send(producer, CLOSING, txn, new ProducerRecord<>(topic, p, "k0", CLOSING + "-" + p));
            }
            producer.flush();
            invoked = recorder.tick();
            producer.commitTransaction();
            result = Op.TxnResult.COMMITTED;
        } catch (KafkaException e) {
            invoked = invoked < 0 ? recorder.tick() : invoked;
            error = describe(e);
            result = abortAfter(producer);
        }
        recorder.record(new Op.TxnEnd(invoked, recorder.tick(), CLOSING, txn, true, result, error));
    }

    /** Waits for each client until {@code deadline}; returns the names of those still busy then. */
    private static List<String> awaitAll(List<Future<Void>> futures, List<String> names, long deadline) {
        List<String> busy = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            Future<Void> future = futures.get(i);
            try {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw new HarnessException("a workload client failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                busy.add(names.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted while running the history workload", e);
            }
        }
        return busy;
    }

    private boolean writing(long deadline, int sent) {
        return sent < plan.maxSendsPerWriter() && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted();
    }

    private ProducerRecord<String, String> next(Random random, String writer, int n) {
        return new ProducerRecord<>(topic, random.nextInt(plan.partitions()), "k" + random.nextInt(plan.keys()),
                writer + "-" + n);
    }

    /** Sends one record and records its outcome when the producer answers. */
    private void send(Producer<String, String> producer, String writer, String txn, ProducerRecord<String, String> record) {
        long invoked = recorder.tick();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    recorder.record(Op.Send.acked(invoked, recorder.tick(), writer, txn, record.key(), record.value(),
                            metadata.partition(), metadata.offset()));
                } else {
                    recorder.record(Op.Send.unacked(invoked, recorder.tick(), writer, txn, record.key(), record.value(),
                            record.partition(), outcomeOf(error), describe(error)));
                }
            });
        } catch (KafkaException e) {
            recorder.record(Op.Send.unacked(invoked, recorder.tick(), writer, txn, record.key(), record.value(),
                    record.partition(), Op.SendOutcome.FAILED, describe(e)));
            throw e;
        }
    }

    /**
     * A refusal the target answered (an API error that retrying would not change) says the record was not
     * written; anything else (timeouts, lost connections, retriable errors) leaves it unknown.
     */
    private static Op.SendOutcome outcomeOf(Exception error) {
        return error instanceof ApiException && !(error instanceof RetriableException)
                ? Op.SendOutcome.FAILED : Op.SendOutcome.UNKNOWN;
    }

    private static String describe(Throwable error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }

    private Void idempotentWriter(String name, Random random) {
        Producer<String, String> producer = clients.producer(name, Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"));
        long deadline = System.nanoTime() + plan.duration().toNanos();
        int sent = 0;
        while (writing(deadline, sent)) {
            int burst = 1 + random.nextInt(4);
            for (int i = 0; i < burst && sent < plan.maxSendsPerWriter(); i++) {
                send(producer, name, null, next(random, name, sent++));
            }
            producer.flush();
        }
        return null;
    }

    private Void transactionalWriter(String name, Random random) {
        String transactionalId = clients.uniqueName("history-" + name);
        Map<String, Object> config = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        Producer<String, String> producer = clients.producer(name, config);
        producer.initTransactions();
        // From when the producer is ready: the first initTransactions on a fresh cluster waits for the coordinator.
        long deadline = System.nanoTime() + plan.duration().toNanos();
        int sent = 0;
        int transactions = 0;
        while (writing(deadline, sent)) {
            String txn = name + "#" + (++transactions);
            int size = 1 + random.nextInt(4);
            boolean commit = random.nextDouble() >= plan.abortProbability();
            Op.TxnResult result = Op.TxnResult.UNKNOWN;
            String error = null;
            long invoked = -1; // the tick before the end was asked for: uncommitted reads are judged against it
            try {
                producer.beginTransaction();
                for (int i = 0; i < size; i++) {
                    send(producer, name, txn, next(random, name, sent++));
                }
                // Flushed first, so that an aborted transaction's records are in the log, as aborted records: an
                // abort with records still in the producer's buffer would fail them without ever sending them.
                producer.flush();
                invoked = recorder.tick();
                if (crashes.remove(name, transactions)) {
                    // killed mid-transaction: no commit, no abort; the successor's initTransactions aborts it
                    producer.close(Duration.ZERO);
                    producer = clients.producer(name, config);
                    producer.initTransactions();
                    recorder.record(new Op.TxnEnd(invoked, recorder.tick(), name, txn, false, Op.TxnResult.ABORTED,
                            "killed mid-transaction (closed without commit), aborted by its successor's"
                                    + " initTransactions"));
                    continue;
                }
                if (commit) {
                    producer.commitTransaction();
                    result = Op.TxnResult.COMMITTED;
                } else {
                    producer.abortTransaction();
                    result = Op.TxnResult.ABORTED;
                }
            } catch (KafkaException e) {
                invoked = invoked < 0 ? recorder.tick() : invoked;
                error = describe(e);
                result = abortAfter(producer);
            }
            recorder.record(new Op.TxnEnd(invoked, recorder.tick(), name, txn, commit, result, error));
            if (error != null && result == Op.TxnResult.UNKNOWN) {
                // The producer cannot go on: a new one with the same transactional id fences it and ends its
                // transaction, as an application restarting after a crash would.
                producer = clients.producer(name, config);
                producer.initTransactions();
            }
        }
        return null;
    }

    /**
     * After a failure inside a transaction: an abort that succeeds makes the transaction definitely aborted (the
     * Java client sends no commit after an abortable error); otherwise its outcome stays unknown.
     */
    private static Op.TxnResult abortAfter(Producer<String, String> producer) {
        try {
            producer.abortTransaction();
            return Op.TxnResult.ABORTED;
        } catch (KafkaException e) {
            return Op.TxnResult.UNKNOWN;
        }
    }

    private Callable<Void> consumer(String name, Isolation isolation) {
        return () -> {
            Consumer<String, String> consumer = clients.consumer(name, Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.label()));
            List<TopicPartition> partitions = new ArrayList<>();
            Map<Integer, Long> positions = new HashMap<>();
            for (int p = 0; p < plan.partitions(); p++) {
                partitions.add(new TopicPartition(topic, p));
                positions.put(p, 0L);
            }
            consumer.assign(partitions);
            // The topic is the workload's own and new: offset 0 is its start on any target.
            partitions.forEach(p -> consumer.seek(p, 0));
            recorder.record(new Op.Assign(recorder.tick(), name, isolation, positions, false));
            boolean last = false;
            while (!last && !Thread.currentThread().isInterrupted()) {
                last = writersDone.get();
                long invoked = recorder.tick();
                List<Seen> seen = new ArrayList<>();
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    seen.add(new Seen(r.partition(), r.offset(), r.key(), r.value()));
                }
                if (!seen.isEmpty()) {
                    recorder.record(new Op.Poll(invoked, recorder.tick(), name, isolation, seen));
                }
            }
            return null;
        };
    }
}
