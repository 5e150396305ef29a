package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ApiVersionsRequest;

/**
 * Accepts any client software name in ApiVersions, as an implementation that skips KIP-511's
 * validation would: an invalid name or version is replaced by a valid one before the broker sees it,
 * so the broker answers without INVALID_REQUEST.
 */
public final class AcceptAnyClientSoftwareName extends NamedMutation {

    public AcceptAnyClientSoftwareName() {
        super("AcceptAnyClientSoftwareName", "ApiVersions accepts invalid client software names (no KIP-511 validation)");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.API_VERSIONS;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        ApiVersionsRequest versions = (ApiVersionsRequest) request;
        if (versions.version() < 3 || versions.isValid()) {
            return RequestAction.forward();
        }
        versions.data().setClientSoftwareName("unchecked").setClientSoftwareVersion("0");
        return RequestAction.forward(versions);
    }
}
