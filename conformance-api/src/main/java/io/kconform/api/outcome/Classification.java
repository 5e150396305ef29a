package io.kconform.api.outcome;

import io.kconform.api.Outcome;
import java.util.Objects;

/**
 * An outcome with the one-line reason a reader of the report sees.
 *
 * @param outcome           the outcome
 * @param message           why, in one line; empty for a plain pass
 * @param notAssessableHere for a SKIPPED check: this deployment cannot assess it ({@link NotAssessableHereException}),
 *                          as opposed to the target making no claim it could be assessed against
 */
public record Classification(Outcome outcome, String message, boolean notAssessableHere) {
    public Classification {
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
        if (notAssessableHere && outcome != Outcome.SKIPPED) {
            throw new IllegalArgumentException("only a SKIPPED check can be not assessable here, not " + outcome);
        }
    }

    /** An outcome and its reason. */
    public Classification(Outcome outcome, String message) {
        this(outcome, message, false);
    }
}
