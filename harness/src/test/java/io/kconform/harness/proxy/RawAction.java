package io.kconform.harness.proxy;

import java.nio.ByteBuffer;
import java.util.Objects;

/** What a {@link Mutation} decided to do with {@link Undecodable} input. Immutable. */
public final class RawAction {

    enum Kind { PASS, ANSWER, HANG, CLOSE }

    private static final RawAction PASS = new RawAction(Kind.PASS, null);
    private static final RawAction HANG = new RawAction(Kind.HANG, null);
    private static final RawAction CLOSE = new RawAction(Kind.CLOSE, null);

    private final Kind kind;
    private final ByteBuffer answer;

    private RawAction(Kind kind, ByteBuffer answer) {
        this.kind = kind;
        this.answer = answer;
    }

    /**
     * No opinion: the next mutation decides, and if none does, the proxy does what it always does:
     * a frame goes to the broker untouched, a broken stream closes the connection.
     */
    public static RawAction pass() {
        return PASS;
    }

    /** Answer the client with this response frame (header and body, without the size prefix); keep serving. */
    public static RawAction answer(ByteBuffer response) {
        return new RawAction(Kind.ANSWER, Objects.requireNonNull(response, "response").asReadOnlyBuffer());
    }

    /**
     * Say nothing and keep the connection open, reading no more from it, until the client or the proxy
     * closes it: a server stuck on bad input.
     */
    public static RawAction hang() {
        return HANG;
    }

    /** Close the client's connection, as Apache Kafka does on malformed input. */
    public static RawAction close() {
        return CLOSE;
    }

    Kind kind() {
        return kind;
    }

    ByteBuffer answer() {
        return answer.duplicate();
    }
}
