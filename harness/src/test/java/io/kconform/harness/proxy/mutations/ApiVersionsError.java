package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * Answers every ApiVersions request with an error code and no APIs. Java clients disconnect on any
 * error but UNSUPPORTED_VERSION and try again, so they never get a usable connection.
 */
public final class ApiVersionsError extends NamedMutation {

    private final Errors error;

    public ApiVersionsError(Errors error) {
        super("ApiVersionsError[" + error.name() + "]",
                "answers ApiVersions with " + error.name() + ", so no client can negotiate versions");
        if (error == Errors.NONE) {
            throw new IllegalArgumentException("an error is needed, not NONE");
        }
        this.error = error;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.API_VERSIONS;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        ApiVersionsResponse versions = (ApiVersionsResponse) response;
        versions.data().setErrorCode(error.code()).setApiKeys(new ApiVersionCollection());
        return versions;
    }
}
