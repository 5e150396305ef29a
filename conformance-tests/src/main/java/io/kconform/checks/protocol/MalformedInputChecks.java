package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.NotApplicableException;
import io.kconform.api.wire.RawConnection;
import io.kconform.api.wire.RawFrames;
import io.kconform.api.wire.RawReply;
import io.kconform.api.wire.WireException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * Robustness against malformed input: a frame that ends early, lies about its size, names an unknown
 * API, has a header of the wrong version, or garbage for a body. Apache Kafka closes the connection on
 * each of these. A target must close it or answer with an error, within a bound (silence that holds the
 * connection open is a FAIL), and must then still serve a fresh connection: a server that stops
 * accepting clients after one bad frame can be taken down by any peer.
 *
 * <p>Strength SHOULD: the protocol guide says how frames are built, not what a server does with broken
 * ones; Apache Kafka's behaviour is the reference. Raw frames go over plain TCP or TLS, as the listener
 * requires; on a SASL listener they arrive before authentication (see {@link RawWire}).
 */
class MalformedInputChecks {

    private static final String HINT_TAIL = " After bad input, close the connection (as Apache Kafka does) or"
            + " answer with an error, never wait silently; and keep accepting new connections.";

    /** No version of any API: far above every key Apache Kafka has assigned. */
    private static final short UNKNOWN_API_KEY = Short.MAX_VALUE;

    @Check(id = "protocol.malformed.truncated-frame",
            title = "A frame shorter than its size prefix, then end of stream: the target closes, and serves a fresh"
                    + " connection",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: size-prefixed frames"},
            hint = "A peer that half-closes in the middle of a frame will send nothing more: the reader must notice the"
                    + " end of stream rather than wait for the missing bytes." + HINT_TAIL)
    void truncatedFrame(CheckContext ctx) {
        ByteBuffer request = RawFrames.apiVersions((short) 0, 1);
        int size = request.remaining();
        ByteBuffer half = request.duplicate().limit(request.position() + size / 2);
        byte[] bytes = RawFrames.sizePrefixed(size, half);
        faultThenFresh(ctx, "a size prefix of " + size + " bytes followed by " + half.remaining()
                + " bytes of an ApiVersions v0 request, then end of stream (half-close)", connection -> {
                    connection.sendRaw(bytes);
                    connection.halfClose();
                }, null);
    }

    @Check(id = "protocol.malformed.negative-length",
            title = "A frame with a negative size prefix: the target closes the connection, and serves a fresh one",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: size-prefixed frames"},
            hint = "The size prefix is a signed int32; a negative one can never be satisfied. Reject it at once, and"
                    + " make sure it never reaches a buffer allocation." + HINT_TAIL)
    void negativeLength(CheckContext ctx) {
        byte[] bytes = RawFrames.sizePrefixed(-1, RawFrames.apiVersions((short) 0, 1));
        faultThenFresh(ctx, "a size prefix of -1 followed by an ApiVersions v0 request",
                connection -> connection.sendRaw(bytes), null);
    }

    @Check(id = "protocol.malformed.huge-length",
            title = "A frame whose size prefix is 2^31-1 bytes, above any socket.request.max.bytes: the target closes"
                    + " the connection, and serves a fresh one",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: size-prefixed frames", "broker config socket.request.max.bytes"},
            hint = "Compare the size prefix with the largest request accepted (socket.request.max.bytes, 100 MiB by"
                    + " default) before reading or allocating; waiting for 2 GiB that never come holds the connection,"
                    + " allocating them invites an out-of-memory." + HINT_TAIL)
    void hugeLength(CheckContext ctx) {
        byte[] bytes = RawFrames.sizePrefixed(Integer.MAX_VALUE, RawFrames.apiVersions((short) 0, 1));
        faultThenFresh(ctx, "a size prefix of " + Integer.MAX_VALUE + " followed by an ApiVersions v0 request",
                connection -> connection.sendRaw(bytes), null);
    }

    @Check(id = "protocol.malformed.unknown-api-key",
            title = "A request with an API key no Kafka version has: the target closes the connection or answers, and"
                    + " serves a fresh one",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-35"},
            hint = "An API key missing from ApiVersions must not be dispatched: Apache Kafka fails to parse the header"
                    + " and closes the connection." + HINT_TAIL)
    void unknownApiKey(CheckContext ctx) {
        if (ctx.target().facts().apiVersions().containsKey((int) UNKNOWN_API_KEY)) {
            throw new NotApplicableException("the target advertises API key " + UNKNOWN_API_KEY
                    + ", so it is not unknown there");
        }
        ByteBuffer request = RawFrames.encode(RawFrames.header(UNKNOWN_API_KEY, (short) 0, 1), (short) 1,
                new ApiVersionsRequestData(), (short) 0);
        faultThenFresh(ctx, "a request of API key " + UNKNOWN_API_KEY + " v0 (header v1, empty body)",
                connection -> connection.sendFrame(request), answered -> {
                    // no schema exists for an answer to an unknown API; it must at least be an answer to this request
                    assertThat(answered.correlationId()).as("correlation id of the answer to API key %d",
                            UNKNOWN_API_KEY).isEqualTo(1);
                });
    }

