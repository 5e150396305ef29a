package io.kconform.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.junit.jupiter.api.Test;

/**
 * The raw encoder makes exactly one fault and nothing else: kafka-clients' own parser reads the
 * well-formed parts, and fails on the fault where the fault is meant to be unreadable.
 */
class RawFramesTest {

    private static final short V3 = 3;

    @Test
    void wellFormedApiVersionsIsReadByKafkaClients() {
        ByteBuffer frame = RawFrames.apiVersions(V3, 42);
        RequestHeader header = RequestHeader.parse(frame);
        assertThat(header.apiKey()).isEqualTo(ApiKeys.API_VERSIONS);
        assertThat(header.apiVersion()).isEqualTo(V3);
        assertThat(header.correlationId()).isEqualTo(42);
        ApiVersionsRequest request = (ApiVersionsRequest) AbstractRequest.parseRequest(ApiKeys.API_VERSIONS, V3,
                new ByteBufferAccessor(frame)).request;
        assertThat(request.data().clientSoftwareName()).isEqualTo(RawFrames.SOFTWARE_NAME);
        assertThat(request.isValid()).isTrue();
        assertThat(frame.remaining()).isZero();
    }

    @Test
    void aVersionPastTheNewestKeepsTheNewestEncodingWithOnlyTheNumberRaised() {
        short latest = ApiKeys.API_VERSIONS.latestVersion();
        short above = (short) (latest + 1);
        ByteBuffer frame = RawFrames.apiVersionsAt(above, 7);
        assertThat(frame.getShort(0)).isEqualTo(ApiKeys.API_VERSIONS.id);
        assertThat(frame.getShort(2)).isEqualTo(above);
        ByteBuffer asNewest = RawFrames.apiVersions(latest, 7);
        asNewest.putShort(2, above);
        assertThat(frame).isEqualTo(asNewest);
        assertThat(RawFrames.apiVersionsAt(V3, 7)).isEqualTo(RawFrames.apiVersions(V3, 7));
    }

    @Test
    void aNonFlexibleHeaderOnAFlexibleVersionCannotBeParsed() {
        assertThat(ApiKeys.API_VERSIONS.requestHeaderVersion(V3)).isEqualTo((short) 2);
        ByteBuffer frame = RawFrames.apiVersionsWithHeaderVersion(V3, (short) 1, 5);
        // read as the v2 header its version calls for, the body's first bytes become tagged fields that overrun
        assertThatThrownBy(() -> {
            RequestHeader header = RequestHeader.parse(frame);
            AbstractRequest.parseRequest(header.apiKey(), header.apiVersion(), new ByteBufferAccessor(frame));
        }).isInstanceOf(RuntimeException.class);
    }

    @Test
    void garbageAfterAValidHeaderFailsOnlyInTheBody() {
        ByteBuffer frame = RawFrames.apiVersionsWithBody(V3, 9, RawFrames.undecodableBody());
        RequestHeader header = RequestHeader.parse(frame);
        assertThat(header.apiKey()).isEqualTo(ApiKeys.API_VERSIONS);
        assertThat(header.correlationId()).isEqualTo(9);
        assertThat(header.clientId()).isEqualTo(RawFrames.CLIENT_ID);
        assertThat(frame.remaining()).isEqualTo(RawFrames.undecodableBody().length);
        assertThatThrownBy(() -> AbstractRequest.parseRequest(ApiKeys.API_VERSIONS, V3, new ByteBufferAccessor(frame)))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void anUnknownApiKeyIsEncodedAsGivenAndKafkaClientsRejectsIt() {
        short unknown = Short.MAX_VALUE;
        assertThat(ApiKeys.hasId(unknown)).isFalse();
        ByteBuffer frame = RawFrames.encode(RawFrames.header(unknown, (short) 0, 3), (short) 1,
                new ApiVersionsRequestData(), (short) 0);
        assertThat(frame.getShort(0)).isEqualTo(unknown);
        assertThat(frame.getInt(4)).isEqualTo(3);
        assertThatThrownBy(() -> RequestHeader.parse(frame)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void sizePrefixCanTellTheTruthOrLie() {
        ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3});
        assertThat(RawFrames.sizePrefixed(payload)).containsExactly(0, 0, 0, 3, 1, 2, 3);
        assertThat(RawFrames.sizePrefixed(-1, payload)).containsExactly(-1, -1, -1, -1, 1, 2, 3);
        assertThat(payload.remaining()).isEqualTo(3);
    }

    @Test
    void aV0ErrorAnswerDecodesAtV0WithNothingLeftOver() {
        ApiVersionsResponse refusal = new ApiVersionsRequest.Builder().build((short) 0)
                .getErrorResponse(0, Errors.UNSUPPORTED_VERSION.exception());
        ByteBuffer answer = RequestUtils.serialize(new ResponseHeader(11, (short) 0).data(), (short) 0,
                refusal.data(), (short) 0);
        RawFrames.Decoded<ApiVersionsResponseData> decoded = RawFrames.apiVersionsResponse(answer, (short) 0);
        assertThat(decoded.leftOver()).isZero();
        assertThat(Errors.forCode(decoded.message().errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
        assertThat(decoded.message().apiKeys().find(ApiKeys.API_VERSIONS.id)).isNotNull();
        assertThat(RawFrames.apiVersionsErrorCode(answer)).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
    }

    @Test
    void aFlexibleAnswerIsNotAV0Answer() {
        ApiVersionsResponseData data = new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        data.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.API_VERSIONS.id)
                .setMinVersion((short) 0).setMaxVersion(V3));
        ByteBuffer answer = RequestUtils.serialize(new ResponseHeader(11, (short) 0).data(), (short) 0, data, V3);
        boolean v0 = false;
        try {
            RawFrames.Decoded<ApiVersionsResponseData> decoded = RawFrames.apiVersionsResponse(answer, (short) 0);
            v0 = decoded.leftOver() == 0 && decoded.message().apiKeys().size() == 1;
        } catch (RuntimeException expected) {
            // unreadable at v0: what the check reports
        }
        assertThat(v0).as("a v3 body read as v0").isFalse();
    }
}
