package io.kconform.harness.proxy;

import java.util.List;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/** Runs the proxy's mutations in order over one request or response. */
final class MutationChain {

    /**
     * What the chain as a whole decided for a request.
     *
     * @param request  what to forward (meaningful for forwarding only)
     * @param changed  whether {@code request} must be re-encoded rather than the original bytes sent
     * @param header   the header to encode it with, or null for the client's own
     * @param copies   how many times to send it (the answers to all but the first are discarded)
     * @param response the direct answer, when a mutation answered
     * @param dropped  whether a mutation dropped the request
     * @param closes   whether a mutation closes the client's connection on it
     */
    record Decision(AbstractRequest request, boolean changed, RequestHeader header, int copies,
                    AbstractResponse response, boolean dropped, boolean closes) {
        boolean forwards() {
            return response == null && !dropped && !closes;
        }
    }

    private final List<Mutation> mutations;

    MutationChain(List<? extends Mutation> mutations) {
        this.mutations = List.copyOf(mutations);
    }

    List<Mutation> mutations() {
        return mutations;
    }

    boolean interceptsRequest(ApiKeys apiKey) {
        return mutations.stream().anyMatch(m -> m.interceptsRequest(apiKey));
    }

    boolean interceptsResponse(ApiKeys apiKey) {
        return mutations.stream().anyMatch(m -> m.interceptsResponse(apiKey));
    }

    Decision onRequest(Exchange exchange, AbstractRequest request) {
        AbstractRequest current = request;
        RequestHeader header = null;
        boolean changed = false;
        int copies = 1;
        for (Mutation mutation : mutations) {
            if (!mutation.interceptsRequest(exchange.apiKey())) {
                continue;
            }
            RequestAction action = mutation.onRequest(exchange, current);
            switch (action.kind()) {
                case FORWARD -> { }
                case FORWARD_CHANGED -> {
                    current = action.request();
                    header = action.header() != null ? action.header() : header;
                    changed = true;
                }
                case FORWARD_TWICE -> copies = 2;
                case RESPOND -> {
                    return new Decision(current, changed, header, 0, action.response(), false, false);
                }
                case DROP -> {
                    return new Decision(current, changed, header, 0, null, true, false);
                }
                case CLOSE -> {
                    return new Decision(current, changed, header, 0, null, false, true);
                }
                default -> throw new IllegalStateException("unknown action " + action.kind());
            }
        }
        return new Decision(current, changed, header, copies, null, false, false);
    }

    int responseCorrelationId(Exchange exchange, int correlationId) {
        int current = correlationId;
        for (Mutation mutation : mutations) {
            current = mutation.responseCorrelationId(exchange, current);
        }
        return current;
    }

    RawAction onUndecodable(Undecodable input) {
        for (Mutation mutation : mutations) {
            RawAction action = mutation.onUndecodable(input);
            if (action.kind() != RawAction.Kind.PASS) {
                return action;
            }
        }
        return RawAction.pass();
    }

    boolean servesNewConnection() {
        return mutations.stream().allMatch(Mutation::servesNewConnection);
    }

    AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        AbstractResponse current = response;
        for (Mutation mutation : mutations) {
            if (mutation.interceptsResponse(exchange.apiKey())) {
                current = mutation.onResponse(exchange, current);
            }
        }
        return current;
    }
}
