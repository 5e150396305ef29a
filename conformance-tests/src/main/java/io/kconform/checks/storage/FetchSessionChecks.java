package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.NotApplicableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FetchMetadata;

/**
 * Incremental fetch sessions (KIP-227). A consumer fetching many partitions opens a session with a full fetch;
 * later fetches send only what changed (partitions added, removed, moved on) and the broker answers only the
 * partitions with something new. The broker holds the rest: if it forgets a removal the consumer is sent records
 * it no longer owns, if it forgets a partition the consumer never hears of it again. A session the broker no longer
 * holds (evicted, closed) is answered FETCH_SESSION_ID_NOT_FOUND, on which every client starts over with a full
 * fetch.
 *
 * <p>KIP-227 lets a broker decline sessions (answer session id 0): every fetch is then a full one, which is
 * correct, so the session check is SKIPPED there rather than failed. Both checks are at MESSAGING: sessions are
 * what the Java consumer uses for every fetch since Apache Kafka 1.1, so a broken one breaks plain consumption.
 */
class FetchSessionChecks {

    private static final int WAIT_MS = 500;
    private static final int LIMIT = 1024 * 1024;

    /**
     * MUST, at MESSAGING: a session that keeps a removed partition sends a consumer records it no longer owns, one
     * that drops a partition starves it; both break plain consumption. A target that declines sessions is SKIPPED.
     */
    @Check(id = "storage.fetch.session-add-remove",
            title = "An incremental fetch session adds and removes partitions: a removed partition is no longer"
                    + " returned, an added one is, and one left untouched keeps its position",
            battery = Battery.STORAGE, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"KIP-227 (incremental fetch requests, Fetch v7+)"},
            hint = "If this fails, look at the target's fetch session cache: an incremental fetch's forgotten"
                    + " partitions must leave the session, its new partitions must join it and be answered, and a"
                    + " partition the request does not name must stay in the session at the position last sent, and"
                    + " be answered when it has new records.")
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 7)
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    void sessionAddRemove(CheckContext ctx) {
        String topic = ctx.createTopic("fetch-session", partitionsFor(ctx, 3), Map.of());
        List<String> wrong = new ArrayList<>();
        try (LeaderWire wire = LeaderWire.leaderOfSome(ctx, topic, 3)) {
            int a = wire.partitions().get(0);
            int b = wire.partitions().get(1);
            int c = wire.partitions().get(2);
            Map<Integer, Long> start = new LinkedHashMap<>();
            Map<Integer, Long> end = new LinkedHashMap<>();
            for (int p : wire.partitions()) {
                PartitionProduceResponse produced = wire.produce(ctx, p, RawFetch.batch("first-" + p, 3, 10), (short) -1);
                assertThat(Errors.forCode(produced.errorCode())).as("error of the Produce that fills partition %d", p)
                        .isEqualTo(Errors.NONE);
                start.put(p, produced.baseOffset());
                end.put(p, produced.baseOffset() + 3);
            }

            // A full fetch of a and b opens the session.
            RawFetch.Answer full = RawFetch.fetch(ctx, wire, FetchMetadata.INITIAL,
                    ordered(a, start.get(a), b, start.get(b)), List.of(), WAIT_MS, 1, LIMIT, LIMIT);
            ctx.evidence("full fetch of partitions %d and %d (session id 0, epoch 0): %s", a, b, full.summary());
            assertThat(full.error()).as("top-level error of the full fetch that opens a session").isEqualTo(Errors.NONE);
            if (full.sessionId() == FetchMetadata.INVALID_SESSION_ID) {
                throw new NotApplicableException("the target declines fetch sessions (it answered a full fetch with"
                        + " session id 0, as KIP-227 allows): every fetch is a full one, so there is no incremental"
                        + " fetch to check");
            }
            expectRecords(wrong, "full fetch", full, a, start.get(a), end.get(a));
            expectRecords(wrong, "full fetch", full, b, start.get(b), end.get(b));
            FetchMetadata session = FetchMetadata.newIncremental(full.sessionId());

            // Epoch 1: remove a, move b to its end, add c.
            RawFetch.Answer first = RawFetch.fetch(ctx, wire, session, ordered(b, end.get(b), c, start.get(c)),
                    List.of(a), WAIT_MS, 1, LIMIT, LIMIT);
            ctx.evidence("incremental fetch, epoch %d: forget %d, %d at its end %d, add %d: %s", session.epoch(), a, b,
                    end.get(b), c, first.summary());
            assertThat(first.error()).as("top-level error of incremental fetch epoch %d", session.epoch())
                    .isEqualTo(Errors.NONE);
            expectRecords(wrong, "epoch 1, partition added", first, c, start.get(c), end.get(c));
            if (first.partitions().containsKey(a)) {
                wrong.add("epoch 1: partition " + a + " returned although the request forgot it: " + first.summary());
            }

            // New records everywhere; epoch 2 names only c (at its end): b stays in the session, a is gone.
            for (int p : wire.partitions()) {
                PartitionProduceResponse produced = wire.produce(ctx, p, RawFetch.batch("second-" + p, 1, 10), (short) -1);
                assertThat(Errors.forCode(produced.errorCode())).as("error of the second Produce to partition %d", p)
                        .isEqualTo(Errors.NONE);
            }
            session = session.nextIncremental();
            RawFetch.Answer second = RawFetch.fetch(ctx, wire, session, ordered(c, end.get(c)), List.of(), WAIT_MS, 1,
                    LIMIT, LIMIT);
            ctx.evidence("one more record in each partition; incremental fetch, epoch %d, naming only %d at its end"
                    + " %d: %s", session.epoch(), c, end.get(c), second.summary());
            assertThat(second.error()).as("top-level error of incremental fetch epoch %d", session.epoch())
                    .isEqualTo(Errors.NONE);
            expectRecords(wrong, "epoch 2, partition kept in the session", second, b, end.get(b), end.get(b) + 1);
            expectRecords(wrong, "epoch 2, partition updated", second, c, end.get(c), end.get(c) + 1);
            if (second.partitions().containsKey(a)) {
                wrong.add("epoch 2: partition " + a + ", forgotten at epoch 1, returned with its new record: "
                        + second.summary());
            }
            close(ctx, wire, session);
        }
        assertThat(wrong).as("incremental fetch answers that do not follow the session's partitions").isEmpty();
    }

    /**
     * SHOULD, at MESSAGING: the Java client starts over after any top-level error, so the exact code matters less
     * than that some error comes; an empty success instead leaves it polling a session that does not exist.
     */
    @Check(id = "storage.fetch.session-unknown-id",
            title = "An incremental fetch in a session the broker does not hold is answered FETCH_SESSION_ID_NOT_FOUND,"
                    + " a wrong session epoch INVALID_FETCH_SESSION_EPOCH, and a full fetch after them works",
            battery = Battery.STORAGE, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-227 (FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH)"},
            hint = "If this fails, look at how the target answers an incremental fetch (session id and epoch above 0)"
                    + " for a session it does not hold (never opened, closed, evicted): the top-level error"
                    + " FETCH_SESSION_ID_NOT_FOUND tells the client to start over with a full fetch, which must then"
                    + " work. A wrong epoch in a live session is INVALID_FETCH_SESSION_EPOCH.")
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 7)
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    void sessionUnknownId(CheckContext ctx) {
        String topic = ctx.createTopic("fetch-session-unknown", 1, Map.of());
        List<String> wrong = new ArrayList<>();
        try (LeaderWire wire = LeaderWire.leaderOf(ctx, topic)) {
            PartitionProduceResponse produced = wire.produce(ctx, 0, RawFetch.batch("record", 3, 10), (short) -1);
            assertThat(Errors.forCode(produced.errorCode())).as("error of the Produce that fills the partition")
                    .isEqualTo(Errors.NONE);
            long start = produced.baseOffset();
            Map<Integer, Long> from = ordered(0, start);

            // A session id the broker never gave out (ids are positive; this one is unlikely to be live).
            int unknown = 0x7EADBEEF;
            RawFetch.Answer never = RawFetch.fetch(ctx, wire, new FetchMetadata(unknown, 1), from, List.of(), WAIT_MS,
                    1, LIMIT, LIMIT);
            ctx.evidence("incremental fetch in session %d, which the target never opened: %s", unknown, never.summary());
            if (never.error() != Errors.FETCH_SESSION_ID_NOT_FOUND) {
                wrong.add("unknown session " + unknown + ": " + never.summary() + ", expected FETCH_SESSION_ID_NOT_FOUND");
            }

            RawFetch.Answer full = RawFetch.fetch(ctx, wire, FetchMetadata.INITIAL, from, List.of(), WAIT_MS, 1, LIMIT,
                    LIMIT);
            ctx.evidence("then a full fetch opening a new session: %s", full.summary());
            expectFull(wrong, "full fetch after FETCH_SESSION_ID_NOT_FOUND", full, start);
            if (full.error() == Errors.NONE && full.sessionId() != FetchMetadata.INVALID_SESSION_ID) {
                int session = full.sessionId();
                RawFetch.Answer badEpoch = RawFetch.fetch(ctx, wire, new FetchMetadata(session, 5), Map.of(), List.of(),
                        WAIT_MS, 1, LIMIT, LIMIT);
                ctx.evidence("incremental fetch in session %d with epoch 5 where 1 is next: %s", session,
                        badEpoch.summary());
                if (badEpoch.error() != Errors.INVALID_FETCH_SESSION_EPOCH) {
                    wrong.add("epoch 5 where 1 is next: " + badEpoch.summary() + ", expected INVALID_FETCH_SESSION_EPOCH");
                }
                // Closing the session leaves the broker without it, as an eviction would.
                RawFetch.Answer closing = RawFetch.fetch(ctx, wire, new FetchMetadata(session,
                        FetchMetadata.FINAL_EPOCH), from, List.of(), WAIT_MS, 1, LIMIT, LIMIT);
                ctx.evidence("full fetch closing session %d (epoch -1): %s", session, closing.summary());
                RawFetch.Answer closed = RawFetch.fetch(ctx, wire, new FetchMetadata(session, 1), from, List.of(),
                        WAIT_MS, 1, LIMIT, LIMIT);
                ctx.evidence("incremental fetch in the closed session %d: %s", session, closed.summary());
                if (closed.error() != Errors.FETCH_SESSION_ID_NOT_FOUND) {
                    wrong.add("closed session " + session + ": " + closed.summary()
                            + ", expected FETCH_SESSION_ID_NOT_FOUND");
                }
                RawFetch.Answer again = RawFetch.fetch(ctx, wire, FetchMetadata.INITIAL, from, List.of(), WAIT_MS, 1,
                        LIMIT, LIMIT);
                ctx.evidence("then a full fetch again: %s", again.summary());
                expectFull(wrong, "full fetch after the closed session", again, start);
                if (again.error() == Errors.NONE) {
                    close(ctx, wire, FetchMetadata.newIncremental(again.sessionId()));
                }
            } else {
                ctx.evidence("the target declines fetch sessions (session id 0): only the unknown session is asked");
            }
        }
        assertThat(wrong).as("answers to fetches in sessions the target does not hold, or to a wrong epoch").isEmpty();
    }

    /** Enough partitions that some broker leads {@code wanted} of them, on a single broker or a cluster. */
    static int partitionsFor(CheckContext ctx, int wanted) {
        int brokers = Math.max(1, ctx.target().facts().nodes().size());
        return Math.min(wanted * brokers, 5 * wanted);
    }

    private static void expectRecords(List<String> wrong, String when, RawFetch.Answer answer, int partition,
                                      long from, long to) {
        List<Long> expected = new ArrayList<>();
        for (long o = from; o < to; o++) {
            expected.add(o);
        }
        if (!answer.partitions().containsKey(partition)) {
            wrong.add(when + ": partition " + partition + " not returned, expected offsets " + expected);
            return;
        }
        List<Long> offsets = answer.offsets(partition);
        short error = answer.partitions().get(partition).errorCode();
        if (error != Errors.NONE.code() || !offsets.equals(expected)) {
            wrong.add(when + ": partition " + partition + " returned " + Errors.forCode(error) + " with offsets "
                    + offsets + ", expected offsets " + expected);
        }
    }

    private static void expectFull(List<String> wrong, String when, RawFetch.Answer answer, long start) {
        if (answer.error() != Errors.NONE) {
            wrong.add(when + ": " + answer.summary() + ", expected NONE and the records");
            return;
        }
        expectRecords(wrong, when, answer, 0, start, start + 3);
    }

    /** Ends a session (epoch -1), so the target's session cache is left as it was found. */
    private static void close(CheckContext ctx, LeaderWire wire, FetchMetadata session) {
        if (session.sessionId() != FetchMetadata.INVALID_SESSION_ID) {
            RawFetch.fetch(ctx, wire, new FetchMetadata(session.sessionId(), FetchMetadata.FINAL_EPOCH), Map.of(),
                    List.of(), 0, 1, LIMIT, LIMIT);
        }
    }

    private static Map<Integer, Long> ordered(Object... partitionAndOffset) {
        Map<Integer, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < partitionAndOffset.length; i += 2) {
            map.put((Integer) partitionAndOffset[i], (Long) partitionAndOffset[i + 1]);
        }
        return map;
    }
}
