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
            throw new IOException("frame size " + size + " is out of range; the stream is out of step");
        }
        byte[] payload = new byte[size];
        in.readFully(payload);
        return ByteBuffer.wrap(payload);
    }

    /** Writes a payload with its size prefix; the caller flushes. */
    static void write(OutputStream out, ByteBuffer payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(4 + payload.remaining());
        frame.putInt(payload.remaining()).put(payload.duplicate()).flip();
        out.write(frame.array(), frame.arrayOffset(), frame.remaining());
    }
}
