package io.kconform.checks.eos.history;

import java.time.Duration;

/**
 * What a history workload does: how many clients of each kind, over how many partitions and keys, for how long
 * and how many sends at most; which transactions abort is drawn from {@code seed}. Two runs of one plan make
 * the same operations in each client (values, keys, partitions, which transactions abort); how the clients
 * interleave is up to the target.
 *
 * @param seed                     seeds every client's {@link java.util.Random}
 * @param duration                 how long writers write, at most
 * @param maxSendsPerWriter        how many records each writer sends, at most
 * @param idempotentWriters        idempotent producers, each sending bursts of records
 * @param transactionalWriters     transactional producers, each sending transactions of a few records
 * @param readCommittedConsumers   read_committed consumers assigned every partition from offset 0
 * @param readUncommittedConsumers read_uncommitted consumers assigned every partition from offset 0
 * @param partitions               partitions of the workload's topic
 * @param keys                     distinct keys the writers use
 * @param abortProbability         the chance that a transaction is aborted rather than committed
 */
public record WorkloadPlan(long seed, Duration duration, int maxSendsPerWriter, int idempotentWriters,
                           int transactionalWriters, int readCommittedConsumers, int readUncommittedConsumers,
                           int partitions, int keys, double abortProbability) {

    /** The default seed, so that a run without options is reproducible. */
    public static final long DEFAULT_SEED = 13;
    /** The default duration: short, the check runs in every default run. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(3);

    /** The default plan with a seed and duration: 2 idempotent and 2 transactional writers, 3 consumers, 3 partitions. */
    public static WorkloadPlan defaults(long seed, Duration duration) {
        return new WorkloadPlan(seed, duration, 150, 2, 2, 2, 1, 3, 4, 0.3);
    }

    /** One line for evidence. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "seed %d, at most %d ms and %d sends per writer, %d idempotent and"
                        + " %d transactional writers (a transaction aborted with p=%.2f), %d read_committed and %d"
                        + " read_uncommitted consumers (assign, from offset 0), %d partitions, %d keys", seed,
                duration.toMillis(), maxSendsPerWriter, idempotentWriters, transactionalWriters, abortProbability,
                readCommittedConsumers, readUncommittedConsumers, partitions, keys);
    }
}
