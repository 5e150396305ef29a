package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Sends the requests of one API to the broker under a client id of its own, as a gateway that forwards
 * them on its own connections does. Everything keyed by the client's id then misses those requests:
 * a client quota set for the client's id is stored and described, and never applied to its produce
 * traffic. Nothing else of the request or its answer changes.
 */
public final class RewriteClientId extends NamedMutation {

    /** The client id every rewritten request carries. */
    public static final String GATEWAY_CLIENT_ID = "kconform-gateway";

    private final ApiKeys api;

    public RewriteClientId(ApiKeys api) {
        super("RewriteClientId[" + api.name + "]", "sends " + api.name + " requests under the client id "
                + GATEWAY_CLIENT_ID + ": what is keyed by the client's own id (quotas) never applies to them");
        this.api = api;
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == api;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        RequestHeader header = exchange.header();
        return RequestAction.forward(request, new RequestHeader(header.data().duplicate()
                .setClientId(GATEWAY_CLIENT_ID), header.headerVersion()));
    }
}
