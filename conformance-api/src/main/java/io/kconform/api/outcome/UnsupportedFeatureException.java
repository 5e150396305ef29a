package io.kconform.api.outcome;

import org.opentest4j.TestAbortedException;

/**
 * Thrown when the target does not offer what a check exercises: the API or version is not
 * advertised, or the target refused the feature cleanly. Classified {@link
 * io.kconform.api.Outcome#UNSUPPORTED}. It extends {@link TestAbortedException} so that a plain
 * JUnit run (Maven Surefire in a vendor's build) shows the check as skipped rather than failed.
 */
public class UnsupportedFeatureException extends TestAbortedException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFeatureException(String message) {
        super(message);
    }

    public UnsupportedFeatureException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Ends the check as UNSUPPORTED with the reason given. */
    public static UnsupportedFeatureException because(String reason) {
        throw new UnsupportedFeatureException(reason);
    }
}
