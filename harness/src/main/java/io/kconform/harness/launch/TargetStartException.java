package io.kconform.harness.launch;

import java.util.List;

/**
 * A target could not be started. The message names the target and the cause; {@link #logTail()}
 * holds the last lines of its log, to show with the error.
 */
public class TargetStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> logTail;

    public TargetStartException(String target, String cause, List<String> logTail) {
        super("target " + target + " did not start: " + cause);
        this.logTail = List.copyOf(logTail);
    }

    /** The last lines of the target's log, possibly empty. */
    public List<String> logTail() {
        return logTail;
    }
}
