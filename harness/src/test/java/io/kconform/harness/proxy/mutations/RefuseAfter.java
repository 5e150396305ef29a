package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;

/**
 * Serves the first {@code served} requests of one API and answers every later one with an error, without
 * forwarding it: a target that accepts a feature and then goes back on it mid-flow. With UNSUPPORTED_VERSION
 * the refusal looks clean, but it comes after the feature was served, so a check that marked the feature
 * accepted must FAIL rather than call it UNSUPPORTED. Requests are counted per client connection, so that
 * checks running side by side through one proxy each get their own first {@code served} requests (a
 * transactional producer sends its transaction requests on one connection, to its coordinator).
 */
public final class RefuseAfter extends NamedMutation {

    private final ApiKeys api;
    private final int served;
    private final Errors error;
    private final Map<Long, AtomicInteger> seen = new ConcurrentHashMap<>();

    public RefuseAfter(ApiKeys api, int served, Errors error) {
        super("RefuseAfter[" + api.name + "#" + served + "=" + error.name() + "]", "serves the first " + served + " "
                + api.name + " requests of each connection, then answers every one with " + error.name() + ": a feature taken back");
        if (served < 1 || error == Errors.NONE) {
            throw new IllegalArgumentException("at least one request served, and an error other than NONE");
        }
        this.api = api;
        this.served = served;
        this.error = error;
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == api;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        int count = seen.computeIfAbsent(exchange.connectionId(), id -> new AtomicInteger()).incrementAndGet();
        if (count <= served) {
            return RequestAction.forward();
        }
        return RequestAction.respond(request.getErrorResponse(0, error.exception()));
    }
}
