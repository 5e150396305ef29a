package io.kconform.checks.eos.history;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds the anomalies of a {@link History}: pure, no Kafka, no I/O, the same findings for the same history.
 *
 * <p>What Kafka's model promises and the checker holds the history to (KIP-98; Jepsen's Kafka workload):
 * <ul>
 *   <li>Each offset of a partition holds one value, and each written value is at one offset: every read and
 *       every acknowledgement agree ({@link Anomaly#INCONSISTENT_OFFSETS}, {@link Anomaly#DUPLICATE}).</li>
 *   <li>An acknowledged idempotent write and every write of a committed transaction are in the log: the final
 *       read_committed read of their partition holds them ({@link Anomaly#LOST_WRITE}; {@link Anomaly#UNSEEN}
 *       where the final read stopped before them, {@link Anomaly#INCOMPLETE_READ} for the read itself). A write whose outcome is unknown or failed may or may not be
 *       there: never judged lost.</li>
 *   <li>Under read_committed, no value of an aborted transaction is ever read ({@link Anomaly#ABORTED_READ}), and
 *       no value of a transaction is returned before its commit was asked for ({@link Anomaly#UNCOMMITTED_READ}).</li>
 *   <li>Within one assignment a consumer returns each partition's records in offset order
 *       ({@link Anomaly#NONMONOTONIC_POLL}) and passes over none that its isolation level makes visible
 *       ({@link Anomaly#POLL_SKIP}). Offsets have gaps (transaction markers, aborted records under
 *       read_committed): a skip is judged against the offsets known to hold a visible record (the final read of
 *       the same isolation level, and the acknowledged offsets of writes visible at that level), never against
 *       offset arithmetic. A new assignment starts afresh: after a rebalance under subscribe a consumer starts
 *       wherever the group's committed offset says, so a skip there is allowed and only counted in the notes.</li>
 *   <li>A consume-transform-produce copier (KIP-447) commits its output and its input offsets in one transaction:
 *       its committed output (the final read_committed read of the output topic, {@link Op.CopyRead}) holds each
 *       committed input record (the final read_committed read of the input) below the offsets its group committed
 *       exactly once, and nothing else, however often the copier was killed and restarted and however far it got
 *       ({@link Anomaly#COPY_MISMATCH}); a copier that committed nothing at all is {@link Anomaly#COPY_STALLED}.</li>
 * </ul>
 */
public final class HistoryChecker {

    private final History history;
    private final Map<Anomaly, List<String>> found = new EnumMap<>(Anomaly.class);
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Op.Send> writes = new HashMap<>();
    private final Map<String, Op.TxnEnd> txnEnds = new HashMap<>();
    /**
     * Offsets known to hold a record visible at each isolation level, per partition: what the final read of that
     * level saw, and the acknowledged offsets of writes visible at that level.
     */
    private final Map<Isolation, Map<Integer, NavigableSet<Long>>> visibleOffsets = new EnumMap<>(Isolation.class);

    private HistoryChecker(History history) {
        this.history = history;
        for (Anomaly kind : Anomaly.values()) {
            found.put(kind, new ArrayList<>());
        }
    }

    /** The anomalies of {@code history}. */
    public static Findings check(History history) {
        return new HistoryChecker(history).run();
    }

    private Findings run() {
        for (Op.Send send : history.of(Op.Send.class)) {
            writes.putIfAbsent(send.value(), send);
        }
        for (Op.TxnEnd end : history.of(Op.TxnEnd.class)) {
            txnEnds.put(end.txn(), end);
        }
        for (Op.FinalRead read : history.of(Op.FinalRead.class)) {
            read.records().forEach(r -> visible(read.isolation(), r.partition()).add(r.offset()));
        }
        // An acknowledged offset is in the log: visible to read_uncommitted whatever became of its transaction, and
        // to read_committed where the write must be visible (a consumer past it had the transaction decided).
        for (Op.Send send : writes.values()) {
            if (send.outcome() == Op.SendOutcome.ACKED) {
                visible(Isolation.READ_UNCOMMITTED, send.partition()).add(send.offset());
                if (mustBeVisible(send)) {
                    visible(Isolation.READ_COMMITTED, send.partition()).add(send.offset());
                }
            }
        }
        for (Op.FinalRead read : history.of(Op.FinalRead.class)) {
            if (!read.complete()) {
                found.get(Anomaly.INCOMPLETE_READ).add("final " + read.isolation().label() + " read of p"
                        + read.partition() + " stopped at " + read.reached() + " of end " + read.end() + " after "
                        + read.records().size() + " records");
            }
        }
        offsetsAndValues();
        lostWrites();
        readCommittedIsolation();
        pollOrder();
        copies();
        long unknown = writes.values().stream().filter(s -> s.outcome() != Op.SendOutcome.ACKED).count();
        if (unknown > 0) {
            notes.add(unknown + " sends not acknowledged (failed or of unknown outcome): they may or may not be in"
                    + " the log, and are never judged lost");
        }
        return new Findings(found, notes);
    }

    private NavigableSet<Long> visible(Isolation isolation, int partition) {
        return visibleOffsets.computeIfAbsent(isolation, i -> new TreeMap<>()).computeIfAbsent(partition, p -> new TreeSet<>());
    }

    /** Inconsistent offsets and duplicates, over every read and every acknowledgement. */
    private void offsetsAndValues() {
        Map<Integer, Map<Long, Set<String>>> byPartition = new TreeMap<>();
        Map<String, Set<String>> positionsOf = new LinkedHashMap<>(); // value -> {"p1@4", ...}
        Map<String, Set<String>> sourcesOf = new HashMap<>(); // "value@partition@offset" -> who saw it there
        for (Op op : history.ops()) {
            if (op instanceof Op.Send send && send.outcome() == Op.SendOutcome.ACKED) {
                observe(byPartition, positionsOf, sourcesOf, new Seen(send.partition(), send.offset(), send.key(),
                        send.value()), "acknowledged to " + send.writer());
            } else if (op instanceof Op.Poll poll) {
                poll.records().forEach(r -> observe(byPartition, positionsOf, sourcesOf, r,
                        "polled by " + poll.consumer()));
            } else if (op instanceof Op.FinalRead read) {
                read.records().forEach(r -> observe(byPartition, positionsOf, sourcesOf, r,
                        "final " + read.isolation().label() + " read"));
            }
        }
        byPartition.forEach((partition, offsets) -> offsets.forEach((offset, values) -> {
            if (values.size() > 1) {
                List<String> shown = new ArrayList<>();
                for (String value : values) {
                    shown.add(value + " (" + String.join(", ", sourcesOf.get(value + "@" + partition + "@" + offset)) + ")");
                }
                found.get(Anomaly.INCONSISTENT_OFFSETS).add("p" + partition + "@" + offset + " holds " + shown);
            }
        }));
        positionsOf.forEach((value, positions) -> {
            if (positions.size() > 1) {
                found.get(Anomaly.DUPLICATE).add(value + " at " + positions + writtenBy(value));
            }
        });
    }

    private static void observe(Map<Integer, Map<Long, Set<String>>> byPartition, Map<String, Set<String>> positionsOf,
                                Map<String, Set<String>> sourcesOf, Seen record, String source) {
        byPartition.computeIfAbsent(record.partition(), p -> new TreeMap<>())
                .computeIfAbsent(record.offset(), o -> new LinkedHashSet<>()).add(record.value());
        positionsOf.computeIfAbsent(record.value(), v -> new LinkedHashSet<>())
                .add("p" + record.partition() + "@" + record.offset());
        sourcesOf.computeIfAbsent(record.value() + "@" + record.partition() + "@" + record.offset(),
                k -> new LinkedHashSet<>()).add(source);
    }

    /** Lost and unseen writes: what must be in the log, held against the final read_committed read. */
    private void lostWrites() {
        Map<Integer, Op.FinalRead> finals = new HashMap<>();
        Map<Integer, Set<String>> finalValues = new HashMap<>();
        for (Op.FinalRead read : history.of(Op.FinalRead.class)) {
            if (read.isolation() == Isolation.READ_COMMITTED) {
                finals.put(read.partition(), read);
                Set<String> values = finalValues.computeIfAbsent(read.partition(), p -> new java.util.HashSet<>());
                read.records().forEach(r -> values.add(r.value()));
            }
        }
        for (Op.Send send : history.of(Op.Send.class)) {
            if (!mustBeVisible(send)) {
                continue;
            }
            Op.FinalRead read = finals.get(send.partition());
            if (read != null && finalValues.get(send.partition()).contains(send.value())) {
                continue;
            }
            String what = send.value() + " (key " + send.key() + ")" + (send.outcome() == Op.SendOutcome.ACKED
                    ? " acknowledged at p" + send.partition() + "@" + send.offset() : " sent to p" + send.partition())
                    + (send.txn() == null ? " by idempotent " + send.writer() : " in committed transaction " + send.txn());
            if (read == null) {
                found.get(Anomaly.UNSEEN).add(what + "; no final read_committed read of p" + send.partition());
            } else if (read.complete() || (send.outcome() == Op.SendOutcome.ACKED && send.offset() < read.reached())) {
                found.get(Anomaly.LOST_WRITE).add(what + "; absent from the final read_committed read of p"
                        + send.partition() + " (" + read.records().size() + " records, read to " + read.reached()
                        + " of end " + read.end() + ")");
            } else {
                found.get(Anomaly.UNSEEN).add(what + "; the final read_committed read of p" + send.partition()
                        + " stopped at " + read.reached() + " short of its end " + read.end());
            }
        }
    }

    /**
     * Whether a write must be in the log: an acknowledged idempotent send, or a send of a committed transaction
     * that the client was not told had failed (a committed transaction's sends all succeeded: the Java client
     * refuses to commit otherwise).
     */
    private boolean mustBeVisible(Op.Send send) {
        if (send.txn() == null) {
            return send.outcome() == Op.SendOutcome.ACKED;
        }
        Op.TxnEnd end = txnEnds.get(send.txn());
        return end != null && end.result() == Op.TxnResult.COMMITTED && send.outcome() != Op.SendOutcome.FAILED;
    }

    /** Aborted and uncommitted reads under read_committed. */
    private void readCommittedIsolation() {
        Map<String, List<String>> abortedReaders = new LinkedHashMap<>();
        Map<String, List<String>> uncommittedReaders = new LinkedHashMap<>();
        for (Op op : history.ops()) {
            if (op instanceof Op.Poll poll && poll.isolation() == Isolation.READ_COMMITTED) {
                for (Seen record : poll.records()) {
                    Op.Send send = writes.get(record.value());
                    if (send == null || send.txn() == null) {
                        continue;
                    }
                    Op.TxnEnd end = txnEnds.get(send.txn());
                    String reader = poll.consumer() + " at " + record + " (poll done at tick " + poll.completed() + ")";
                    if (end != null && end.result() == Op.TxnResult.ABORTED) {
                        abortedReaders.computeIfAbsent(record.value(), v -> new ArrayList<>()).add(reader);
                    } else if (end == null || poll.completed() < end.invoked()) {
                        uncommittedReaders.computeIfAbsent(record.value(), v -> new ArrayList<>()).add(reader
                                + (end == null ? ", transaction never ended"
                                : ", its " + (end.commit() ? "commit" : "abort") + " asked at tick " + end.invoked()));
                    }
                }
            } else if (op instanceof Op.FinalRead read && read.isolation() == Isolation.READ_COMMITTED) {
                for (Seen record : read.records()) {
                    Op.Send send = writes.get(record.value());
                    if (send == null || send.txn() == null) {
                        continue;
                    }
                    Op.TxnEnd end = txnEnds.get(send.txn());
                    if (end != null && end.result() == Op.TxnResult.ABORTED) {
                        abortedReaders.computeIfAbsent(record.value(), v -> new ArrayList<>())
                                .add("final read_committed read at " + record);
                    } else if (end == null) {
                        uncommittedReaders.computeIfAbsent(record.value(), v -> new ArrayList<>())
                                .add("final read_committed read at " + record + ", transaction never ended");
                    }
                }
            }
        }
        abortedReaders.forEach((value, readers) -> found.get(Anomaly.ABORTED_READ).add(value + " of aborted transaction "
                + writes.get(value).txn() + " read by " + readers));
        uncommittedReaders.forEach((value, readers) -> found.get(Anomaly.UNCOMMITTED_READ).add(value + " of transaction "
                + writes.get(value).txn() + " read by " + readers));
    }

    /** Non-monotonic polls and poll skips, per consumer, within each assignment. */
    private void pollOrder() {
        Map<String, Map<Integer, Long>> next = new HashMap<>(); // consumer -> partition -> next offset it may return
        Map<String, Map<Integer, Long>> beforeRebalance = new HashMap<>();
        int allowedSkips = 0;
        for (Op op : history.ops()) {
            if (op instanceof Op.Assign assign) {
                Map<Integer, Long> previous = next.put(assign.consumer(), new HashMap<>(assign.positions()));
                beforeRebalance.put(assign.consumer(), assign.rebalance() && previous != null ? previous : Map.of());
            } else if (op instanceof Op.Poll poll) {
                Map<Integer, Long> positions = next.computeIfAbsent(poll.consumer(), c -> new HashMap<>());
                Map<Integer, Long> earlier = beforeRebalance.getOrDefault(poll.consumer(), Map.of());
                Map<Integer, NavigableSet<Long>> visible = visibleOffsets.getOrDefault(poll.isolation(), Map.of());
                for (Seen record : poll.records()) {
                    Long expected = positions.get(record.partition());
                    NavigableSet<Long> offsets = visible.get(record.partition());
                    if (expected == null) {
                        Long old = earlier.get(record.partition());
                        if (old != null && offsets != null && record.offset() > old
                                && !offsets.subSet(old, true, record.offset(), false).isEmpty()) {
                            allowedSkips++;
                        }
                    } else if (record.offset() < expected) {
                        found.get(Anomaly.NONMONOTONIC_POLL).add(poll.consumer() + " returned " + record
                                + " where its position in p" + record.partition() + " was " + expected);
                    } else if (offsets != null) {
                        NavigableSet<Long> passed = offsets.subSet(expected, true, record.offset(), false);
                        if (!passed.isEmpty()) {
                            found.get(Anomaly.POLL_SKIP).add(poll.consumer() + " (" + poll.isolation().label()
                                    + ") returned " + record + " from position " + expected + ", passing over "
                                    + passed.size() + " visible record(s) at offsets " + first(passed));
                        }
                    }
                    positions.put(record.partition(), Math.max(record.offset() + 1,
                            expected == null ? Long.MIN_VALUE : expected));
                }
            }
        }
        if (allowedSkips > 0) {
            notes.add(allowedSkips + " poll skip(s) across a rebalance, allowed by Kafka's model under subscribe (the"
                    + " new assignment starts at the group's committed offset), not reported");
        }
    }

    private static List<Long> first(NavigableSet<Long> offsets) {
        return offsets.stream().limit(Findings.FIRST).toList();
    }

    private String writtenBy(String value) {
        Op.Send send = writes.get(value);
        if (send == null) {
            return ", written by no send of the history";
        }
        return ", sent once by " + send.writer() + (send.txn() == null ? "" : " in " + send.txn()) + " ("
                + send.outcome().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    /**
     * A copier's committed output against the committed input below the offsets its group committed, partition by
     * partition (the copier writes each record to the same partition of the output): each such input record once,
     * and nothing else. Judged only where the history has a copier (reads of its output). Missing records are judged
     * only where the read of the output reached its end; an output read that did not is an incomplete read.
     */
    private void copies() {
        List<Op.CopyRead> outputReads = history.of(Op.CopyRead.class);
        if (outputReads.isEmpty()) {
            return;
        }
        Map<Integer, List<Seen>> inputByPartition = new TreeMap<>();
        Set<String> committedInput = new HashSet<>();
        for (Op.FinalRead read : history.of(Op.FinalRead.class)) {
            if (read.isolation() == Isolation.READ_COMMITTED) {
                inputByPartition.computeIfAbsent(read.partition(), p -> new ArrayList<>()).addAll(read.records());
                read.records().forEach(r -> committedInput.add(r.value()));
            }
        }
        List<String> cases = found.get(Anomaly.COPY_MISMATCH);
        int consumed = 0;
        for (Op.CopyRead read : outputReads) {
            // A value may stand at two offsets of the input (a duplicate, reported as such): the copier copies what it
            // reads, so each committed input record below the committed offset, not each value, is in the output once.
            Map<String, List<Seen>> expected = new LinkedHashMap<>();
            for (Seen r : inputByPartition.getOrDefault(read.partition(), List.of())) {
                if (r.offset() < read.committed()) {
                    expected.computeIfAbsent(r.value(), v -> new ArrayList<>()).add(r);
                    consumed++;
                }
            }
            Map<String, List<Seen>> output = new LinkedHashMap<>();
            read.records().forEach(r -> output.computeIfAbsent(r.value(), v -> new ArrayList<>()).add(r));
            String offsets = "the copiers' committed offset of p" + read.partition() + " ("
                    + (read.committed() < 0 ? "none" : read.committed()) + ")";
            output.forEach((value, copies) -> {
                Op.Send send = writes.get(value);
                Op.TxnEnd end = send == null || send.txn() == null ? null : txnEnds.get(send.txn());
                if (end != null && end.result() == Op.TxnResult.ABORTED) {
                    cases.add(value + " in the output at " + positions(copies) + " is of aborted input transaction "
                            + send.txn());
                } else if (!committedInput.contains(value)) {
                    cases.add(value + " in the output at " + positions(copies) + " is not in the committed input"
                            + writtenBy(value));
                } else if (!expected.containsKey(value)) {
                    cases.add(value + " in the output at " + positions(copies) + " is input not below " + offsets
                            + ": output committed without the offsets that consumed it");
                } else if (copies.size() > expected.get(value).size()) {
                    cases.add(value + " (input " + String.join(", ", expected.get(value).stream().map(Seen::toString)
                            .toList()) + ") copied " + copies.size() + " times, at " + positions(copies));
                }
            });
            if (read.complete()) {
                expected.forEach((value, records) -> {
                    int copied = output.getOrDefault(value, List.of()).size();
                    if (copied < records.size()) {
                        cases.add(value + " (committed input " + String.join(", ", records.stream()
                                .map(Seen::toString).toList()) + ", below " + offsets + ") missing from the committed"
                                + " output" + (copied == 0 ? "" : ": copied " + copied + " of " + records.size()
                                + " times"));
                    }
                });
            } else {
                found.get(Anomaly.INCOMPLETE_READ).add("final read_committed read of the copier's output p"
                        + read.partition() + " stopped at " + read.reached() + " of end " + read.end() + " after "
                        + read.records().size() + " records");
                notes.add("the copier's output p" + read.partition() + " was not read to its end: records missing"
                        + " from it are not judged");
            }
        }
        boolean noOutput = outputReads.stream().allMatch(read -> read.records().isEmpty());
        if (consumed == 0 && noOutput && !committedInput.isEmpty()) {
            found.get(Anomaly.COPY_STALLED).add("the copiers' group committed no offset past any of the "
                    + committedInput.size() + " committed input records: no copy transaction committed");
        } else {
            notes.add("the copiers' group committed offsets past " + consumed + " of the committed input records;"
                    + " their output is held against those");
        }
    }

    private static List<String> positions(List<Seen> records) {
        return records.stream().map(r -> "p" + r.partition() + "@" + r.offset()).limit(Findings.FIRST).toList();
    }
}