    @Check(id = "protocol.malformed.garbage-body",
            title = "A valid ApiVersions v3 header followed by garbage instead of the body: the target closes or"
                    + " answers with an error, and serves a fresh connection",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-482 (flexible versions)", "KIP-511"},
            hint = "A body that cannot be parsed must not be taken as a default or empty request: Apache Kafka fails the"
                    + " parse (InvalidRequestException) and closes the connection." + HINT_TAIL)
    @RequiresApi(value = ApiKeys.API_VERSIONS, minVersion = 3)
    void garbageBody(CheckContext ctx) {
        byte[] garbage = RawFrames.undecodableBody();
        ByteBuffer request = RawFrames.apiVersionsWithBody((short) 3, 1, garbage);
        faultThenFresh(ctx, "an ApiVersions v3 request header followed by " + garbage.length + " bytes of 0xFF",
                connection -> connection.sendFrame(request), MalformedInputChecks::apiVersionsError);
    }

    @Check(id = "protocol.malformed.wrong-header-version",
            title = "ApiVersions v3 (flexible, request header v2) sent with request header v1: the target closes or"
                    + " answers with an error, and serves a fresh connection",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-482 (flexible versions: request header v2)"},
            hint = "The header version follows from the API version (v2, with tagged fields, for flexible versions);"
                    + " read with the right header version, this request's body overruns the frame, and the request"
                    + " must be refused rather than guessed at." + HINT_TAIL)
    @RequiresApi(value = ApiKeys.API_VERSIONS, minVersion = 3)
    void wrongHeaderVersion(CheckContext ctx) {
        ByteBuffer request = RawFrames.apiVersionsWithHeaderVersion((short) 3, (short) 1, 1);
        faultThenFresh(ctx, "an ApiVersions v3 request with a v1 request header (no tagged fields)",
                connection -> connection.sendFrame(request), MalformedInputChecks::apiVersionsError);
    }

    /** An answer to a malformed ApiVersions request must be one, with an error code. */
    private static void apiVersionsError(RawReply.Answered answered) {
        assertThat(answered.correlationId()).as("correlation id of the answer").isEqualTo(1);
        Errors error = Errors.forCode(RawFrames.apiVersionsErrorCode(answered.payload()));
        assertThat(error).as("error code of the answer to a malformed ApiVersions request").isNotEqualTo(Errors.NONE);
    }

    /**
     * Sends the fault on one connection, requires the target to close it or answer within the bound
     * ({@code judge} decides about an answer; {@code null} accepts any), then requires a fresh connection
     * to be served: ApiVersions v0 answered without error.
     */
    private static void faultThenFresh(CheckContext ctx, String fault, Consumer<RawConnection> send,
                                       Consumer<RawReply.Answered> judge) {
        RawReply reply;
        try (RawConnection connection = RawWire.toBootstrap(ctx)) {
            try {
                send.accept(connection);
                reply = connection.awaitReply(RawWire.BOUND);
            } catch (WireException e) {
                // the target dropped the connection before we were done sending: it closed it
                reply = new RawReply.Closed("while we were still sending: " + e.getMessage());
            }
        }
        ctx.evidence("sent %s; the target %s", fault, reply);
        assertThat(reply).as("what the target did within %d s after %s (silence holds the connection open)",
                RawWire.BOUND.toSeconds(), fault).isNotInstanceOf(RawReply.Silent.class);
        if (reply instanceof RawReply.Answered answered && judge != null) {
            judge.accept(answered);
        }
        freshConnectionServed(ctx, fault);
    }

    private static void freshConnectionServed(CheckContext ctx, String fault) {
        RawReply reply;
        try (RawConnection connection = RawWire.toBootstrap(ctx)) {
            connection.sendFrame(RawFrames.apiVersions((short) 0, 2));
            reply = connection.awaitReply(RawWire.BOUND);
        } catch (WireException e) {
            throw new AssertionError("after " + fault + ", a fresh connection to the target could not be made: "
                    + e.getMessage(), e);
        }
        ctx.evidence("fresh connection, ApiVersions v0: the target %s", reply);
        assertThat(reply).as("answer to ApiVersions v0 on a fresh connection after %s", fault)
                .isInstanceOf(RawReply.Answered.class);
        RawReply.Answered answered = (RawReply.Answered) reply;
        assertThat(answered.correlationId()).as("correlation id of ApiVersions v0 on the fresh connection")
                .isEqualTo(2);
        RawFrames.Decoded<org.apache.kafka.common.message.ApiVersionsResponseData> decoded;
        try {
            decoded = RawFrames.apiVersionsResponse(answered.payload(), (short) 0);
        } catch (RuntimeException e) {
            throw new AssertionError("the answer to ApiVersions v0 on a fresh connection cannot be read at v0: " + e, e);
        }
        assertThat(Errors.forCode(decoded.message().errorCode())).as("error of ApiVersions v0 on a fresh connection")
                .isEqualTo(Errors.NONE);
        assertThat(decoded.message().apiKeys().find(ApiKeys.API_VERSIONS.id))
                .as("ApiVersions in the list answered on a fresh connection").isNotNull();
    }
}
