package io.kconform.api.target;

/**
 * The target could not be reached or did not answer ApiVersions, which every implementation of
 * the protocol must answer. The message says what was tried and what happened.
 */
public class UnreachableTargetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnreachableTargetException(String message) {
        super(message);
    }

    public UnreachableTargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
