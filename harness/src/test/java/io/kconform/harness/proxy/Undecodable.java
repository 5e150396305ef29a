package io.kconform.harness.proxy;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Client input the proxy cannot take as a request of an API and version it knows, as
 * {@link Mutation#onUndecodable} sees it. Immutable.
 *
 * @param connectionId the client connection, numbered from 1
 * @param reason       what is wrong with it
 * @param frame        the frame without its size prefix; empty for faults of the framing itself
 * @param detail       one line for test output
 */
public record Undecodable(long connectionId, Reason reason, Optional<ByteBuffer> frame, String detail) {

    /** Why the proxy could not decode the input. */
    public enum Reason {
        /** The size prefix is negative or larger than any frame the proxy takes. */
        BAD_SIZE(true),
        /** The stream ended in the middle of a frame. */
        TRUNCATED(true),
        /** The header names an API key that kafka-clients does not know. */
        UNKNOWN_API_KEY(true),
        /** A known API at a version newer than this proxy's kafka-clients knows: not malformed, just new. */
        UNKNOWN_VERSION(false),
        /** The request header does not parse (for example, a header of the wrong version). */
        BAD_HEADER(true),
        /** The header parses but the body of an intercepted API does not. */
        BAD_BODY(true);

        private final boolean malformed;

        Reason(boolean malformed) {
            this.malformed = malformed;
        }

        /** Whether the input breaks the protocol, as opposed to being newer than this proxy. */
        public boolean malformed() {
            return malformed;
        }
    }

    public Undecodable {
        frame = frame.map(ByteBuffer::asReadOnlyBuffer);
    }

    /** The API key of the frame's header, if the frame has one. */
    public Optional<Short> apiKey() {
        return frame.filter(f -> f.remaining() >= 2).map(f -> f.getShort(f.position()));
    }

    /** The API version of the frame's header, if the frame has one. */
    public Optional<Short> apiVersion() {
        return frame.filter(f -> f.remaining() >= 4).map(f -> f.getShort(f.position() + 2));
    }

    /** The correlation id of the frame's header, if the frame has one. */
    public Optional<Integer> correlationId() {
        return frame.filter(f -> f.remaining() >= 8).map(f -> f.getInt(f.position() + 4));
    }
}
