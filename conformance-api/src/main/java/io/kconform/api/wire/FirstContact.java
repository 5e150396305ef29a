package io.kconform.api.wire;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.message.ApiVersionsResponseData;

/**
 * The first contact with an endpoint, judged from the raw bytes: does it speak Kafka at all? It connects as
 * the client properties say (plain TCP, or TLS), sends the one request every Kafka endpoint answers before
 * anything else (ApiVersions v0, KIP-35), and says in plain words what came back: a Kafka answer, or a refusal,
 * a connection closed right after it was accepted, silence, bytes that are not Kafka (an HTTP server, a TLS
 * record, garbage), a frame cut short, a frame far larger than any answer, an answer to another request (a
 * wrong correlation id), or bytes dripping too slowly to make an answer within the bound.
 *
 * <p>Guarantees: it never throws for anything the endpoint does, never reads more than
 * {@link #MAX_PLAUSIBLE_ANSWER} bytes, and ends within the connect bound plus the answer bound plus
 * {@link #CLOSE_ON_ACCEPT_WINDOW}. Stateless; each call opens one connection and closes it.
 */
public final class FirstContact {

    /** How long an endpoint has to answer the first ApiVersions request, whatever it sends meanwhile. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long to wait, before sending anything, for an endpoint that closes every connection it accepts (or
     * speaks first, which a Kafka endpoint never does): short, since every real target pays it once.
     */
    static final Duration CLOSE_ON_ACCEPT_WINDOW = Duration.ofMillis(250);
    /** An ApiVersions answer is a few hundred bytes to a few KB; a frame announcing more is not one. */
    static final int MAX_PLAUSIBLE_ANSWER = 1024 * 1024;
    /** The correlation id of the request: a value an endpoint echoing or inventing bytes is unlikely to send. */
    static final int CORRELATION_ID = 0x6b63_0001;

    private FirstContact() {
    }

    /** What the endpoint did. */
    public enum Kind {
        /** It answered ApiVersions with a frame a Kafka client can match to its request. */
        KAFKA,
        /** The TCP connection was refused: nothing listens there. */
        REFUSED,
        /** No TCP connection within the bound (a silent network, an unknown host). */
        NO_CONNECTION,
        /** It closed the connection right after accepting it, before any request. */
        CLOSED_ON_ACCEPT,
        /** It closed the connection on the ApiVersions request without answering. */
        CLOSED_ON_REQUEST,
        /** It accepted the connection and sent nothing within the bound. */
        SILENT,
        /** It sent some bytes, too few to make an answer, within the bound. */
        STALLED,
        /** It sent bytes before any request. */
        SPOKE_FIRST,
        /** It answered as an HTTP server does. */
        HTTP,
        /** It answered a plain connection with a TLS record: the listener expects TLS. */
        TLS_EXPECTED,
        /** It answered a TLS handshake with bytes that are not TLS: the listener expects plain connections. */
        PLAIN_EXPECTED,
        /** The TLS handshake failed otherwise (a certificate not trusted, no common protocol). */
        TLS_FAILED,
        /** It closed a frame before its announced end. */
        TRUNCATED,
        /** It announced a frame of an impossible or implausible size. */
        OVERSIZED,
        /** It answered ApiVersions with another request's correlation id. */
        WRONG_CORRELATION_ID,
        /** It answered with bytes that are not a Kafka response. */
        NOT_KAFKA
    }

    /**
     * What the endpoint did, and a sentence saying so that reads after the endpoint's address
     * ({@code "closed the connection right after accepting it"}).
     */
    public record Finding(Kind kind, String description) {

        /** Whether the endpoint answered as a Kafka endpoint does, so that the probe goes on. */
        public boolean speaksKafka() {
            return kind == Kind.KAFKA;
        }

        /** Whether a TCP connection was made: something listens there. */
        public boolean reached() {
            return kind != Kind.REFUSED && kind != Kind.NO_CONNECTION;
        }

        /**
         * Whether the finding settles that the endpoint does not speak Kafka as asked. A connection closed on
         * ApiVersions v0 does not (a target may answer only newer versions, which the handshake finds), nor
         * does a TLS handshake that failed on the client's own settings.
         */
        public boolean settled() {
            return kind != Kind.KAFKA && kind != Kind.CLOSED_ON_REQUEST && kind != Kind.TLS_FAILED;
        }
    }

