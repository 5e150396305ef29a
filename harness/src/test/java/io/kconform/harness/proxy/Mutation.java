package io.kconform.harness.proxy;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * One deliberate fault that {@link KafkaMutatingProxy} applies to the traffic between clients and
 * the broker.
 *
 * <p>The proxy decodes a request only when some mutation {@linkplain #interceptsRequest intercepts}
 * its API key, and a response only when some mutation {@linkplain #interceptsResponse intercepts}
 * it (or the proxy itself must rewrite broker addresses in it); everything else passes as raw
 * bytes. Requests at a version this proxy's kafka-clients does not know, and input it cannot decode
 * at all, are never shown to {@link #onRequest}; they go to {@link #onUndecodable} instead.
 *
 * <p>Mutations run in the order given to the proxy, requests and responses alike. A request hook
 * may change the request in place and return {@link RequestAction#forward(AbstractRequest)}, or
 * end the chain by answering or dropping it. Hooks are called from one thread per connection and
 * direction, so a mutation that keeps state across connections must make it thread-safe.
 */
public interface Mutation {

    /** A short stable name for test output, e.g. {@code StripApis[InitProducerId]}. */
    String name();

    /** One line saying what this breaks, e.g. "acknowledged writes are lost". */
    String description();

    /** Whether {@link #onRequest} wants to see requests of this API. */
    default boolean interceptsRequest(ApiKeys apiKey) {
        return false;
    }

    /** Whether {@link #onResponse} wants to see responses of this API. */
    default boolean interceptsResponse(ApiKeys apiKey) {
        return false;
    }

    /**
     * Decides what happens to one request the client sent.
     *
     * @param exchange the request's header and connection, and a place to keep state for the response
     * @param request  the decoded request, possibly already changed by earlier mutations
     */
    default RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        return RequestAction.forward();
    }

    /**
     * Changes one response the broker sent before the client sees it; called only for forwarded
     * requests, never for requests a mutation answered itself.
     *
     * @return the response to pass on: {@code response} changed in place, or a replacement
     */
    default AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        return response;
    }

    /**
     * The correlation id the client sees on the broker's answer to this exchange; a mutation that
     * answers with a wrong one returns another. Called for every forwarded request whose header the
     * proxy could read, whether or not the mutation intercepts its API.
     */
    default int responseCorrelationId(Exchange exchange, int correlationId) {
        return correlationId;
    }

    /**
     * Decides what happens to client input the proxy cannot decode: a broken frame, an unknown API key
     * or version, a header that does not parse, or the body of an intercepted API that does not. Mutations
     * are asked in order until one returns something other than {@link RawAction#pass()}. A mutation that
     * handles it takes responsibility: the proxy then records no problem for it.
     */
    default RawAction onUndecodable(Undecodable input) {
        return RawAction.pass();
    }

    /** Whether the proxy serves a new client connection; if any mutation says no, it is closed at once. */
    default boolean servesNewConnection() {
        return true;
    }

    /**
     * Called once as the proxy starts, with what a mutation may do to the proxy as a whole: crash it, as a
     * server process dies.
     */
    default void attach(ProxyControl proxy) {
    }
}
