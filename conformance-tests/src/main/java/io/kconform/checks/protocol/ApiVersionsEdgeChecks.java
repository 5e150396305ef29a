package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.NotApplicableException;
import io.kconform.api.outcome.UnsupportedFeatureException;
import io.kconform.api.target.ApiRange;
import io.kconform.api.target.TargetFacts;
import io.kconform.api.wire.RawConnection;
import io.kconform.api.wire.RawFrames;
import io.kconform.api.wire.RawReply;
import io.kconform.api.wire.WireClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * The edges of ApiVersions: what a client newer than the target gets, and the feature levels a
 * KRaft target reports. Both decide what a client may do before it sends anything else.
 */
class ApiVersionsEdgeChecks {

    /**
     * A client newer than the target sends ApiVersions at a version the target does not know. The target
     * must refuse it with UNSUPPORTED_VERSION in a v0 body (the one format every client can read) that
     * lists the ApiVersions range it does support, so that the client retries at a version both know
     * (KIP-511; Apache Kafka's RequestContext treats such a request as v0 and answers at v0). Otherwise no
     * client newer than the target can connect. It is sent as such a client sends it to a broker of a cluster it
     * knows: to the first broker the probe found, with ClusterId and NodeId set (fields of v5 and later, which
     * Java clients 4.4 fill in); only where the probe learnt no cluster id or broker, to the bootstrap address
     * with ClusterId null.
     */
    @Check(id = "protocol.apiversions.above-max-version",
            title = "ApiVersions above the advertised maximum is refused with UNSUPPORTED_VERSION in a v0 body listing"
                    + " the supported ApiVersions range",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"KIP-35", "KIP-511"},
            hint = "An ApiVersions request at an unknown version must not be parsed or answered at that version:"
                    + " answer error_code UNSUPPORTED_VERSION (35) with api_keys in the v0 layout (int32 array, no"
                    + " tagged fields, no throttle time), listing ApiVersions' own min and max.")
    void aboveMaxVersion(CheckContext ctx) {
        ApiRange advertised = ctx.target().facts().range(ApiKeys.API_VERSIONS)
                .orElseThrow(() -> new UnsupportedFeatureException("the target does not list ApiVersions"));
        if (advertised.max() == Short.MAX_VALUE) {
            throw new NotApplicableException("the target advertises ApiVersions up to " + Short.MAX_VALUE
                    + ": no version lies above it");
        }
        short above = (short) (advertised.max() + 1);
        ApiVersionsRequestData body = RawFrames.apiVersionsBody();
        Optional<String> broker = knownBroker(ctx);
        RawReply reply;
        try (RawConnection connection = broker.isEmpty() ? RawWire.toBootstrap(ctx) : toBroker(ctx, broker.get(), body)) {
            connection.sendFrame(RawFrames.apiVersionsAt(above, 1, body));
            reply = connection.awaitReply(RawWire.BOUND);
        }
        short newest = ApiKeys.API_VERSIONS.latestVersion();
        ctx.evidence("ApiVersions advertised v%s; sent ApiVersions v%d (%s) to %s: the target %s", advertised, above,
                above <= newest ? "encoded by kafka-clients at that version"
                        : "encoded as kafka-clients' newest, v" + newest + ", with the version field set to v" + above,
                broker.map(b -> "broker " + b + " with ClusterId '" + body.clusterId() + "' and NodeId "
                        + body.nodeId()).orElse("the bootstrap address with ClusterId null (no cluster id known)"),
                reply);
        assertThat(reply).as("answer to ApiVersions v%d, one above the advertised maximum", above)
                .isInstanceOf(RawReply.Answered.class);
        RawReply.Answered answered = (RawReply.Answered) reply;
        assertThat(answered.correlationId()).as("correlation id of the answer").isEqualTo(1);
        Errors error = Errors.forCode(RawFrames.apiVersionsErrorCode(answered.payload()));
        ctx.evidence("error code %s", error);
        assertThat(error).as("error of ApiVersions v%d, above the advertised v%s", above, advertised)
                .isEqualTo(Errors.UNSUPPORTED_VERSION);
        RawFrames.Decoded<ApiVersionsResponseData> v0;
        try {
            v0 = RawFrames.apiVersionsResponse(answered.payload(), (short) 0);
        } catch (RuntimeException e) {
            throw new AssertionError("the UNSUPPORTED_VERSION answer cannot be read as an ApiVersions v0 body: " + e, e);
        }
        assertThat(v0.leftOver()).as("bytes after the ApiVersions v0 body (a flexible or v1+ body read as v0 leaves"
                + " some)").isZero();
        ApiVersionsResponseData.ApiVersion own = v0.message().apiKeys().find(ApiKeys.API_VERSIONS.id);
        assertThat(own).as("ApiVersions range in the v0 body (the client retries within it)").isNotNull();
        ctx.evidence("v0 body: %d API keys, ApiVersions v%d-%d", v0.message().apiKeys().size(), own.minVersion(),
                own.maxVersion());
        assertThat(own.maxVersion()).as("ApiVersions max in the refusal of v%d", above).isLessThan(above);
        assertThat(own.minVersion()).as("ApiVersions min in the refusal").isLessThanOrEqualTo(own.maxVersion());
    }

    /** The first broker the probe found, as {@code id@host:port}, when it also learnt the cluster id. */
    private static Optional<String> knownBroker(CheckContext ctx) {
        TargetFacts facts = ctx.target().facts();
        return facts.clusterId().isEmpty() ? Optional.empty() : facts.nodes().stream().findFirst();
    }

    /** A connection to {@code broker} ({@code id@host:port}), with {@code body} set as a client of that cluster sets it. */
    private static RawConnection toBroker(CheckContext ctx, String broker, ApiVersionsRequestData body) {
        int at = broker.indexOf('@');
        int colon = broker.lastIndexOf(':');
        body.setClusterId(ctx.target().facts().clusterId()).setNodeId(Integer.parseInt(broker.substring(0, at)));
        return RawWire.toNode(ctx, broker.substring(at + 1, colon), Integer.parseInt(broker.substring(colon + 1)));
    }

    /**
     * ApiVersions v3+ carries the finalized feature levels with their epoch (KIP-584). Clients read them:
     * the Java producer picks the transaction protocol from {@code transaction.version} (KIP-890), so a
     * target must report what it runs. On a KRaft target, recognised by its DescribeQuorum API,
     * {@code metadata.version} is always finalized (KIP-778). Every finalized level must lie within the range
     * the target says it supports. A target that reports no features and is not KRaft is UNSUPPORTED.
     */
    @Check(id = "protocol.apiversions.finalized-features",
            title = "ApiVersions v3+ reports finalized features with an epoch, metadata.version on a KRaft target, each"
                    + " level within its supported range",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-584", "KIP-778", "KIP-890"},
            hint = "Fill SupportedFeatures, FinalizedFeaturesEpoch and FinalizedFeatures (tagged fields of ApiVersions"
                    + " v3+) from the cluster's feature levels; a client that sees no transaction.version falls back to"
                    + " the older transaction protocol.")
    @RequiresApi(value = ApiKeys.API_VERSIONS, minVersion = 3)
    void finalizedFeatures(CheckContext ctx) {
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.API_VERSIONS);
        ApiVersionsResponseData data;
        try (WireClient wire = Wire.toBootstrap(ctx)) {
            data = ((ApiVersionsResponse) wire.send(new ApiVersionsRequest.Builder(), version)).data();
        }
        assertThat(Errors.forCode(data.errorCode())).as("error of ApiVersions v%d", version).isEqualTo(Errors.NONE);
        boolean kraft = ctx.target().facts().advertises(ApiKeys.DESCRIBE_QUORUM);
        List<String> finalized = new ArrayList<>();
        data.finalizedFeatures().forEach(f -> finalized.add(f.name() + "=" + f.maxVersionLevel()));
        List<String> supported = new ArrayList<>();
        data.supportedFeatures().forEach(f -> supported.add(f.name() + " " + f.minVersion() + "-" + f.maxVersion()));
        ctx.evidence("ApiVersions v%d: finalized features epoch %d %s; supported %s; DescribeQuorum %s", version,
                data.finalizedFeaturesEpoch(), finalized, supported, kraft ? "advertised (KRaft)" : "not advertised");
        if (data.finalizedFeatures().isEmpty() && !kraft) {
            throw new UnsupportedFeatureException("the target reports no finalized features and is not a KRaft target"
                    + " (no DescribeQuorum)");
        }
        if (kraft) {
            assertThat(data.finalizedFeatures().find("metadata.version"))
                    .as("metadata.version among the finalized features of a KRaft target").isNotNull();
        }
        assertThat(data.finalizedFeaturesEpoch()).as("finalized features epoch (-1 means unknown)")
                .isGreaterThanOrEqualTo(0L);
        List<String> outOfRange = new ArrayList<>();
        for (ApiVersionsResponseData.FinalizedFeatureKey feature : data.finalizedFeatures()) {
            ApiVersionsResponseData.SupportedFeatureKey range = data.supportedFeatures().find(feature.name());
            if (range == null || feature.maxVersionLevel() < range.minVersion()
                    || feature.maxVersionLevel() > range.maxVersion()) {
                outOfRange.add(feature.name() + "=" + feature.maxVersionLevel() + " (supported "
                        + (range == null ? "not listed" : range.minVersion() + "-" + range.maxVersion()) + ")");
            }
        }
        assertThat(outOfRange).as("finalized levels outside the supported ranges").isEmpty();
    }
}
