package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Sends every Produce request to the broker twice and hides the second answer, like a network that
 * retries behind the client's back. An idempotent broker stores each batch once; a broker that does
 * not de-duplicate stores it twice.
 */
public final class DuplicateProduce extends NamedMutation {

    public DuplicateProduce() {
        super("DuplicateProduce", "delivers every Produce request twice, as a network-level retry would");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.PRODUCE;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        return RequestAction.forwardTwice();
    }
}
