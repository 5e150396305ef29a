package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * Leaves APIs out of ApiVersions responses, as an endpoint that does not implement them would. The
 * broker still serves them if a client sends them anyway; Java clients never do.
 */
public final class StripApis extends NamedMutation {

    private final Set<ApiKeys> stripped;

    public StripApis(ApiKeys... apis) {
        super("StripApis" + names(apis), "does not advertise " + names(apis) + ", so clients treat them as unsupported");
        if (apis.length == 0) {
            throw new IllegalArgumentException("name at least one API to strip");
        }
        this.stripped = EnumSet.copyOf(List.of(apis));
    }

    private static String names(ApiKeys... apis) {
        return List.of(apis).stream().map(k -> k.name).collect(Collectors.joining(",", "[", "]"));
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.API_VERSIONS;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        ApiVersionsResponse versions = (ApiVersionsResponse) response;
        for (ApiKeys api : stripped) {
            ApiVersion advertised = versions.data().apiKeys().find(api.id);
            if (advertised != null) {
                versions.data().apiKeys().remove(advertised);
            }
        }
        return versions;
    }
}
