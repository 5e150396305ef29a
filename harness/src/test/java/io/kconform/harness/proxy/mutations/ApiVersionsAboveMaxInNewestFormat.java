package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.RawAction;
import io.kconform.harness.proxy.Undecodable;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * Refuses ApiVersions at a version newer than the proxy knows with UNSUPPORTED_VERSION, but encodes the
 * refusal in the newest body format it knows (flexible, with tagged fields) instead of v0: a client that
 * reads the refusal at v0, as KIP-511 specifies, cannot.
 */
public final class ApiVersionsAboveMaxInNewestFormat extends NamedMutation {

    public ApiVersionsAboveMaxInNewestFormat() {
        super("ApiVersionsAboveMaxInNewestFormat", "ApiVersions above the maximum is refused in the newest body format,"
                + " not v0");
    }

    @Override
    public RawAction onUndecodable(Undecodable input) {
        if (input.reason() != Undecodable.Reason.UNKNOWN_VERSION
                || input.apiKey().filter(k -> k == ApiKeys.API_VERSIONS.id).isEmpty()) {
            return RawAction.pass();
        }
        short newest = ApiKeys.API_VERSIONS.latestVersion();
        ApiVersionsResponseData body = new ApiVersionsResponseData().setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        body.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.API_VERSIONS.id)
                .setMinVersion(ApiKeys.API_VERSIONS.oldestVersion()).setMaxVersion(newest));
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(input.correlationId().orElseThrow());
        // ApiVersions responses always have a v0 header; only the body's version is wrong
        return RawAction.answer(RequestUtils.serialize(header, (short) 0, body, newest));
    }
}
