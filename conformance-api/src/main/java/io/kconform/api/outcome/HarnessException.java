package io.kconform.api.outcome;

/**
 * The harness or the environment could not do its part (a fixture did not start, a local resource
 * is missing). Classified {@link io.kconform.api.Outcome#ERROR}: never counted against the target.
 */
public class HarnessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HarnessException(String message) {
        super(message);
    }

    public HarnessException(String message, Throwable cause) {
        super(message, cause);
    }
}