    /**
     * Makes first contact with {@code host:port}.
     *
     * @param clientProperties the target's client properties: TLS is used where they say {@code SSL} or
     *                         {@code SASL_SSL}
     */
    public static Finding with(String host, int port, Map<String, ?> clientProperties, Duration connectTimeout,
                               Duration answerTimeout) {
        boolean tls = Tls.wanted(clientProperties);
        RawConnection connection;
        try {
            connection = RawConnection.open(host, port, connectTimeout);
        } catch (WireException e) {
            return unconnected(e, connectTimeout);
        }
        try (RawConnection plain = connection) {
            if (!tls) {
                return exchange(plain, answerTimeout);
            }
        }
        try (RawConnection secured = RawConnection.open(host, port, connectTimeout, clientProperties)) {
            return exchange(secured, answerTimeout);
        } catch (WireException e) {
            return tlsRefused(e, connectTimeout);
        }
    }

    private static Finding exchange(RawConnection connection, Duration answerTimeout) {
        RawConnection.Received early = connection.receive(64, CLOSE_ON_ACCEPT_WINDOW);
        if (early.bytes().length > 0) {
            return new Finding(Kind.SPOKE_FIRST, "sent bytes before any request, which a Kafka endpoint never does; "
                    + FirstBytes.describe(early.bytes()));
        }
        if (early.ended()) {
            return new Finding(Kind.CLOSED_ON_ACCEPT, "closed the connection right after accepting it");
        }
        try {
            connection.sendFrame(RawFrames.apiVersions((short) 0, CORRELATION_ID));
        } catch (WireException e) {
            return new Finding(Kind.CLOSED_ON_ACCEPT, "closed the connection before the first request was sent");
        }
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        RawConnection.Received head = connection.receive(4, answerTimeout);
        byte[] size = head.bytes();
        if (FirstBytes.beginsHttpOrTls(size)) {
            return notKafka(more(connection, size, deadline));
        }
        if (size.length == 0) {
            return head.ended()
                    ? new Finding(Kind.CLOSED_ON_REQUEST, "closed the connection on ApiVersions v0 without answering")
                    : new Finding(Kind.SILENT, "accepted the connection but sent nothing within "
                    + seconds(answerTimeout) + " of an ApiVersions request");
        }
        if (size.length < 4) {
            return head.ended()
                    ? new Finding(Kind.TRUNCATED, "closed the connection after " + bytes(size.length)
                    + ", less than a frame's size prefix; " + FirstBytes.describe(size))
                    : stalled(size, "less than a frame's size prefix", answerTimeout);
        }
        int announced = ByteBuffer.wrap(size).getInt();
        if (announced < 0 || announced > MAX_PLAUSIBLE_ANSWER) {
            byte[] shown = more(connection, size, deadline);
            return new Finding(Kind.OVERSIZED, "answered with bytes that are not a Kafka response: a frame announcing "
                    + announced + " bytes, " + (announced < 0 ? "a negative size" : "far more than any ApiVersions answer")
                    + "; " + FirstBytes.describe(shown));
        }
        if (announced < 4) {
            return notKafka(more(connection, size, deadline));
        }
        RawConnection.Received rest = connection.receive(announced, remaining(deadline));
        byte[] payload = rest.bytes();
        byte[] seen = concat(size, payload);
        if (payload.length < announced) {
            return rest.ended()
                    ? new Finding(Kind.TRUNCATED, "closed the connection in the middle of its answer, after " + payload.length
                    + " of the " + bytes(announced) + " it announced; " + FirstBytes.describe(seen))
                    : stalled(seen, payload.length + " of the " + bytes(announced) + " it announced", answerTimeout);
        }
        ByteBuffer frame = ByteBuffer.wrap(payload);
        int correlationId = frame.getInt(0);
        if (correlationId == CORRELATION_ID) {
            // Whether the answer is right is for the checks to judge; it is an answer to our request.
            return new Finding(Kind.KAFKA, "answered ApiVersions");
        }
        if (readsAsApiVersions(frame)) {
            return new Finding(Kind.WRONG_CORRELATION_ID, "answered ApiVersions with correlation id " + correlationId
                    + " where the request had " + CORRELATION_ID + ": no client can match that answer to its request");
        }
        return notKafka(seen);
    }

