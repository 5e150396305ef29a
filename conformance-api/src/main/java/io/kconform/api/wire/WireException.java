package io.kconform.api.wire;

import org.apache.kafka.common.KafkaException;

/**
 * A wire-level exchange did not complete. {@link #unanswered()} tells the two cases apart: the
 * target received a request and then disconnected or never answered (its fault), or no connection
 * could be made in the first place (reachability, which the probe decides).
 */
public class WireException extends KafkaException {
    private static final long serialVersionUID = 1L;

    private final boolean unanswered;

    public WireException(String message) {
        this(message, null, false);
    }

    public WireException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private WireException(String message, Throwable cause, boolean unanswered) {
        super(message, cause);
        this.unanswered = unanswered;
    }

    /** A request was sent and the target disconnected or did not answer within the bound. */
    public static WireException unanswered(String message) {
        return new WireException(message, null, true);
    }

    /** Whether the target received the request and then failed to answer it. */
    public boolean unanswered() {
        return unanswered;
    }
}
