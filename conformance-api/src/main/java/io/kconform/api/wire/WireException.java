package io.kconform.api.wire;

import org.apache.kafka.common.KafkaException;

/** A wire-level exchange did not complete: no connection, a disconnect, or no response in time. */
public class WireException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message);
    }

    public WireException(String message, Throwable cause) {
        super(message, cause);
    }
}
