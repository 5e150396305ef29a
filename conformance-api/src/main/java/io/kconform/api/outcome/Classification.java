package io.kconform.api.outcome;

import io.kconform.api.Outcome;
import java.util.Objects;

/**
 * An outcome with the one-line reason a reader of the report sees.
 *
 * @param outcome the outcome
 * @param message why, in one line; empty for a plain pass
 */
public record Classification(Outcome outcome, String message) {
    public Classification {
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
    }
}
