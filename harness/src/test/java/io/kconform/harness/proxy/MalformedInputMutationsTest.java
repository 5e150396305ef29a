package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.wire.RawConnection;
import io.kconform.api.wire.RawFrames;
import io.kconform.api.wire.RawReply;
import io.kconform.api.wire.WireClient;
import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.ApiVersionsAboveMaxInNewestFormat;
import io.kconform.harness.proxy.mutations.DropFinalizedFeatures;
import io.kconform.harness.proxy.mutations.HangOnMalformed;
import io.kconform.harness.proxy.mutations.RefuseAfterMalformed;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutations of what the proxy does with input it cannot decode, and of the features ApiVersions
 * reports, seen through raw frames and the wire client against a real broker.
 */
@ExtendWith(SharedBroker.class)
class MalformedInputMutationsTest {

    private static final Duration BOUND = Duration.ofSeconds(3);

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    private static RawConnection open(KafkaMutatingProxy proxy) {
        String[] address = proxy.bootstrapServers().split(",")[0].split(":");
        return RawConnection.open(address[0], Integer.parseInt(address[1]), BOUND);
    }

    private static RawReply exchange(KafkaMutatingProxy proxy, byte[] bytes, boolean halfClose) {
        try (RawConnection connection = open(proxy)) {
            connection.sendRaw(bytes);
            if (halfClose) {
                connection.halfClose();
            }
            return connection.awaitReply(BOUND);
        }
    }

    private static RawReply apiVersionsV0(KafkaMutatingProxy proxy) {
        return exchange(proxy, RawFrames.sizePrefixed(RawFrames.apiVersions((short) 0, 2)), false);
    }

    private static byte[] truncated() {
        ByteBuffer request = RawFrames.apiVersions((short) 0, 1);
        return RawFrames.sizePrefixed(request.remaining(), request.duplicate().limit(request.remaining() / 2));
    }

    @Test
    void withoutMutationsMalformedInputClosesTheConnectionAsTheBrokerDoes() {
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker)) {
            assertThat(exchange(proxy, truncated(), true)).isInstanceOf(RawReply.Closed.class);
            assertThat(exchange(proxy, RawFrames.sizePrefixed(-1, RawFrames.apiVersions((short) 0, 1)), false))
                    .isInstanceOf(RawReply.Closed.class);
            assertThat(exchange(proxy, RawFrames.sizePrefixed(RawFrames.apiVersionsWithBody((short) 3, 1,
                    RawFrames.undecodableBody())), false)).isInstanceOf(RawReply.Closed.class);
            assertThat(apiVersionsV0(proxy)).isInstanceOf(RawReply.Answered.class);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void hangOnMalformedHoldsTheConnectionSilentButServesOthers() {
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new HangOnMalformed())) {
            assertThat(exchange(proxy, truncated(), true)).isInstanceOf(RawReply.Silent.class);
            ByteBuffer unknownKey = RawFrames.encode(RawFrames.header(Short.MAX_VALUE, (short) 0, 1), (short) 1,
                    RawFrames.apiVersionsBody(), (short) 0);
            assertThat(exchange(proxy, RawFrames.sizePrefixed(unknownKey), false)).isInstanceOf(RawReply.Silent.class);
            assertThat(exchange(proxy, RawFrames.sizePrefixed(RawFrames.apiVersionsWithBody((short) 3, 1,
                    RawFrames.undecodableBody())), false)).isInstanceOf(RawReply.Silent.class);

            assertThat(apiVersionsV0(proxy)).isInstanceOf(RawReply.Answered.class);
            // a version newer than the proxy knows is not malformed: the broker's own v0 refusal comes back
            short above = (short) (ApiKeys.API_VERSIONS.latestVersion() + 1);
            RawReply refusal = exchange(proxy, RawFrames.sizePrefixed(RawFrames.apiVersionsAt(above, 3)), false);
            assertThat(refusal).isInstanceOf(RawReply.Answered.class);
            assertThat(RawFrames.apiVersionsErrorCode(((RawReply.Answered) refusal).payload()))
                    .isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void refuseAfterMalformedClosesEveryLaterConnection() {
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new RefuseAfterMalformed())) {
            assertThat(apiVersionsV0(proxy)).as("before any malformed input").isInstanceOf(RawReply.Answered.class);
            ByteBuffer wrongHeader = RawFrames.apiVersionsWithHeaderVersion((short) 3, (short) 1, 1);
            assertThat(exchange(proxy, RawFrames.sizePrefixed(wrongHeader), false)).isInstanceOf(RawReply.Closed.class);
            assertThat(apiVersionsV0(proxy)).as("after malformed input").isInstanceOf(RawReply.Closed.class);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void aboveMaxRefusalInTheNewestFormatIsNotAV0Body() {
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new ApiVersionsAboveMaxInNewestFormat())) {
            short above = (short) (ApiKeys.API_VERSIONS.latestVersion() + 1);
            RawReply reply = exchange(proxy, RawFrames.sizePrefixed(RawFrames.apiVersionsAt(above, 4)), false);
            assertThat(reply).isInstanceOf(RawReply.Answered.class);
            ByteBuffer payload = ((RawReply.Answered) reply).payload();
            assertThat(((RawReply.Answered) reply).correlationId()).isEqualTo(4);
            assertThat(RawFrames.apiVersionsErrorCode(payload)).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            RawFrames.Decoded<ApiVersionsResponseData> newest = RawFrames.apiVersionsResponse(payload,
                    ApiKeys.API_VERSIONS.latestVersion());
            assertThat(newest.leftOver()).isZero();
            assertThat(newest.message().apiKeys().find(ApiKeys.API_VERSIONS.id)).isNotNull();
            // requests the proxy knows still reach the broker
            assertThat(apiVersionsV0(proxy)).isInstanceOf(RawReply.Answered.class);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void dropFinalizedFeaturesHidesTheNamedOnesOrAll() {
        short version = ApiKeys.API_VERSIONS.latestVersion();
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                DropFinalizedFeatures.named(Set.of("metadata.version")))) {
            ApiVersionsResponseData data = apiVersions(proxy, version);
            assertThat(data.finalizedFeatures().find("metadata.version")).isNull();
            assertThat(data.finalizedFeatures()).isNotEmpty();
            assertThat(data.finalizedFeaturesEpoch()).isGreaterThanOrEqualTo(0L);
            assertThat(proxy.problems()).isEmpty();
        }
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, DropFinalizedFeatures.all())) {
            ApiVersionsResponseData data = apiVersions(proxy, version);
            assertThat(data.finalizedFeatures()).isEmpty();
            assertThat(data.finalizedFeaturesEpoch()).isEqualTo(-1L);
            assertThat(data.supportedFeatures()).isNotEmpty();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    private static ApiVersionsResponseData apiVersions(KafkaMutatingProxy proxy, short version) {
        String[] address = proxy.bootstrapServers().split(",")[0].split(":");
        try (WireClient wire = WireClient.connect(address[0], Integer.parseInt(address[1]), Map.of(), BOUND)) {
            return ((ApiVersionsResponse) wire.send(new ApiVersionsRequest.Builder(), version)).data();
        }
    }
}
