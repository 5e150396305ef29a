package io.kconform.harness.run;

import java.time.Duration;

/**
 * How checks run against a target.
 *
 * @param parallelism  how many checks run at once
 * @param checkTimeout the longest any check, or a fixture of a class, may take before it counts as hung
 * @param noClusterChanges the checks that change cluster-wide state ({@link io.kconform.api.ChangesCluster}) are not
 *                         run but SKIPPED ({@link ClusterChanges}), so that a run leaves a shared cluster as it was
 */
public record RunOptions(int parallelism, Duration checkTimeout, boolean noClusterChanges) {

    /** Four checks at once (checks mostly wait on the network), three minutes per check. */
    public static final RunOptions DEFAULTS = new RunOptions(4, Duration.ofMinutes(3));

    /** Options for a run that may change cluster-wide state. */
    public RunOptions(int parallelism, Duration checkTimeout) {
        this(parallelism, checkTimeout, false);
    }

    /** These options, for a run that changes no cluster-wide state. */
    public RunOptions withoutClusterChanges() {
        return new RunOptions(parallelism, checkTimeout, true);
    }

    public RunOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        if (checkTimeout.isNegative() || checkTimeout.isZero()) {
            throw new IllegalArgumentException("the check timeout must be positive");
        }
    }
}
