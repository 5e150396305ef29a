package io.kconform.api.outcome;

import org.opentest4j.TestAbortedException;

/**
 * Thrown when a check does not apply to this target, for a reason that is not the target's fault
 * or lack (the target gives no broker control, the user turned destructive checks off). Classified
 * {@link io.kconform.api.Outcome#SKIPPED}. Never use it to hide a failure.
 */
public class NotApplicableException extends TestAbortedException {
    private static final long serialVersionUID = 1L;

    public NotApplicableException(String reason) {
        super(reason);
    }
}
