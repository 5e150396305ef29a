package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * Lowers the highest version advertised for one API, as an endpoint that implements only older
 * versions would; if the cap is below the lowest version the broker supports, the API is not
 * advertised at all.
 */
public final class CapApiVersion extends NamedMutation {

    private final ApiKeys api;
    private final short max;

    public CapApiVersion(ApiKeys api, short max) {
        super("CapApiVersion[" + api.name + "<=" + max + "]",
                "advertises " + api.name + " up to v" + max + " only, so features of later versions are missing");
        this.api = api;
        this.max = max;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.API_VERSIONS;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        ApiVersionsResponse versions = (ApiVersionsResponse) response;
        ApiVersion advertised = versions.data().apiKeys().find(api.id);
        if (advertised == null) {
            return versions;
        }
        if (advertised.minVersion() > max) {
            versions.data().apiKeys().remove(advertised);
        } else if (advertised.maxVersion() > max) {
            advertised.setMaxVersion(max);
        }
        return versions;
    }
}
