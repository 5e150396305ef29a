package io.kconform.checks.streams;

/**
 * The Kafka Streams application stopped: a stream thread died and the uncaught-exception handler shut
 * the client down, or it left the running states on its own. The cause is what the stream thread
 * threw, kept whole so that the outcome classifier sees the target's answer in the cause chain: a
 * {@code PolicyViolationException} or {@code UnsupportedVersionException} there makes the check
 * UNSUPPORTED, another error of the target makes it FAIL.
 */
final class StreamsAppFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StreamsAppFailure(String message, Throwable cause) {
        super(cause == null ? message : message + ": " + rootMessage(cause), cause);
    }

    /** The innermost cause's type and message: the part of a Streams stack that names the problem. */
    static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        int depth = 0;
        while (root.getCause() != null && root.getCause() != root && depth++ < 20) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
