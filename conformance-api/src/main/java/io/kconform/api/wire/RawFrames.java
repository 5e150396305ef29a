package io.kconform.api.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * Encodes requests and decodes responses for {@link RawConnection}, with kafka-clients' generated
 * message classes doing all the encoding: only the one fault a check makes deliberately (a wrong
 * header version, an unknown API key, a version past the newest, garbage in place of the body) is
 * made by hand here. Stateless and thread-safe.
 */
public final class RawFrames {

    /** The client id every raw request carries. */
    public static final String CLIENT_ID = "kconform-raw";

    /** The client software name and version raw ApiVersions v3+ requests carry (valid per KIP-511). */
    public static final String SOFTWARE_NAME = "kconform-raw";
    public static final String SOFTWARE_VERSION = "1.0.0";

    /** Offset of the api version in every request header version: it follows the int16 api key. */
    private static final int API_VERSION_OFFSET = 2;

    private RawFrames() {
    }

    /** {@code payload} with a size prefix that tells its true length. */
    public static byte[] sizePrefixed(ByteBuffer payload) {
        return sizePrefixed(payload.remaining(), payload);
    }

    /** {@code payload} behind a size prefix saying {@code size}, which may lie. */
    public static byte[] sizePrefixed(int size, ByteBuffer payload) {
        ByteBuffer frame = ByteBuffer.allocate(4 + payload.remaining()).order(ByteOrder.BIG_ENDIAN);
        frame.putInt(size).put(payload.duplicate());
        return frame.array();
    }

    /** A request header of {@code apiKey} (any value, known or not) at {@code apiVersion}. */
    public static RequestHeaderData header(short apiKey, short apiVersion, int correlationId) {
        return new RequestHeaderData().setRequestApiKey(apiKey).setRequestApiVersion(apiVersion)
                .setCorrelationId(correlationId).setClientId(CLIENT_ID);
    }

    /** Header then body, each encoded at the version given (no size prefix). */
    public static ByteBuffer encode(RequestHeaderData header, short headerVersion, Message body, short bodyVersion) {
        return RequestUtils.serialize(header, headerVersion, body, bodyVersion);
    }

    /** An ApiVersions request body with kconform's (valid) client software name and version. */
    public static ApiVersionsRequestData apiVersionsBody() {
        return new ApiVersionsRequestData().setClientSoftwareName(SOFTWARE_NAME)
                .setClientSoftwareVersion(SOFTWARE_VERSION);
    }

    /** A well-formed ApiVersions request at a version kafka-clients knows, with the right header version. */
    public static ByteBuffer apiVersions(short version, int correlationId) {
        return apiVersions(version, correlationId, apiVersionsBody());
    }

    /** As {@link #apiVersions(short, int)}, with this body (a ClusterId and NodeId set, say). */
    public static ByteBuffer apiVersions(short version, int correlationId, ApiVersionsRequestData body) {
        short headerVersion = ApiKeys.API_VERSIONS.requestHeaderVersion(version);
        return encode(header(ApiKeys.API_VERSIONS.id, version, correlationId), headerVersion, body, version);
    }

    /**
     * An ApiVersions request that says it is {@code version}, which may be newer than kafka-clients
     * knows. A version it knows is encoded as is; a newer one is encoded as kafka-clients' newest
     * (header and body), with only the version number raised: what a newer client sends, since ApiVersions
     * v3+ bodies differ only in tagged fields.
     */
    public static ByteBuffer apiVersionsAt(short version, int correlationId) {
        return apiVersionsAt(version, correlationId, apiVersionsBody());
    }

    /** As {@link #apiVersionsAt(short, int)}, with this body (a ClusterId and NodeId set, say). */
    public static ByteBuffer apiVersionsAt(short version, int correlationId, ApiVersionsRequestData body) {
        short latest = ApiKeys.API_VERSIONS.latestVersion();
        if (version <= latest) {
            return apiVersions(version, correlationId, body);
        }
        ByteBuffer frame = apiVersions(latest, correlationId, body);
        frame.putShort(frame.position() + API_VERSION_OFFSET, version);
        return frame;
    }

