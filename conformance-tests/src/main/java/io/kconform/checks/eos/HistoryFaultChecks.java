package io.kconform.checks.eos;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.checks.eos.history.Copier;
import io.kconform.checks.eos.history.FaultSchedule;
import io.kconform.checks.eos.history.GroupConsumer;
import io.kconform.checks.eos.history.History;
import io.kconform.checks.eos.history.HistoryRecorder;
import io.kconform.checks.eos.history.HistoryWorkload;
import io.kconform.checks.eos.history.Isolation;
import io.kconform.checks.eos.history.Op;
import io.kconform.checks.eos.history.WorkloadClients;
import io.kconform.checks.eos.history.WorkloadPlan;
import io.kconform.checks.faults.FaultPlan;
import io.kconform.checks.faults.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The history checker under faults (issue 13): the workload of {@code eos.history.no-anomalies}, plus a consumer
 * group of two read_committed members (one leaves and joins again) and two KIP-447 consume-transform-produce
 * copiers in one group, a transactional producer each, copying the topic to an output topic, every client
 * connected through a {@link FaultProxy}. While it runs, at moments drawn from the seed ({@link FaultSchedule}), the
 * harness cuts every client connection, holds responses back, loses some Produce, EndTxn and TxnOffsetCommit
 * responses after the target acted on them, kills a transactional writer mid-transaction (its successor with the
 * same transactional id must abort it) and kills one copier mid-transaction (its partitions move to the other and
 * back when it returns). Clients retry and restart as applications do; exactly-once must hold: the same anomalies
 * as the fault-free check, and the copiers' committed output exactly the committed input below the offsets their
 * group committed ({@code copy-mismatch}), however far they got ({@code copy-stalled} only if they committed
 * nothing).
 * Final reads go to the target directly, not through the proxy.
 *
 * <p>Seed and duration: the same run options as {@code eos.history.no-anomalies} ({@code --history-seed},
 * {@code --history-duration}), read in {@link #plan(CheckContext)}.
 */
class HistoryFaultChecks {

    /** How long any blocking call of a workload client may wait. */
    private static final Duration CLIENT_WAIT = Duration.ofSeconds(10);

    @Check(id = "eos.history.no-anomalies-under-faults",
            title = "Under cut connections, delayed and lost responses, and killed and restarted producers, consumers"
                    + " and consume-transform-produce copiers, the history of racing idempotent and transactional"
                    + " producers, read_committed consumers (assigned and in a group) and two copiers sharing a"
                    + " group shows no anomaly, and the copiers' committed output is exactly the input their"
                    + " committed offsets cover",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.SHOULD,
            spec = {"KIP-98 (idempotent producer, transactions, read_committed, fencing by transactional id)",
                    "KIP-447 (sendOffsetsToTransaction with the consumer's group metadata)",
                    "Jepsen's Kafka workload (jepsen.tests.kafka): anomaly names"},
            hint = "If this fails, the evidence names each anomaly with its count and first records, the faults of the"
                    + " seed and the seed to run it again. What eos.history.no-anomalies says of each anomaly holds"
                    + " here; in addition: duplicate or lost-write only here: retries after a lost response or a cut"
                    + " connection are not de-duplicated by producer id and sequence, or a retried EndTxn is not"
                    + " answered with its first outcome; aborted-read of a killed writer's values: a new producer's"
                    + " InitProducerId did not abort the open transaction of the producer it fenced; copy-mismatch:"
                    + " a copier's offsets (TxnOffsetCommit) do not commit and abort with its output, so a restarted"
                    + " copier, or the one its partitions moved to, copies again (duplicates) or passes over input"
                    + " (missing); copy-stalled: no copy transaction of either copier committed in the whole run (see"
                    + " their first errors).")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    @RequiresApi(ApiKeys.TXN_OFFSET_COMMIT)
    void noAnomaliesUnderFaults(CheckContext ctx) {
        WorkloadPlan plan = plan(ctx);
        FaultSchedule faults = FaultSchedule.draw(plan.seed(), plan.duration());
        FaultProxy proxy = ctx.closeLater(FaultProxy.start(ctx.target(), FaultPlan.none()
                .loseResponseOf(ApiKeys.PRODUCE, faults.lostProduce())
                .loseResponseOf(ApiKeys.END_TXN, faults.lostEndTxn())
                .loseResponseOf(ApiKeys.TXN_OFFSET_COMMIT, faults.lostTxnOffsetCommit())));
        String topic = ctx.createTopic("history", plan.partitions(), Map.of());
        String output = ctx.createTopic("history-copy", plan.partitions(), Map.of());
        ctx.evidence("workload: %s; a consumer group of 2 read_committed members (subscribe); 2 copiers of %s to %s",
                plan.describe(), topic, output);
        ctx.evidence("faults (seed %d), through a proxy (%s): %s", plan.seed(), proxy.upstreamTransport(),
                faults.describe());

        HistoryRecorder recorder = new HistoryRecorder(plan.seed());
        WorkloadClients clients = throughProxy(ctx, proxy);
        HistoryWorkload workload = new HistoryWorkload(clients, topic, plan, recorder)
                .crashWriter(faults.crashedWriter(), faults.writerCrashTxn());
        long started = System.nanoTime();
        long deadline = started + plan.duration().plus(TargetContext.DEFAULT_WAIT).toNanos();
        String group = ctx.uniqueName("history-group");
        List<GroupConsumer> members = List.of(
                new GroupConsumer(clients, recorder, "g0", topic, group, 0, workload::writersDone, deadline),
                new GroupConsumer(clients, recorder, "g1", topic, group, faults.memberLeavesAfterPolls(),
                        workload::writersDone, deadline));
        members.forEach(workload::alongside);
        // Two copiers in one group, a producer each: the kill of one and its return move partitions between them.
        String copyGroup = ctx.uniqueName("history-copier-group");
        List<Copier> copiers = List.of(
                new Copier(clients, "c0", copyGroup, topic, output, faults.copierKillTxn(), workload::writersDone,
                        deadline),
                new Copier(clients, "c1", copyGroup, topic, output, 0, workload::writersDone, deadline));
        copiers.forEach(workload::alongside);
        workload.alongside(faults.runOn(new FaultSchedule.Proxy() {
            @Override
            public void cutConnections() {
                proxy.cutConnections();
            }

            @Override
            public void delayResponses(Duration delay) {
                proxy.delayResponses(delay);
            }
        }, workload::writersDone));
        // The clients alongside stop at their deadline, but a call they began just before it may block up to
        // CLIENT_WAIT and a close up to 5 s more: the workload waits that long past it before giving up on them.
        List<String> unfinished = workload.run(TargetContext.DEFAULT_WAIT.plus(CLIENT_WAIT).plusSeconds(5));
        long workloadMillis = (System.nanoTime() - started) / 1_000_000;
        ctx.evidence("faults done: %d connection(s) cut, responses lost: %s", proxy.connectionsCut(),
                proxy.lostResponses());
        copiers.forEach(copier -> ctx.evidence("%s", copier.describe()));
        members.forEach(member -> ctx.evidence("group member %s", member.describe()));
        if (!proxy.problems().isEmpty()) {
            ctx.evidence("the proxy's problems: %s", proxy.problems());
        }

        List<TopicPartition> partitions = partitions(topic, plan.partitions());
        List<TopicPartition> copies = partitions(output, plan.partitions());
        List<TopicPartition> all = new ArrayList<>(partitions);
        all.addAll(copies);
        // The last incarnation of a copier may have been stopped inside a transaction: its successor's
        // initTransactions aborts it, as a restarted application's would, so that output and offsets are final.
        for (Copier copier : copiers) {
            Producer<String, String> successor = ctx.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                    copier.transactionalId()));
            successor.initTransactions();
            successor.close(Duration.ZERO);
        }
        boolean stable = EosLog.awaitNoOpenTransaction(ctx, all, EosLog.MARKERS_WAIT);
        HistoryChecks.finalRead(ctx, recorder, Isolation.READ_COMMITTED, partitions);
        HistoryChecks.finalRead(ctx, recorder, Isolation.READ_UNCOMMITTED, partitions);
        Map<Integer, Long> consumed = committedByCopier(ctx, copyGroup, partitions);
        ctx.evidence("the copiers' group committed offsets of %s: %s", topic, consumed.isEmpty() ? "none"
                : String.join(", ", consumed.entrySet().stream().map(e -> "p" + e.getKey() + " " + e.getValue())
                        .toList()));
        copyRead(ctx, recorder, copies, consumed);
        History history = recorder.history();
        ctx.evidence("history: %s; workload %d ms, %d ms with the final reads; no transaction open at the end: %s%s",
                history.counts(), workloadMillis, (System.nanoTime() - started) / 1_000_000, stable,
                unfinished.isEmpty() ? "" : "; clients that did not finish within their bound: " + unfinished);
        history.of(Op.TxnEnd.class).stream().filter(end -> end.error() != null && end.error().startsWith("killed"))
                .forEach(end -> ctx.evidence("writer %s killed in transaction %s: %s", end.writer(), end.txn(),
                        end.error()));
        for (Op.CopyRead read : history.of(Op.CopyRead.class)) {
            ctx.evidence("final read_committed read of the copiers' output p%d: %d records, read to %d of end %d",
                    read.partition(), read.records().size(), read.reached(), read.end());
        }

        HistoryChecks.judge(ctx, history, plan.seed(), " under faults", unfinished);
    }

    /** The plan from the run options, read as {@code eos.history.no-anomalies} reads them. */
    static WorkloadPlan plan(CheckContext ctx) {
        return WorkloadPlan.defaults(HistoryChecks.seed(ctx), HistoryChecks.duration(ctx));
    }

    private static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        return partitions;
    }

    /** The workload's clients, each connected through the fault proxy. */
    private static WorkloadClients throughProxy(CheckContext ctx, FaultProxy proxy) {
        return new WorkloadClients() {
            @Override
            public Producer<String, String> producer(String role, Map<String, Object> overrides) {
                return ctx.producer(viaProxy(overrides));
            }

            @Override
            public Consumer<String, String> consumer(String role, Map<String, Object> overrides) {
                return ctx.consumer(viaProxy(overrides));
            }

            @Override
            public String uniqueName(String suffix) {
                return ctx.uniqueName(suffix);
            }

            private Map<String, Object> viaProxy(Map<String, Object> overrides) {
                Map<String, Object> config = new HashMap<>(proxy.clientOverrides());
                config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, proxy.bootstrapServers());
                // Blocking calls bounded well inside the workload's own bound: a call the faults left waiting
                // (a coordinator lookup, committed offsets, initTransactions) gives up and the client restarts
                // or records an unknown outcome, instead of holding the run until its bound.
                config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLIENT_WAIT.toMillis());
                config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_WAIT.toMillis());
                config.putAll(overrides);
                return config;
            }
        };
    }

    /**
     * The copiers' group's committed offsets of the input, from the target directly, by a read_committed consumer of
     * that group (not a member): its OffsetFetch asks for stable offsets (KIP-447) and is retried while a
     * transaction holding offsets of the group still ends, so what it returns is final.
     */
    private static Map<Integer, Long> committedByCopier(CheckContext ctx, String group, List<TopicPartition> input) {
        Consumer<String, String> reader = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, Isolation.READ_COMMITTED.label(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        Map<Integer, Long> committed = new TreeMap<>(); // by input partition, as the copiers' output is laid out
        reader.committed(new HashSet<>(input), HistoryChecks.FINAL_READ_WAIT).forEach((partition, offset) -> {
            if (offset != null) {
                committed.put(partition.partition(), offset.offset());
            }
        });
        return committed;
    }

    /**
     * Reads the copiers' output to its end under read_committed, from the target directly, with the offset the
     * copiers' group committed for the same partition of the input.
     */
    private static void copyRead(CheckContext ctx, HistoryRecorder recorder, List<TopicPartition> partitions,
                                 Map<Integer, Long> consumed) {
        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_COMMITTED), IsolationLevel.READ_COMMITTED,
                partitions, HistoryChecks.FINAL_READ_WAIT);
        for (TopicPartition partition : partitions) {
            recorder.record(new Op.CopyRead(recorder.tick(), partition.partition(),
                    HistoryChecks.seenIn(read, partition), read.ends().get(partition),
                    read.positions().get(partition), consumed.getOrDefault(partition.partition(), -1L)));
        }
    }
}
