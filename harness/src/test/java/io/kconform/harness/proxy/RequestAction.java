package io.kconform.harness.proxy;

import java.util.Objects;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/** What a {@link Mutation} decided to do with a request. */
public final class RequestAction {

    enum Kind { FORWARD, FORWARD_CHANGED, FORWARD_TWICE, RESPOND, DROP, CLOSE }

    private static final RequestAction FORWARD = new RequestAction(Kind.FORWARD, null, null, null);
    private static final RequestAction FORWARD_TWICE = new RequestAction(Kind.FORWARD_TWICE, null, null, null);
    private static final RequestAction DROP = new RequestAction(Kind.DROP, null, null, null);
    private static final RequestAction CLOSE = new RequestAction(Kind.CLOSE, null, null, null);

    private final Kind kind;
    private final AbstractRequest request;
    private final RequestHeader header;
    private final AbstractResponse response;

    private RequestAction(Kind kind, AbstractRequest request, RequestHeader header, AbstractResponse response) {
        this.kind = kind;
        this.request = request;
        this.header = header;
        this.response = response;
    }

    /** Pass the request on as it is; the next mutation sees it. */
    public static RequestAction forward() {
        return FORWARD;
    }

    /**
     * Pass on this request instead, which the proxy re-encodes; use it also after changing the
     * request in place, so that the change is not lost. It must have the original's API and version.
     */
    public static RequestAction forward(AbstractRequest changed) {
        return new RequestAction(Kind.FORWARD_CHANGED, Objects.requireNonNull(changed, "changed"), null, null);
    }

    /**
     * Pass on this request under another header, which the proxy encodes instead of the client's: the
     * same API, version and correlation id (the answer is matched to the request by it), other fields
     * (the client id) as the mutation wants them.
     */
    public static RequestAction forward(AbstractRequest changed, RequestHeader header) {
        return new RequestAction(Kind.FORWARD_CHANGED, Objects.requireNonNull(changed, "changed"),
                Objects.requireNonNull(header, "header"), null);
    }

    /**
     * Pass the request on, then send the same bytes once more, as a network-level retry would; the
     * client sees the answer to the first copy only.
     */
    public static RequestAction forwardTwice() {
        return FORWARD_TWICE;
    }

    /**
     * Do not forward; answer the client with this response (of the request's API; the proxy encodes
     * it at the request's version). Ends the chain. A Produce request with acks=0 gets no answer.
     */
    public static RequestAction respond(AbstractResponse response) {
        return new RequestAction(Kind.RESPOND, null, null, Objects.requireNonNull(response, "response"));
    }

    /**
     * Neither forward nor answer. Because Kafka answers requests on a connection in order, every
     * later response on that connection is held back too, as on a broker that hung; the client
     * gives up after its request timeout. Ends the chain.
     */
    public static RequestAction drop() {
        return DROP;
    }

    /**
     * Neither forward nor answer: close the client's connection, as a server does on a request it cannot
     * parse. Answers still owed for earlier requests on the connection are lost with it. Ends the chain.
     */
    public static RequestAction close() {
        return CLOSE;
    }

    Kind kind() {
        return kind;
    }

    AbstractRequest request() {
        return request;
    }

    /** The header to forward under, or null for the client's own. */
    RequestHeader header() {
        return header;
    }

    AbstractResponse response() {
        return response;
    }
}
