package io.kconform.checks.eos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
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
 * Transaction timeouts (KIP-98): a transaction left open longer than its {@code transaction.timeout.ms},
 * because its producer hung or died, is aborted by the coordinator. Without this, one crashed
 * producer blocks every read_committed consumer of its partitions forever at the last stable offset
 * (a "hanging transaction", the incident KIP-890 set out to end).
 *
 * <p>The check opens a transaction with {@code transaction.timeout.ms=3000} and abandons it. Apache
 * Kafka looks for expired transactions every
 * {@code transaction.abort.timed.out.transaction.cleanup.interval.ms} (10 s by default, 5 s in
 * kconform's embedded broker), so the check waits at most {@value #WAIT_SECONDS} s.
 */
class TransactionTimeoutChecks {

    static final int WAIT_SECONDS = 45;

    @Check(id = "eos.txn.timeout-aborts",
            title = "A transaction left open past transaction.timeout.ms is aborted: its records stay invisible and read_committed moves on",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.SHOULD,
            spec = {"KIP-98 (transaction.timeout.ms)", "KIP-890"},
            hint = "If this fails, look at the coordinator's expiry of ongoing transactions: after"
                    + " transaction.timeout.ms it must abort (bump the epoch, write ABORT markers), so that the last"
                    + " stable offset advances past the abandoned records.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    void timeoutAborts(CheckContext ctx) {
        String topic = ctx.createTopic("txn-timeout", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<String, Object> config = new HashMap<>(EosLog.transactional(ctx.uniqueName("txn")));
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 3000);
        Producer<String, String> abandoned = ctx.producer(config);
        abandoned.initTransactions();
        long firstHanging = TransactionVisibilityChecks.sendInTransaction(abandoned, topic,
                List.of("abandoned-0", "abandoned-1", "abandoned-2")).get(0).offset();
        long after = EosLog.await(ctx.producer(Map.of()).send(new ProducerRecord<>(topic, 0, "k", "after"))).offset();
        ctx.evidence("a transaction with transaction.timeout.ms=3000 wrote [abandoned-0..2] from offset %d and was"
                + " left open; a non-transactional 'after' at %d", firstHanging, after);

        Consumer<String, String> committed = ctx.consumer(EosLog.READ_COMMITTED);
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(WAIT_SECONDS).toNanos();
        Consumer<String, String> watcher = ctx.consumer(EosLog.READ_COMMITTED);
        long lastStable = EosLog.lastStableOffset(ctx, watcher, partition);
        while (lastStable <= after && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofMillis(500));
            lastStable = EosLog.lastStableOffset(ctx, watcher, partition);
        }
        ctx.evidence("after %.1f s the last stable offset is %d", (System.nanoTime() - start) / 1e9, lastStable);
        assertThat(lastStable).as("last stable offset within %d s: past the abandoned transaction and 'after' (%d)",
                WAIT_SECONDS, after).isGreaterThan(after);

        EosLog.Read read = EosLog.readToEnd(ctx, committed, IsolationLevel.READ_COMMITTED, List.of(partition), TargetContext.DEFAULT_WAIT);
        ctx.evidence("read_committed: %s", read.summary());
        assertThat(read.values()).as("records visible to read_committed: the timed-out transaction's are not")
                .containsExactly("after");

        boolean committedLate = false;
        try {
            abandoned.commitTransaction();
            committedLate = true;
        } catch (RuntimeException e) {
            ctx.evidence("the abandoned producer's late commitTransaction failed: %s", Throwables.chain(e));
        }
        assertThat(committedLate).as("the abandoned producer committed after its transaction timed out").isFalse();
    }
}
