package io.kconform.api.outcome;

/**
 * A set-up step a check needs of the target, such as creating or describing a topic under the run's prefix, that
 * the target did not carry out: it did not answer within the bound, or answered with an error. The target accepted
 * the connection and claims the API, so this is the target's fault, not the harness's: {@link OutcomeClassifier}
 * makes it {@link io.kconform.api.Outcome#FAIL}, its message saying which step. Causes decided earlier in the
 * classifier's order keep their meaning: credentials or permissions refused stay ERROR (the set-up is wrong), a
 * clean refusal stays UNSUPPORTED (the step is not offered).
 */
public class SetUpRefusedByTargetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The step the target did not carry out, as it did not: no exception of the client's stands behind it. */
    public SetUpRefusedByTargetException(String message) {
        super(message);
    }

    public SetUpRefusedByTargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
