package io.kconform.harness.proxy.mutations;

import io.kconform.api.wire.ErrorFields;
import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Answers the requests of one client id with the broker's response in which every error code field,
 * at the top level and per group, topic, partition or resource, carries one error: a target that
 * answers that error to everything it is sent. The broker handled each request as usual; only the
 * codes the client sees change. Scoped to one client id so that the probe and every other check
 * still get the broker's own answers.
 */
public final class ErrorForClient extends NamedMutation {

    private final String clientId;
    private final Errors error;

    public ErrorForClient(String clientId, Errors error) {
        super("ErrorForClient[" + clientId + "=" + error + "]", "every error code in the answers to client "
                + clientId + " is " + error);
        this.clientId = clientId;
        this.error = error;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        // the client id is known only per exchange: every answer is decoded, and only that client's changed
        return true;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        if (!clientId.equals(exchange.header().clientId())) {
            return response;
        }
        return ErrorFields.withEvery(response, exchange.apiVersion(), error);
    }
}
