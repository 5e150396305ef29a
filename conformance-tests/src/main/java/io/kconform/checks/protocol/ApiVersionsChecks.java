package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.target.TargetProbe;
import io.kconform.api.wire.WireClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/** ApiVersions: the one request every implementation must answer. */
class ApiVersionsChecks {

    @Check(id = "protocol.apiversions.answered",
            title = "ApiVersions v0 and the newest version are answered without error and advertise the core APIs",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"KIP-35", "KIP-511"},
            hint = "Every client sends ApiVersions first; check the request header parsing and that Produce,"
                    + " Fetch, Metadata and ApiVersions itself are listed with min <= max.")
    void answered(CheckContext ctx) {
        InetSocketAddress address = TargetProbe.parseBootstrap(ctx.target().bootstrapServers()).get(0);
        try (WireClient wire = WireClient.connect(address.getHostString(), address.getPort(),
                ctx.target().clientProperties(), Duration.ofSeconds(15))) {
            for (short version : new short[] {0, ApiKeys.API_VERSIONS.latestVersion()}) {
                ApiVersionsResponseData data = ((ApiVersionsResponse) wire.send(new ApiVersionsRequest.Builder(),
                        version)).data();
                ctx.evidence("ApiVersions v%d: error %s, %d API keys", version, Errors.forCode(data.errorCode()),
                        data.apiKeys().size());
                assertThat(Errors.forCode(data.errorCode())).as("ApiVersions v%d error", version).isEqualTo(Errors.NONE);
                for (ApiKeys core : new ApiKeys[] {ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.METADATA, ApiKeys.API_VERSIONS}) {
                    ApiVersionsResponseData.ApiVersion range = data.apiKeys().find(core.id);
                    assertThat(range).as("ApiVersions v%d lists %s", version, core.name).isNotNull();
                    assertThat(range.minVersion()).as("%s min <= max", core.name).isLessThanOrEqualTo(range.maxVersion());
                }
            }
        }
    }
}
