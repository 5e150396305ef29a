package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.UnsupportedFeatureException;
import io.kconform.api.target.TargetFacts;
import io.kconform.api.wire.WireClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * ApiVersions: the one request every implementation must answer, and the first every client sends.
 * A client picks, for every API it uses, the highest version both sides support; a wrong, malformed
 * or missing answer here breaks every client before it sends a single record.
 */
class ApiVersionsChecks {

    /** Without these a target is not a Kafka endpoint a client can produce to and read back from. */
    private static final List<ApiKeys> CORE = List.of(ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE,
            ApiKeys.FETCH);

    /**
     * v0 must be answered by every implementation (KIP-35); the newest version must be answered too,
     * or, as KIP-511 specifies for a version the target does not know, refused with UNSUPPORTED_VERSION
     * plus the target's own ApiVersions range, so that the client retries at a version both know. A
     * malformed answer (an error, a range with min above max, a key listed twice, ApiVersions missing
     * from its own list) is a FAIL; a core API that is simply not offered is UNSUPPORTED.
     */
    @Check(id = "protocol.apiversions.answered",
            title = "ApiVersions v0 and the newest version are answered without error and advertise the core APIs",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"KIP-35", "KIP-511"},
            hint = "Every client sends ApiVersions first; check the request header parsing (v3+ uses flexible"
                    + " versions and a tagged-field header), the answer to an unknown version (UNSUPPORTED_VERSION"
                    + " with the ApiVersions range), and that Produce, Fetch, Metadata and ApiVersions are listed"
                    + " once each with min <= max.")
    void answered(CheckContext ctx) {
        try (WireClient wire = Wire.toBootstrap(ctx)) {
            ApiVersionsResponseData v0 = send(wire, (short) 0);
            ctx.evidence("ApiVersions v0: error %s, %d API keys", Errors.forCode(v0.errorCode()), v0.apiKeys().size());
            assertThat(Errors.forCode(v0.errorCode())).as("error of ApiVersions v0, which every implementation"
                    + " must answer").isEqualTo(Errors.NONE);
            assertWellFormed(v0, (short) 0);

            short latest = ApiKeys.API_VERSIONS.latestVersion();
            ApiVersionsResponseData newest = send(wire, latest);
            Errors error = Errors.forCode(newest.errorCode());
            ctx.evidence("ApiVersions v%d: error %s, %d API keys", latest, error, newest.apiKeys().size());
            short answered = latest;
            if (error == Errors.UNSUPPORTED_VERSION) {
                ApiVersionsResponseData.ApiVersion own = newest.apiKeys().find(ApiKeys.API_VERSIONS.id);
                assertThat(own).as("ApiVersions range in an UNSUPPORTED_VERSION answer to v%d (KIP-511: the"
                        + " client needs it to retry)", latest).isNotNull();
                assertThat(own.maxVersion()).as("advertised ApiVersions max after refusing v%d", latest)
                        .isLessThan(latest);
                answered = own.maxVersion();
                newest = send(wire, answered);
                error = Errors.forCode(newest.errorCode());
                ctx.evidence("retried at ApiVersions v%d: error %s, %d API keys", answered, error,
                        newest.apiKeys().size());
            }
            assertThat(error).as("error of ApiVersions v%d", answered).isEqualTo(Errors.NONE);
            assertWellFormed(newest, answered);

            List<String> missing = new ArrayList<>();
            for (ApiKeys core : CORE) {
                ApiVersionsResponseData.ApiVersion range = newest.apiKeys().find(core.id);
                if (range == null) {
                    missing.add(core.name);
                } else {
                    ctx.evidence("%s v%d-%d", core.name, range.minVersion(), range.maxVersion());
                }
            }
            if (!missing.isEmpty()) {
                throw new UnsupportedFeatureException("the target does not advertise " + String.join(", ", missing)
                        + ": clients cannot produce to it and read back");
            }
        }
    }

    @Check(id = "protocol.apiversions.client-software-name-validated",
            title = "ApiVersions v3+ with an invalid client software name is answered with INVALID_REQUEST; a valid"
                    + " name is accepted",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-511 (client software name and version)"},
            hint = "KIP-511: the broker validates client_software_name and client_software_version against"
                    + " [a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])? and answers an invalid one with INVALID_REQUEST;"
                    + " the names end up in metrics and logs, where unchecked input does harm.")
    @RequiresApi(value = ApiKeys.API_VERSIONS, minVersion = 3)
    void clientSoftwareNameValidated(CheckContext ctx) {
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.API_VERSIONS);
        try (WireClient wire = Wire.toBootstrap(ctx)) {
            Errors invalid = Errors.forCode(named(wire, version, "kconform invalid name!", "1.0").errorCode());
            ctx.evidence("ApiVersions v%d with client_software_name 'kconform invalid name!': %s", version, invalid);
            Errors valid = Errors.forCode(named(wire, version, "kconform-check", "1.0.0").errorCode());
            ctx.evidence("ApiVersions v%d with client_software_name 'kconform-check': %s", version, valid);
            assertThat(valid).as("error for the valid client software name 'kconform-check'").isEqualTo(Errors.NONE);
            assertThat(invalid).as("error for the invalid client software name 'kconform invalid name!'")
                    .isEqualTo(Errors.INVALID_REQUEST);
        }
    }

    private static ApiVersionsResponseData named(WireClient wire, short version, String name, String softwareVersion) {
        ApiVersionsRequestData data = new ApiVersionsRequestData().setClientSoftwareName(name)
                .setClientSoftwareVersion(softwareVersion);
        return ((ApiVersionsResponse) wire.send(new ApiVersionsRequest.Builder(data, version, version), version)).data();
    }

    private static ApiVersionsResponseData send(WireClient wire, short version) {
        return ((ApiVersionsResponse) wire.send(new ApiVersionsRequest.Builder(), version)).data();
    }

    private static void assertWellFormed(ApiVersionsResponseData data, short version) {
        Set<Short> seen = new HashSet<>();
        List<String> twice = new ArrayList<>();
        List<String> inverted = new ArrayList<>();
        for (ApiVersionsResponseData.ApiVersion api : data.apiKeys()) {
            if (!seen.add(api.apiKey())) {
                twice.add(TargetFacts.apiName(api.apiKey()));
            }
            if (api.minVersion() > api.maxVersion()) {
                inverted.add(TargetFacts.apiName(api.apiKey()) + " v" + api.minVersion() + "-" + api.maxVersion());
            }
        }
        assertThat(twice).as("API keys listed more than once in ApiVersions v%d", version).isEmpty();
        assertThat(inverted).as("ranges with min above max in ApiVersions v%d", version).isEmpty();
        assertThat(data.apiKeys().find(ApiKeys.API_VERSIONS.id))
                .as("ApiVersions itself in the list answered to ApiVersions v%d", version).isNotNull();
    }
}
