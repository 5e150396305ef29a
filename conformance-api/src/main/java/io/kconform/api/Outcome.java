package io.kconform.api;

/**
 * The result of one check against one target. The meanings are strict: a failure is never turned
 * into a skip, and an environment problem is never blamed on the target.
 */
public enum Outcome {
    /** The behaviour matches Apache Kafka's. */
    PASS,
    /**
     * The target accepted the feature and then behaved wrongly: wrong data, lost or duplicated
     * records, a wrong error, a hang. The worst result: a silent-data risk.
     */
    FAIL,
    /**
     * The target does not offer the feature: the API or version is not advertised, or the target
     * refused it cleanly (UNSUPPORTED_VERSION, an unknown config, a policy refusal).
     */
    UNSUPPORTED,
    /** Not applicable here, with a reason: not selected, or needs control the target does not give. */
    SKIPPED,
    /** The harness or the environment broke; never counted as the target's fault. */
    ERROR;

    /**
     * Whether this outcome, on a MUST check, holds the target back from the check's level: FAIL and
     * UNSUPPORTED are the target's. ERROR is the harness's and never counted against the target; it leaves
     * the level not assessed instead.
     */
    public boolean blocksCertification() {
        return this == FAIL || this == UNSUPPORTED;
    }
}