    /** Bytes that are no Kafka answer: what they look like decides the kind. */
    private static Finding notKafka(byte[] seen) {
        if (FirstBytes.http(seen)) {
            return new Finding(Kind.HTTP, "answered with bytes that are not a Kafka response; " + FirstBytes.describe(seen));
        }
        if (FirstBytes.tlsRecord(seen)) {
            return new Finding(Kind.TLS_EXPECTED, "answered with " + FirstBytes.tlsRecordKind(seen)
                    + ": the listener expects TLS (security.protocol SSL or SASL_SSL), not a plain connection ("
                    + FirstBytes.hex(seen) + ")");
        }
        return new Finding(Kind.NOT_KAFKA, "answered with bytes that are not a Kafka response; " + FirstBytes.describe(seen));
    }

    private static Finding stalled(byte[] seen, String howMuch, Duration answerTimeout) {
        return new Finding(Kind.STALLED, "sent only " + howMuch + " within " + seconds(answerTimeout)
                + ", no whole answer (a stalled or dripping answer); " + FirstBytes.describe(seen));
    }

    private static boolean readsAsApiVersions(ByteBuffer frame) {
        try {
            RawFrames.Decoded<ApiVersionsResponseData> decoded = RawFrames.apiVersionsResponse(frame, (short) 0);
            return decoded.leftOver() == 0 && !decoded.message().apiKeys().isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The bytes seen so far and what else comes quickly: more evidence, never more than a line's worth. */
    private static byte[] more(RawConnection connection, byte[] seen, long deadline) {
        if (seen.length >= FirstBytes.SHOWN * 4) {
            return seen;
        }
        Duration bound = remaining(deadline);
        Duration brief = bound.compareTo(Duration.ofMillis(500)) < 0 ? bound : Duration.ofMillis(500);
        return concat(seen, connection.receive(FirstBytes.SHOWN * 4 - seen.length, brief).bytes());
    }

    private static Finding unconnected(WireException e, Duration connectTimeout) {
        Throwable cause = e.getCause();
        if (cause instanceof ConnectException) {
            return new Finding(Kind.REFUSED, "refused the connection (nothing listens on that port)");
        }
        if (cause instanceof SocketTimeoutException) {
            return new Finding(Kind.NO_CONNECTION, "did not accept a TCP connection within " + seconds(connectTimeout));
        }
        if (cause instanceof UnknownHostException) {
            return new Finding(Kind.NO_CONNECTION, "has a host name that does not resolve");
        }
        return new Finding(Kind.NO_CONNECTION, "could not be connected to: " + (cause == null ? e.getMessage() : cause));
    }

    private static Finding tlsRefused(WireException e, Duration connectTimeout) {
        Throwable cause = e.getCause();
        String detail = cause == null ? e.getMessage() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        String message = String.valueOf(cause == null ? e.getMessage() : cause.getMessage()).toLowerCase(Locale.ROOT);
        if (cause instanceof SocketTimeoutException) {
            return new Finding(Kind.SILENT, "accepted the connection but did not answer the TLS handshake within "
                    + seconds(connectTimeout));
        }
        if (cause instanceof SSLException && message.contains("unrecognized ssl message")) {
            return new Finding(Kind.PLAIN_EXPECTED, "answered the TLS handshake with bytes that are not TLS: the listener"
                    + " expects plain connections (security.protocol PLAINTEXT or SASL_PLAINTEXT) (" + detail + ")");
        }
        if (message.contains("terminated the handshake") || message.contains("connection reset")
                || message.contains("broken pipe") || cause instanceof java.io.EOFException) {
            return new Finding(Kind.PLAIN_EXPECTED, "closed the connection during the TLS handshake: the listener may"
                    + " expect plain connections (security.protocol PLAINTEXT or SASL_PLAINTEXT) (" + detail + ")");
        }
        return new Finding(Kind.TLS_FAILED, "did not complete a TLS handshake: " + detail);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String bytes(int n) {
        return n + (n == 1 ? " byte" : " bytes");
    }
}
