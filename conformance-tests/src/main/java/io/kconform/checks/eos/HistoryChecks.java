package io.kconform.checks.eos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.CheckOptions;
import io.kconform.api.context.TargetContext;
import io.kconform.checks.eos.history.Findings;
import io.kconform.checks.eos.history.History;
import io.kconform.checks.eos.history.HistoryChecker;
import io.kconform.checks.eos.history.HistoryRecorder;
import io.kconform.checks.eos.history.HistoryWorkload;
import io.kconform.checks.eos.history.Isolation;
import io.kconform.checks.eos.history.Op;
import io.kconform.checks.eos.history.Seen;
import io.kconform.checks.eos.history.WorkloadClients;
import io.kconform.checks.eos.history.WorkloadPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Exactly-once as a black box (issue 13; Jepsen's Kafka workload): several idempotent and transactional producers
 * and read_committed and read_uncommitted consumers work on one topic at once, every operation is recorded with
 * its outcome, a final read of every partition closes the history, and a pure checker looks for the anomalies
 * a history can show: lost writes, duplicates, aborted and uncommitted reads, inconsistent offsets, consumers going
 * back or passing over records. The deterministic checks of this battery each test one rule with one client; this
 * one tests them together, with clients racing each other.
 *
 * <p>The seed and duration are run options ({@code kconform run --history-seed N --history-duration SECONDS},
 * read by {@link #seed} and {@link #duration}); the default run is short and reproducible: the same seed makes the
 * same operations in each client.
 */
class HistoryChecks {

    /**
     * How long each final read may take: a few hundred records take well under a second; a target whose consumers
     * never reach the end (markers never served) shows it as unseen writes without holding the run for long.
     */
    static final Duration FINAL_READ_WAIT = Duration.ofSeconds(10);

    @Check(id = "eos.history.no-anomalies",
            title = "Idempotent and transactional producers and read_committed consumers racing on one topic leave a"
                    + " history without anomaly: no lost write, duplicate, aborted or uncommitted read, inconsistent"
                    + " offset, consumer going back or skipping",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.SHOULD,
            spec = {"KIP-98 (idempotent producer, transactions, read_committed)",
                    "Jepsen's Kafka workload (jepsen.tests.kafka): anomaly names"},
            hint = "If this fails, the evidence names each anomaly with its count and first records, and the seed to"
                    + " run it again. lost-write: acknowledged produce not stored; duplicate: retried batches appended"
                    + " again (producer id and sequence ignored); aborted-read and uncommitted-read: transactions not"
                    + " isolated (markers, the last stable offset, the aborted-transactions list of Fetch);"
                    + " inconsistent-offsets: acknowledged offsets that the log does not hold; nonmonotonic-poll and"
                    + " poll-skip: Fetch answers out of order or with records left out.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    void noAnomalies(CheckContext ctx) {
        WorkloadPlan plan = WorkloadPlan.defaults(seed(ctx), duration(ctx));
        String topic = ctx.createTopic("history", plan.partitions(), Map.of());
        ctx.evidence("workload: %s", plan.describe());
        HistoryRecorder recorder = new HistoryRecorder(plan.seed());
        long started = System.nanoTime();
        List<String> unfinished = new HistoryWorkload(WorkloadClients.of(ctx), topic, plan, recorder)
                .run(TargetContext.DEFAULT_WAIT);
        long workloadMillis = (System.nanoTime() - started) / 1_000_000;

        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < plan.partitions(); p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        boolean stable = EosLog.awaitNoOpenTransaction(ctx, partitions, EosLog.MARKERS_WAIT);
        finalRead(ctx, recorder, Isolation.READ_COMMITTED, partitions);
        finalRead(ctx, recorder, Isolation.READ_UNCOMMITTED, partitions);
        History history = recorder.history();
        ctx.evidence("history: %s; workload %d ms, %d ms with the final reads; no transaction open at the end: %s%s",
                history.counts(), workloadMillis, (System.nanoTime() - started) / 1_000_000, stable,
                unfinished.isEmpty() ? "" : "; clients that did not finish within their bound: " + unfinished);
        for (Op.FinalRead read : history.of(Op.FinalRead.class)) {
            ctx.evidence("final %s read of p%d: %d records, read to %d of end %d", read.isolation().label(),
                    read.partition(), read.records().size(), read.reached(), read.end());
        }

        judge(ctx, history, plan.seed(), "", unfinished);
    }

    /**
     * Judges a recorded history: the errors of sends not acknowledged and the checker's findings as evidence, then a
     * FAIL naming every anomaly, or, with none, the clients that never finished.
     *
     * @param circumstances what the workload ran under, for the FAIL's message ("" or, e.g., " under faults")
     */
    static void judge(CheckContext ctx, History history, long seed, String circumstances, List<String> unfinished) {
        List<String> errors = history.of(Op.Send.class).stream().filter(s -> s.error() != null).map(Op.Send::error)
                .distinct().limit(3).toList();
        if (!errors.isEmpty()) {
            ctx.evidence("errors of sends not acknowledged (first 3 distinct): %s", errors);
        }
        Findings findings = HistoryChecker.check(history);
        findings.notes().forEach(note -> ctx.evidence("allowed: %s", note));
        findings.summary().forEach(line -> ctx.evidence("anomaly %s", line));
        ctx.evidence("anomalies: %s (seed %d)", findings.counts(), seed);
        assertThat(findings.counts())
                .as("anomalies in the history of %d operations%s (seed %d; run again with --history-seed %d): %s",
                        history.ops().size(), circumstances, seed, seed, String.join(" | ", findings.summary()))
                .isEqualTo("none");
        assertWorkloadFinished(unfinished);
    }

    /**
     * After the anomalies, which say more: every client of the workload finished within its bound. One that did
     * not was stuck in a send, commit or poll the target never answered.
     */
    static void assertWorkloadFinished(List<String> unfinished) {
        assertThat(unfinished).as("workload clients that did not finish within their bound (a send, commit or poll"
                + " the target never answered; what they did until then is judged above)").isEmpty();
    }

    /** The workload's seed: the run option {@code --history-seed}, or {@link WorkloadPlan#DEFAULT_SEED}. */
    static long seed(CheckContext ctx) {
        return ctx.option(CheckOptions.HISTORY_SEED).map(Long::parseLong).orElse(WorkloadPlan.DEFAULT_SEED);
    }

    /** How long the workload writes: the run option {@code --history-duration}, or {@link WorkloadPlan#DEFAULT_DURATION}. */
    static Duration duration(CheckContext ctx) {
        return ctx.option(CheckOptions.HISTORY_DURATION_SECONDS).map(Long::parseLong).map(Duration::ofSeconds)
                .orElse(WorkloadPlan.DEFAULT_DURATION);
    }

    /** Reads every partition from its start to its end at one isolation level and records what it returned. */
    static void finalRead(CheckContext ctx, HistoryRecorder recorder, Isolation isolation,
                          List<TopicPartition> partitions) {
        boolean committed = isolation == Isolation.READ_COMMITTED;
        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(committed ? EosLog.READ_COMMITTED : EosLog.READ_UNCOMMITTED),
                committed ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED, partitions, FINAL_READ_WAIT);
        for (TopicPartition partition : partitions) {
            List<Seen> records = seenIn(read, partition);
            recorder.record(new Op.FinalRead(recorder.tick(), isolation, partition.partition(), records,
                    read.ends().get(partition), read.positions().get(partition)));
        }
    }

    /** The records {@code read} returned from {@code partition}, in order, as the history records them. */
    static List<Seen> seenIn(EosLog.Read read, TopicPartition partition) {
        List<Seen> records = new ArrayList<>();
        for (ConsumerRecord<String, String> r : read.records()) {
            if (r.partition() == partition.partition()) {
                records.add(new Seen(r.partition(), r.offset(), r.key(), r.value()));
            }
        }
        return records;
    }
}
