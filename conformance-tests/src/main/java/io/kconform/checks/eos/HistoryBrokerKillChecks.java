package io.kconform.checks.eos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.ChangesCluster;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.RequiresBrokers;
import io.kconform.api.RequiresFacility;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import io.kconform.api.outcome.SetUpRefusedByTargetException;
import io.kconform.api.target.BrokerControl;
import io.kconform.api.target.Facility;
import io.kconform.checks.eos.history.History;
import io.kconform.checks.eos.history.HistoryRecorder;
import io.kconform.checks.eos.history.HistoryWorkload;
import io.kconform.checks.eos.history.Isolation;
import io.kconform.checks.eos.history.WorkloadClients;
import io.kconform.checks.eos.history.WorkloadPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The history checker across a broker crash (issue 13): the workload of {@code eos.history.no-anomalies} on a topic
 * with three replicas and {@code min.insync.replicas=2}, while the leader of its first partition is killed with
 * SIGKILL a third of the way into the writing and started again once the writers are done. Producers, transactions
 * and consumers fail over to the new leaders (and to a new transaction or group coordinator when the dead broker
 * was one) as applications do; nothing acknowledged may be lost and every anomaly of the fault-free check stays
 * forbidden. Needs broker control and three brokers: an embedded cluster.
 *
 * <p>The kill is felt by every check running at the same time, so the class runs {@link Isolated isolated}.
 */
@Isolated("kills a broker of the target, which every other check shares")
class HistoryBrokerKillChecks {

    /** When the broker is killed, for the evidence. */
    private static final String KILLED_WHEN = "a third of the way into the writing";

    @Check(id = "eos.history.no-anomalies-across-broker-kill",
            title = "Idempotent and transactional producers and read_committed consumers racing on a topic with three"
                    + " replicas leave a history without anomaly while a partition leader is killed and started again",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.SHOULD,
            spec = {"KIP-98 (idempotent producer, transactions, read_committed)",
                    "KIP-101 (leader epochs: no truncation of committed records)",
                    "Jepsen's Kafka workload (jepsen.tests.kafka): anomaly names"},
            hint = "If this fails, the evidence names each anomaly with its count and first records, the broker killed"
                    + " and the seed to run it again. lost-write across the kill: an acks=all write acknowledged before"
                    + " every in-sync replica had it, or a new leader elected that lacked it (truncation); duplicate:"
                    + " producer state (ids and sequences) not carried to the new leader, so retries were appended"
                    + " again; aborted-read or uncommitted-read: the new leader's last stable offset or aborted"
                    + " transactions list does not match the old one's; what eos.history.no-anomalies says of each"
                    + " anomaly holds here too.")
    @RequiresFacility(Facility.BROKER_CONTROL)
    @RequiresBrokers(3)
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    @ChangesCluster("a broker killed and restarted, partition leadership")
    void noAnomaliesAcrossBrokerKill(CheckContext ctx) {
        WorkloadPlan plan = WorkloadPlan.defaults(HistoryChecks.seed(ctx), HistoryChecks.duration(ctx));
        BrokerControl brokers = ctx.brokerControl();
        String topic = ctx.createTopic("history", plan.partitions(), (short) 3,
                Map.of("min.insync.replicas", "2", "unclean.leader.election.enable", "false"));
        List<TopicPartition> partitions = new ArrayList<>();
        int victim = -1;
        for (int p = 0; p < plan.partitions(); p++) {
            partitions.add(new TopicPartition(topic, p));
            TopicPartitionInfo info = ctx.awaitPartition(topic, p, i -> i.isr().size() == 3,
                            TargetContext.DEFAULT_WAIT)
                    .orElseThrow(() -> new SetUpRefusedByTargetException("the replicas of the new topic were not all"
                            + " in sync within " + TargetContext.DEFAULT_WAIT.toSeconds() + " s"));
            if (p == 0) {
                victim = info.leader().id();
            }
        }
        int killed = victim;
        ctx.evidence("workload: %s; topic %s with 3 replicas, min.insync.replicas=2; broker %d (leader of p0) killed"
                + " %s", plan.describe(), topic, killed, KILLED_WHEN);

        HistoryRecorder recorder = new HistoryRecorder(plan.seed());
        HistoryWorkload workload = new HistoryWorkload(WorkloadClients.of(ctx), topic, plan, recorder);
        AtomicLong killedAtMillis = new AtomicLong(-1);
        long started = System.nanoTime();
        workload.alongside(() -> {
            Thread.sleep(plan.duration().toMillis() / 3);
            brokers.kill(killed);
            killedAtMillis.set((System.nanoTime() - started) / 1_000_000);
            return null;
        });
        boolean restarted = false;
        try {
            // Failover takes the target's time to notice the dead broker (about 9 s for Apache Kafka's KRaft
            // session): the clients' retries outlast it within the workload's own bound.
            List<String> unfinished = workload.run(TargetContext.DEFAULT_WAIT);
            long workloadMillis = (System.nanoTime() - started) / 1_000_000;
            restarted = restart(ctx, brokers, killed);
            boolean stable = EosLog.awaitNoOpenTransaction(ctx, partitions, EosLog.MARKERS_WAIT);
            HistoryChecks.finalRead(ctx, recorder, Isolation.READ_COMMITTED, partitions);
            HistoryChecks.finalRead(ctx, recorder, Isolation.READ_UNCOMMITTED, partitions);
            History history = recorder.history();
            ctx.evidence("broker %d killed %d ms into the workload; history: %s; workload %d ms; no transaction open"
                    + " at the end: %s%s", killed, killedAtMillis.get(), history.counts(), workloadMillis, stable,
                    unfinished.isEmpty() ? "" : "; clients that did not finish within their bound: " + unfinished);
            assertThat(killedAtMillis.get()).as("the broker was killed during the workload").isNotNegative();
            HistoryChecks.judge(ctx, history, plan.seed(), " across the kill of broker " + killed, unfinished);
        } finally {
            if (!restarted && !brokers.isRunning(killed)) {
                try {
                    restart(ctx, brokers, killed);
                } catch (RuntimeException e) {
                    ctx.evidence("broker %d did not come back: %s", killed, e.getMessage());
                }
            }
        }
    }

    /** Starts the killed broker again, so the final reads and the checks after this one have the whole cluster. */
    private static boolean restart(CheckContext ctx, BrokerControl brokers, int id) {
        if (brokers.isRunning(id)) {
            return true;
        }
        long start = System.nanoTime();
        try {
            brokers.start(id);
        } catch (IllegalStateException e) {
            throw new HarnessException("could not start broker " + id + " again: " + e.getMessage(), e);
        }
        ctx.evidence("broker %d started again after %.1f s", id, (System.nanoTime() - start) / 1e9);
        return true;
    }
}
