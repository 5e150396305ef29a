package io.kconform.checks.faults;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;

/**
 * Kafka's size-prefixed frames ({@code [int32 size][payload]}) and the few header fields the proxy reads. Every
 * request header version starts with the api key (int16), api version (int16) and correlation id (int32); every
 * response header starts with the correlation id: so requests of any API and version pass without decoding.
 */
final class Frames {

    /** Larger than any frame a check sends or reads; a bigger size means the stream is out of step. */
    static final int MAX_FRAME_BYTES = 256 * 1024 * 1024;

    private Frames() {
    }

    /** One frame's payload, or {@code null} when the peer closed the stream between two frames. */
    static ByteBuffer read(DataInputStream in) throws IOException {
        int size;
        try {
            size = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (size < 0 || size > MAX_FRAME_BYTES) {
            throw new IOException("frame size " + size + " is out of range: the stream is out of step");
        }
        byte[] payload = new byte[size];
        in.readFully(payload);
        return ByteBuffer.wrap(payload);
    }

    /** Writes a payload with its size prefix; the caller flushes. */
    static void write(OutputStream out, ByteBuffer payload) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(4 + payload.remaining());
        frame.putInt(payload.remaining()).put(payload.duplicate()).flip();
        out.write(frame.array(), 0, frame.remaining());
    }

    /** The request header fields every version has; {@code api} is null for an api key this client does not know. */
    record RequestStart(ApiKeys api, short apiKey, short version, int correlationId) {

        /** @return null when the frame is too short to hold them */
        static RequestStart of(ByteBuffer frame) {
            if (frame.remaining() < 8) {
                return null;
            }
            short key = frame.getShort(frame.position());
            return new RequestStart(ApiKeys.hasId(key) ? ApiKeys.forId(key) : null, key,
                    frame.getShort(frame.position() + 2), frame.getInt(frame.position() + 4));
        }
    }

    /** The correlation id a response starts with, or -1 for a frame too short to hold one. */
    static int correlationId(ByteBuffer response) {
        return response.remaining() < 4 ? -1 : response.getInt(response.position());
    }

    /**
     * A response split into its header and a reader of its body; the header's version follows from the request's
     * api and version.
     */
    record Response(ResponseHeaderData header, short headerVersion, ByteBufferAccessor body) {

        static Response parse(ByteBuffer frame, ApiKeys api, short version) {
            ByteBufferAccessor accessor = new ByteBufferAccessor(frame.duplicate());
            short headerVersion = api.responseHeaderVersion(version);
            return new Response(new ResponseHeaderData(accessor, headerVersion), headerVersion, accessor);
        }
    }

    /** What a response said, in short, for evidence: for Produce each partition's error and base offset. */
    static String summary(ApiKeys api, short version, ByteBuffer response) {
        if (api != ApiKeys.PRODUCE) {
            return response.remaining() + " bytes";
        }
        try {
            ProduceResponseData data = new ProduceResponseData(Response.parse(response, api, version).body(), version);
            List<String> partitions = new ArrayList<>();
            data.responses().forEach(topic -> topic.partitionResponses().forEach(p -> partitions.add("partition "
                    + p.index() + ": " + Errors.forCode(p.errorCode()) + " at base offset " + p.baseOffset())));
            return String.join(", ", partitions);
        } catch (RuntimeException e) {
            return response.remaining() + " bytes this client cannot read (" + e.getMessage() + ")";
        }
    }
}
