package io.kconform.checks.eos.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * The faults of a history run under faults, all drawn from one seed: when the harness cuts every client connection
 * and when it holds responses back (and how long), which Produce, EndTxn and TxnOffsetCommit responses are lost,
 * in which transaction a transactional writer and the copier are killed, and when a group member leaves and joins
 * again. Immutable; the same seed and duration give the same schedule. Moments are in milliseconds from the start
 * of the workload.
 *
 * @param cutsAtMillis         when every client connection is cut
 * @param delays               windows during which every response is held back
 * @param lostProduce          which Produce requests (counted from 1 over the proxy) lose their responses
 * @param lostEndTxn           which EndTxn requests lose their responses
 * @param lostTxnOffsetCommit  which TxnOffsetCommit requests lose their responses
 * @param crashedWriter        the transactional writer killed mid-transaction
 * @param writerCrashTxn       in which of its transactions
 * @param copierKillTxn        in which copy transaction the copier is killed
 * @param memberLeavesAfterPolls after how many polls with records the group member {@code g1} leaves the group
 *                               and joins it again
 */
public record FaultSchedule(List<Long> cutsAtMillis, List<Delay> delays, int[] lostProduce, int[] lostEndTxn,
                            int[] lostTxnOffsetCommit, String crashedWriter, int writerCrashTxn, int copierKillTxn,
                            int memberLeavesAfterPolls) {

    /** From {@code atMillis} to {@code atMillis + forMillis} every response is held {@code delayMillis}. */
    public record Delay(long atMillis, long forMillis, long delayMillis) {
    }

    /** What the schedule acts on: the fault proxy in front of the target. */
    public interface Proxy {
        /** Cuts every client connection. */
        void cutConnections();

        /** Holds every response back {@code delay} from now on (zero: none). */
        void delayResponses(Duration delay);
    }

    public FaultSchedule {
        cutsAtMillis = List.copyOf(cutsAtMillis);
        delays = List.copyOf(delays);
    }

    /** The schedule of {@code seed} for a workload of {@code duration}: a few faults of each kind within it. */
    public static FaultSchedule draw(long seed, Duration duration) {
        Random random = new Random(seed * 7919 + 13);
        long span = Math.max(500, duration.toMillis());
        List<Long> cuts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cuts.add(span / 10 + (long) (random.nextDouble() * span * 0.8));
        }
        cuts.sort(null);
        List<Delay> delays = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            delays.add(new Delay(span / 10 + (long) (random.nextDouble() * span * 0.7), 200 + random.nextInt(300),
                    20 + random.nextInt(180)));
        }
        delays.sort(java.util.Comparator.comparingLong(Delay::atMillis));
        int[] produce = {5 + random.nextInt(10), 25 + random.nextInt(25), 60 + random.nextInt(40)};
        int[] endTxn = {2 + random.nextInt(4), 8 + random.nextInt(8)};
        int[] txnOffsetCommit = {2 + random.nextInt(3), 6 + random.nextInt(6)};
        // the writer is killed early (its first or second transaction), so that the kill happens even when faults
        // slow it down to a few transactions
        return new FaultSchedule(cuts, delays, produce, endTxn, txnOffsetCommit, "t" + random.nextInt(2),
                1 + random.nextInt(2), 2 + random.nextInt(3), 2 + random.nextInt(4));
    }

    /**
     * Acts out the cuts and delays on {@code proxy} at their moments, from now, until each was done or {@code stop}
     * holds; the lost responses are the proxy's own plan and the kills the clients' own.
     */
    public Callable<Void> runOn(Proxy proxy, BooleanSupplier stop) {
        return () -> {
            long start = System.nanoTime();
            List<long[]> events = new ArrayList<>(); // {at, delay or -1 for a cut}
            cutsAtMillis.forEach(at -> events.add(new long[] {at, -1}));
            for (Delay delay : delays) {
                events.add(new long[] {delay.atMillis(), delay.delayMillis()});
                events.add(new long[] {delay.atMillis() + delay.forMillis(), 0});
            }
            events.sort(java.util.Comparator.comparingLong(e -> e[0]));
            try {
                for (long[] event : events) {
                    while (!stop.getAsBoolean() && (System.nanoTime() - start) / 1_000_000 < event[0]) {
                        Thread.sleep(10);
                    }
                    if (stop.getAsBoolean()) {
                        break;
                    }
                    if (event[1] < 0) {
                        proxy.cutConnections();
                    } else {
                        proxy.delayResponses(Duration.ofMillis(event[1]));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                proxy.delayResponses(Duration.ZERO);
            }
            return null;
        };
    }

    /** One line for evidence. */
    public String describe() {
        List<String> windows = delays.stream().map(d -> d.delayMillis() + " ms from " + d.atMillis() + " for "
                + d.forMillis() + " ms").toList();
        return "connections cut at " + cutsAtMillis + " ms; responses delayed " + windows + "; responses lost of"
                + " Produce #" + java.util.Arrays.toString(lostProduce) + ", EndTxn #"
                + java.util.Arrays.toString(lostEndTxn) + ", TxnOffsetCommit #"
                + java.util.Arrays.toString(lostTxnOffsetCommit) + "; writer " + crashedWriter + " killed in its"
                + " transaction " + writerCrashTxn + "; the copier killed in its copy transaction " + copierKillTxn
                + "; group member g1 leaves and joins again after " + memberLeavesAfterPolls + " polls with records";
    }
}
