package io.kconform.harness.launch;

import java.util.List;

/** Another process took a port chosen for a target before the target bound it; worth a retry. */
final class PortTakenException extends TargetStartException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String target, List<String> logTail) {
        super(target, "a port it was given was taken by another process", logTail);
    }
}
