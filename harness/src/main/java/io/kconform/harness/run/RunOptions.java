package io.kconform.harness.run;

import java.time.Duration;

/**
 * How checks run against a target.
 *
 * @param parallelism  how many checks run at once
 * @param checkTimeout the longest any check, or a fixture of a class, may take before it counts as hung
 */
public record RunOptions(int parallelism, Duration checkTimeout) {

    /** Four checks at once (checks mostly wait on the network), three minutes per check. */
    public static final RunOptions DEFAULTS = new RunOptions(4, Duration.ofMinutes(3));

    public RunOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        if (checkTimeout.isNegative() || checkTimeout.isZero()) {
            throw new IllegalArgumentException("the check timeout must be positive");
        }
    }
}