    /**
     * An ApiVersions request whose header is of {@code headerVersion} while its body is of {@code version}:
     * the wrong header version when they do not match ({@link ApiKeys#requestHeaderVersion}).
     */
    public static ByteBuffer apiVersionsWithHeaderVersion(short version, short headerVersion, int correlationId) {
        return encode(header(ApiKeys.API_VERSIONS.id, version, correlationId), headerVersion, apiVersionsBody(),
                version);
    }

    /**
     * A well-formed header of ApiVersions at {@code version} followed by {@code garbage} instead of the
     * body. The header is encoded by kafka-clients; only the body is made by hand.
     */
    public static ByteBuffer apiVersionsWithBody(short version, int correlationId, byte[] garbage) {
        short headerVersion = ApiKeys.API_VERSIONS.requestHeaderVersion(version);
        ByteBuffer header = encode(header(ApiKeys.API_VERSIONS.id, version, correlationId), headerVersion,
                new EmptyMessage(), (short) 0);
        ByteBuffer frame = ByteBuffer.allocate(header.remaining() + garbage.length);
        frame.put(header).put(garbage).flip();
        return frame;
    }

    /**
     * A body that cannot be read as any version of ApiVersions v3+ (or most other flexible bodies): five
     * bytes with the continuation bit set make an unsigned varint longer than the protocol allows, and
     * the rest keeps every length that a lenient reader might take from it out of range.
     */
    public static byte[] undecodableBody() {
        byte[] garbage = new byte[16];
        Arrays.fill(garbage, (byte) 0xFF);
        return garbage;
    }

    /**
     * Decodes the body of an ApiVersions response at {@code version}. ApiVersions responses always have
     * a v0 response header (the correlation id alone), so the body starts at the fifth byte.
     *
     * @return the decoded body and how many bytes of the frame were left over
     * @throws RuntimeException when the bytes cannot be read at that version
     */
    public static Decoded<ApiVersionsResponseData> apiVersionsResponse(ByteBuffer payload, short version) {
        ByteBuffer body = payload.duplicate();
        body.position(body.position() + 4);
        ApiVersionsResponseData data = new ApiVersionsResponseData(new ByteBufferAccessor(body), version);
        return new Decoded<>(data, body.remaining());
    }

    /**
     * The error code of an ApiVersions response of any version: the first field of its body in every
     * version, right after the v0 response header.
     */
    public static short apiVersionsErrorCode(ByteBuffer payload) {
        if (payload.remaining() < 6) {
            throw new IllegalArgumentException("an answer of " + payload.remaining() + " bytes has no error code");
        }
        return payload.getShort(payload.position() + 4);
    }

    /**
     * A decoded message and the bytes of the frame it did not use.
     *
     * @param leftOver bytes after the message; a well-formed answer has none
     */
    public record Decoded<T>(T message, int leftOver) {
    }

    /** Nothing: lets kafka-clients encode a header alone. */
    private static final class EmptyMessage implements Message {
        @Override
        public short lowestSupportedVersion() {
            return 0;
        }

        @Override
        public short highestSupportedVersion() {
            return Short.MAX_VALUE;
        }

        @Override
        public void read(org.apache.kafka.common.protocol.Readable readable, short version) {
        }

        @Override
        public void write(org.apache.kafka.common.protocol.Writable writable,
                          org.apache.kafka.common.protocol.ObjectSerializationCache cache, short version) {
        }

        @Override
        public void addSize(org.apache.kafka.common.protocol.MessageSizeAccumulator size,
                            org.apache.kafka.common.protocol.ObjectSerializationCache cache, short version) {
        }

        @Override
        public java.util.List<org.apache.kafka.common.protocol.types.RawTaggedField> unknownTaggedFields() {
            return java.util.List.of();
        }

        @Override
        public Message duplicate() {
            return this;
        }
    }
}
