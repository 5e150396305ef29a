package io.kconform.api.wire;

import org.apache.kafka.common.KafkaException;

/**
 * A wire-level exchange did not complete. {@link #unanswered()} tells the two cases apart: the
 * target received a request and then disconnected or never answered (its fault), or no connection
 * could be made in the first place (reachability, which the probe decides). {@link #closed()} tells,
 * of an unanswered request, whether the target closed the connection on it rather than stay silent.
 */
public class WireException extends KafkaException {
    private static final long serialVersionUID = 1L;

    private final boolean unanswered;
    private final boolean closed;
    private final boolean malformed;

    public WireException(String message) {
        this(message, null, false, false);
    }

    public WireException(String message, Throwable cause) {
        this(message, cause, false, false);
    }

    private WireException(String message, Throwable cause, boolean unanswered, boolean closed) {
        this(message, cause, unanswered, closed, false);
    }

    private WireException(String message, Throwable cause, boolean unanswered, boolean closed, boolean malformed) {
        super(message, cause);
        this.unanswered = unanswered;
        this.closed = closed;
        this.malformed = malformed;
    }

    /** The target answered with bytes no client can read as an answer (a frame announcing gigabytes, say). */
    public static WireException malformed(String message) {
        return new WireException(message, null, false, false, true);
    }

    /** Whether the target answered, with bytes that cannot be an answer: its fault, as an unanswered request is. */
    public boolean malformed() {
        return malformed;
    }

    /** A request was sent and the target disconnected or did not answer within the bound. */
    public static WireException unanswered(String message) {
        return new WireException(message, null, true, false);
    }

    /** A request was sent and the target closed the connection instead of answering it. */
    public static WireException closed(String message) {
        return new WireException(message, null, true, true);
    }

    /** Whether the target received the request and then failed to answer it. */
    public boolean unanswered() {
        return unanswered;
    }

    /** Whether the target closed the connection on the request (an unanswered request, but not a silent one). */
    public boolean closed() {
        return closed;
    }
}
