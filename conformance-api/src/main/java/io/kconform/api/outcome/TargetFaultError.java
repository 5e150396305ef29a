package io.kconform.api.outcome;

/**
 * The target's fault, as {@link OutcomeClassifier} found it in what a check threw once it knew the
 * check's {@link Circumstances}: a reply the Java client could not use (named with its API and the
 * version the client sends), a connection closed on a request, a clean refusal after the target had
 * accepted the feature, or another failure of the target. Classified {@link io.kconform.api.Outcome#FAIL}
 * with its message; what the check threw is its cause.
 *
 * <p>An {@link AssertionError}, so that a plain JUnit run (Maven Surefire in a vendor's build) counts it
 * as a failure, as the kconform harness does.
 */
public final class TargetFaultError extends AssertionError {
    private static final long serialVersionUID = 1L;

    public TargetFaultError(String message, Throwable cause) {
        super(message, cause);
    }
}
