package io.kconform.harness.launch;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/** Another process took a port chosen for a target before the target bound it; worth a retry. */
final class PortTakenException extends TargetStartException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String target, List<String> logTail) {
        super(target, "a port it was given was taken by another process", logTail);
    }

    /** How often a launcher starts a target before a taken port counts as a failure to start. */
    static final int START_ATTEMPTS = 3;

    /**
     * Starts a target, again with freshly chosen ports when one chosen for it was taken between choosing
     * and binding it (another process may bind any free port meanwhile), up to {@link #START_ATTEMPTS}
     * times.
     *
     * @param start  starts it once, given the attempt's number from 1
     * @param notice told, before each retry, why there is one
     * @throws PortTakenException the last attempt's, when every attempt lost a port
     */
    static RunningTarget retrying(IntFunction<RunningTarget> start, Consumer<String> notice) {
        PortTakenException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return start.apply(attempt);
            } catch (PortTakenException e) {
                notice.accept("a port chosen for it was taken meanwhile; trying again with others");
                last = e;
            }
        }
        throw last;
    }
}
