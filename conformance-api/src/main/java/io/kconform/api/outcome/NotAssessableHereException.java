package io.kconform.api.outcome;

/**
 * Thrown when a check applies to what the target implements, but this deployment of it cannot be assessed:
 * kconform has no broker control over it, it has fewer brokers than the check needs, its listener is not the kind
 * the check can speak, no restricted principal was given. Classified {@link io.kconform.api.Outcome#SKIPPED}, and
 * recorded as not assessable here: a MUST check that ends so neither passes nor blocks its level, and the verdict
 * names it, so that a reader knows what was not verified on this target. A check that is not applicable because
 * the target makes no claim (a version it does not advertise) throws a plain {@link NotApplicableException}.
 */
public class NotAssessableHereException extends NotApplicableException {
    private static final long serialVersionUID = 1L;

    public NotAssessableHereException(String reason) {
        super(reason);
    }
}
