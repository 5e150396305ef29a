package io.kconform.harness.proxy;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Reads and writes Kafka's size-prefixed frames: {@code [int32 size][size bytes]}. */
final class Frames {

    /** Larger than any frame a test sends; a bigger size means the stream is out of step. */
    static final int MAX_FRAME_BYTES = 256 * 1024 * 1024;

    private Frames() {
    }

    /**
     * Reads one frame's payload, without its size prefix.
     *
     * @return the payload, or {@code null} when the peer closed the stream between two frames
     */
    static ByteBuffer read(DataInputStream in) throws IOException {
        int size;
        try {
            size = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (size < 0 || size > MAX_FRAME_BYTES) {
            throw new BrokenFrame(Undecodable.Reason.BAD_SIZE, "frame size " + size
                    + " is out of range; the stream is out of step");
        }
        byte[] payload = new byte[size];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            throw new BrokenFrame(Undecodable.Reason.TRUNCATED, "the stream ended inside a frame of " + size + " bytes");
        }
        return ByteBuffer.wrap(payload);
    }

    /** The framing itself is broken: the size prefix is out of range, or the stream ended inside a frame. */
    static final class BrokenFrame extends IOException {
        private static final long serialVersionUID = 1L;
        private final Undecodable.Reason reason;

        BrokenFrame(Undecodable.Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        Undecodable.Reason reason() {
            return reason;
        }
    }

    /** Writes a payload with its size prefix; the caller flushes. */
    static void write(OutputStream out, ByteBuffer payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(4 + payload.remaining());
        frame.putInt(payload.remaining()).put(payload.duplicate()).flip();
        out.write(frame.array(), frame.arrayOffset(), frame.remaining());
    }
}
