package io.kconform.checks.connect;

/**
 * A Connect worker that could not start or stopped answering. Deliberately not a
 * {@link io.kconform.api.outcome.HarnessException}: the outcome comes from its cause, so a worker
 * that the target refused its internal topics is UNSUPPORTED ({@code PolicyViolationException}),
 * one that the target left hanging FAILs (a timeout), and anything else is an ERROR.
 */
final class ConnectWorkerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConnectWorkerException(String message, Throwable cause) {
        super(message, cause);
    }

    ConnectWorkerException(String message) {
        super(message);
    }
}
