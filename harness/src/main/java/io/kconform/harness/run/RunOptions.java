package io.kconform.harness.run;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How checks run against a target.
 *
 * @param parallelism  how many checks run at once
 * @param checkTimeout the longest any check, or a fixture of a class, may take before it counts as hung
 * @param noClusterChanges the checks that change cluster-wide state ({@link io.kconform.api.ChangesCluster}) are not
 *                         run but SKIPPED ({@link ClusterChanges}), so that a run leaves a shared cluster as it was
 * @param checkOptions     the options the checks read ({@link io.kconform.api.context.CheckOptions}, e.g. the history
 *                         workload's seed), by name; an option absent here is not given and the check uses its default
 */
public record RunOptions(int parallelism, Duration checkTimeout, boolean noClusterChanges,
                         Map<String, String> checkOptions) {

    /** Four checks at once (checks mostly wait on the network), three minutes per check. */
    public static final RunOptions DEFAULTS = new RunOptions(4, Duration.ofMinutes(3));

    /** Options for a run that may change cluster-wide state. */
    public RunOptions(int parallelism, Duration checkTimeout) {
        this(parallelism, checkTimeout, false);
    }

    /** Options without options for the checks. */
    public RunOptions(int parallelism, Duration checkTimeout, boolean noClusterChanges) {
        this(parallelism, checkTimeout, noClusterChanges, Map.of());
    }

    /** These options, for a run that changes no cluster-wide state. */
    public RunOptions withoutClusterChanges() {
        return new RunOptions(parallelism, checkTimeout, true, checkOptions);
    }

    /** These options, with {@code options} for the checks instead of those held. */
    public RunOptions withCheckOptions(Map<String, String> options) {
        return new RunOptions(parallelism, checkTimeout, noClusterChanges, options);
    }

    public RunOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        if (checkTimeout.isNegative() || checkTimeout.isZero()) {
            throw new IllegalArgumentException("the check timeout must be positive");
        }
        // sorted: the same options always reach the checks, and a child JVM, in the same order
        checkOptions = java.util.Collections.unmodifiableMap(new TreeMap<>(checkOptions));
    }
}
