package io.kconform.checks.eos.history;

import java.util.List;

/**
 * A workload's history: every operation in the order it was recorded (the order of completion), immutable.
 *
 * @param seed the seed the workload was generated from, for reproduction
 * @param ops  the operations
 */
public record History(long seed, List<Op> ops) {

    public History {
        ops = List.copyOf(ops);
    }

    /** The operations of one type, in order. */
    public <T extends Op> List<T> of(Class<T> type) {
        return ops.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** How many operations of each kind, for evidence: {@code sends 120 (acked 118), transactions 30, ...}. */
    public String counts() {
        List<Op.Send> sends = of(Op.Send.class);
        long acked = sends.stream().filter(s -> s.outcome() == Op.SendOutcome.ACKED).count();
        List<Op.TxnEnd> txns = of(Op.TxnEnd.class);
        long committed = txns.stream().filter(t -> t.result() == Op.TxnResult.COMMITTED).count();
        long aborted = txns.stream().filter(t -> t.result() == Op.TxnResult.ABORTED).count();
        List<Op.Poll> polls = of(Op.Poll.class);
        long polled = polls.stream().mapToLong(p -> p.records().size()).sum();
        return String.format(java.util.Locale.ROOT, "%d operations: %d sends (%d acknowledged, %d in transactions),"
                        + " %d transactions (%d committed, %d aborted), %d polls returning %d records, %d final reads",
                ops.size(), sends.size(), acked, sends.stream().filter(s -> s.txn() != null).count(), txns.size(),
                committed, aborted, polls.size(), polled, of(Op.FinalRead.class).size());
    }
}
