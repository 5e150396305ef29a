package io.kconform.harness.proxy.mutations;

import io.kconform.api.wire.ErrorFields;
import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Answers every request of one API with the broker's response in which every error code field, at the top level and
 * per group, topic, partition or member, carries one error: a target that advertises the API and answers that error
 * to whatever it is sent (a group heartbeat that always fails, a share fetch that never serves). The broker handled
 * each request as usual; only the codes the client sees change; other APIs are untouched.
 */
public final class ErrorForApi extends NamedMutation {

    private final ApiKeys api;
    private final Errors error;

    public ErrorForApi(ApiKeys api, Errors error) {
        super("ErrorForApi[" + api.name + "=" + error + "]", "every error code in the answers to " + api.name
                + " is " + error);
        this.api = api;
        this.error = error;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == api;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        return ErrorFields.withEvery(response, exchange.apiVersion(), error);
    }
}
