package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * Advertises one API with its min version one above its max, a range that holds no version: a
 * malformed ApiVersions answer, as Kroxylicious 0.12 gives for APIs whose versions it and the broker
 * do not share (ShareGroupHeartbeat v1-0). The API stays listed, so a reader that only looks at the
 * max version takes it for supported.
 */
public final class InvertApiRange extends NamedMutation {

    private final ApiKeys api;

    public InvertApiRange(ApiKeys api) {
        super("InvertApiRange[" + api.name + "]", "advertises " + api.name + " with min above max: no version at all");
        this.api = api;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.API_VERSIONS;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        ApiVersionsResponse versions = (ApiVersionsResponse) response;
        ApiVersion advertised = versions.data().apiKeys().find(api.id);
        if (advertised != null) {
            advertised.setMinVersion((short) (advertised.maxVersion() + 1));
        }
        return versions;
    }
}
