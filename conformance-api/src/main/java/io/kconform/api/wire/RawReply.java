package io.kconform.api.wire;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * What a target did after a {@link RawConnection} sent it something: answered with one frame,
 * closed the connection, or stayed silent until the bound ran out. Immutable.
 */
public sealed interface RawReply {

    /** One size-prefixed frame came back; {@code payload} is the frame without its size prefix. */
    record Answered(ByteBuffer payload) implements RawReply {
        public Answered {
            payload = payload.asReadOnlyBuffer();
        }

        /** The correlation id: the first four bytes of every response header, or -1 for a shorter frame. */
        public int correlationId() {
            return payload.remaining() >= 4 ? payload.getInt(payload.position()) : -1;
        }

        @Override
        public String toString() {
            return "answered with a frame of " + payload.remaining() + " bytes";
        }
    }

    /** The target closed the connection (end of stream, or a reset) before a whole frame came. */
    record Closed(String how) implements RawReply {
        @Override
        public String toString() {
            return "closed the connection (" + how + ")";
        }
    }

    /** Nothing whole came and the connection stayed open for the whole bound. */
    record Silent(Duration waited, int bytesSeen) implements RawReply {
        @Override
        public String toString() {
            return "neither answered nor closed the connection within " + waited.toMillis() + " ms"
                    + (bytesSeen > 0 ? " (" + bytesSeen + " bytes of an unfinished frame came)" : "");
        }
    }
}
