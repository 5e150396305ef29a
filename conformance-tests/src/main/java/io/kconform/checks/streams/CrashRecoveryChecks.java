package io.kconform.checks.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Exactly-once is about failures: when a stream thread dies in the middle of a transaction, what it
 * already wrote to the repartition topic is aborted, the thread that replaces it starts again from the
 * last committed input offsets and state, and downstream {@code read_committed} readers — Kafka
 * Streams' own repartition consumer, and the output's consumers — never see the aborted records. On a
 * target that exposes aborted records, loses the abort, or commits offsets without the data, the
 * totals come out doubled or short.
 *
 * <p>The crash is injected: the stream thread throws while processing one order, after a pause long
 * enough for the producer to have sent the open transaction's records; the uncaught-exception handler
 * replaces the thread (KIP-671).
 */
class CrashRecoveryChecks {

    private static final int PARTITIONS = 3;
    private static final int CUSTOMERS = 6;
    private static final int ORDERS = 60;
    private static final String CRASH_ON = "order-40";
    /** Above Apache Kafka's group.min.session.timeout.ms (6 s), short enough for a bounded check. */
    private static final int SESSION_TIMEOUT_MS = 10_000;

    @Check(id = "streams.eos-v2.no-duplicates-after-crash",
            title = "After a stream thread dies mid-transaction and is replaced, the read_committed output equals"
                    + " the reference: no update duplicated from the aborted transaction, none lost",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-98", "KIP-129", "KIP-447", "KIP-671"},
            hint = "Doubled totals mean aborted records reached read_committed consumers: look at the abort"
                    + " markers (EndTxn abort, WriteTxnMarkers) and at the aborted_transactions list of Fetch"
                    + " responses; missing totals mean committed records were hidden, or offsets committed"
                    + " without their data (TxnOffsetCommit outside the transaction), or input removed while the"
                    + " application read it (a log start offset above 0 in the evidence: retention by record"
                    + " timestamp, the records being an hour or two old).")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void noDuplicatesAfterCrash(CheckContext ctx) {
        String orders = ctx.createTopic("orders", PARTITIONS, Map.of());
        String output = ctx.createTopic("totals", 1, Map.of());
        List<InputRecord> input = Inputs.orders(orders, PARTITIONS, CUSTOMERS, 0, ORDERS, Inputs.epoch());
        List<OutputRecord> reference = Reference.run(Topologies.totalsPerCustomer(orders, output, CrashOnce.never()),
                input, output, ctx.tempDir());
        Map<String, List<String>> expected = Outputs.valuesByKey(reference);

        // all input first, so the crash falls in the middle of a batch, in an open transaction
        TargetIo.produce(ctx, input);
        CrashOnce crash = CrashOnce.on(CRASH_ON, Duration.ofMillis(500));
        StreamsApp app = StreamsApp.settings(ctx)
                // a longer commit interval, so that the transaction open at the crash holds many records
                .override(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000)
                // the dead thread's consumer does not leave the group (Streams never does on a thread's
                // death), so the replacement's rebalance waits for its session to expire: keep it short
                .override(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS)
                .override(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), SESSION_TIMEOUT_MS / 4)
                .replaceThreadOn(CrashOnce::isInjected)
                .start(Topologies.totalsPerCustomer(orders, output, crash));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);
        // the crash may come before or after RUNNING; the replacement thread rejoins after the dead thread's
        // session expired, then reprocesses from the last commit: twice the ordinary wait
        List<OutputRecord> received = new OutputReader(ctx, output, true)
                .readAtLeast(reference.size(), app, TargetContext.DEFAULT_WAIT.multipliedBy(2));
        boolean crashed = crash.crashed() && !app.replacedThreads().isEmpty();
        ctx.evidence("produced %d orders; %s", input.size(), crashed ? "the stream thread crashed on " + CRASH_ON
                + " mid-transaction and was replaced" : "the injected crash on " + CRASH_ON + " did not happen");

        String repartition = Topologies.repartitionTopic(app.applicationId());
        int uncommitted = new OutputReader(ctx, repartition, false).readToEnd(TargetContext.DEFAULT_WAIT).size();
        int committed = new OutputReader(ctx, repartition, true).readToEnd(TargetContext.DEFAULT_WAIT).size();
        ctx.evidence("repartition topic: %d records read_uncommitted, %d read_committed (%d in aborted"
                + " transactions)", uncommitted, committed, uncommitted - committed);

        // a replaced thread resumes from the committed offsets; input the target removed meanwhile is skipped
        ctx.evidence("input log start offsets after recovery %s (0: no input removed)",
                TargetIo.startOffsets(ctx, List.of(orders)).values());

        Map<String, List<String>> actual = Outputs.valuesByKey(received);
        ctx.evidence("reference: %d updates, final %s; target, read_committed: %d updates, final %s",
                reference.size(), EosOutputChecks.finals(expected), received.size(), EosOutputChecks.finals(actual));
        assertThat(actual).as("the sequence of totals per customer after the crash, read_committed, against the"
                + " reference: %s", Outputs.firstDifference(expected, actual)).isEqualTo(expected);

        Map<TopicPartition, Long> ends = TargetIo.endOffsetsOfNonEmpty(ctx, List.of(orders));
        Map<TopicPartition, Long> offsets = TargetIo.awaitCommitted(ctx, app, app.applicationId(), ends,
                TargetContext.DEFAULT_WAIT);
        assertThat(offsets).as("the application's committed input offsets after recovery").isEqualTo(ends);
        if (!crashed) {
            // right output without the crash proves nothing about recovery: the check did not do its part
            throw new HarnessException("the injected crash on " + CRASH_ON + " did not happen (replaced threads: "
                    + app.replacedThreads().size() + ")");
        }
    }
}
