package io.kconform.harness.proxy;

import io.kconform.harness.proxy.ResponseSequencer.Slot;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.requests.ResponseHeader;

/**
 * One client connection and its own connection to the upstream broker, with a thread per
 * direction. Frames no mutation asks for go through as the bytes they came as.
 */
final class ProxiedConnection implements Closeable {

    private static final int CONNECT_TIMEOUT_MS = 5_000;

    /** No check waits this long for an answer; a hung connection is released after it at the latest. */
    private static final long HANG_LIMIT_MS = 120_000;

    /**
     * A response the broker owes us, in the order it will come: Kafka answers a connection's
     * requests one at a time, in order.
     *
     * @param slot     where the client expects it, or {@code null} if it is to be discarded
     * @param exchange the decoded request header, or {@code null} for a frame we pass on blind
     */
    private record Due(int correlationId, Slot slot, Exchange exchange) {
    }

    private final long id;
    private final Socket client;
    private final Socket upstream = new Socket();
    private final HostPort upstreamAddress;
    private final ProxyContext context;
    private final Consumer<ProxiedConnection> onClose;
    private final Queue<Due> due = new ConcurrentLinkedQueue<>();
    private final Thread requests;
    private final Thread responses;
    private ResponseSequencer sequencer;
    private OutputStream toUpstream;
    private final AtomicBoolean closed = new AtomicBoolean();

    ProxiedConnection(long id, Socket client, HostPort upstreamAddress, ProxyContext context,
                      Consumer<ProxiedConnection> onClose) {
        this.id = id;
        this.client = client;
        this.upstreamAddress = upstreamAddress;
        this.context = context;
        this.onClose = onClose;
        this.requests = new Thread(this::pumpRequests, "kconform-proxy-conn" + id + "-requests");
        this.responses = new Thread(this::pumpResponses, "kconform-proxy-conn" + id + "-responses");
        requests.setDaemon(true);
        responses.setDaemon(true);
    }

    void start() {
        requests.start();
    }

    private void pumpRequests() {
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(upstreamAddress.host(), upstreamAddress.port()), CONNECT_TIMEOUT_MS);
            sequencer = new ResponseSequencer(new BufferedOutputStream(client.getOutputStream()));
            toUpstream = new BufferedOutputStream(upstream.getOutputStream());
            responses.start();
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
            ByteBuffer frame;
            boolean reading = true;
            while (reading && (frame = Frames.read(in)) != null) {
                reading = onRequest(frame);
            }
        } catch (Frames.BrokenFrame e) {
            RawAction action = context.chain().onUndecodable(new Undecodable(id, e.reason(), Optional.empty(),
                    e.getMessage()));
            if (action.kind() == RawAction.Kind.HANG) {
                hang();
            }
            // otherwise the connection closes, as it always did on a broken stream
        } catch (IOException e) {
            // the client or the broker went away, or the proxy is closing
        } catch (RuntimeException e) {
            context.problems().report("connection " + id + " closed on a request", e);
        } finally {
            close();
        }
    }

    /**
     * Holds the connection open without reading or answering, as a server stuck on bad input would,
     * until the proxy closes (or, as a last bound, {@link #HANG_LIMIT_MS} pass).
     */
    private void hang() {
        long deadline = System.currentTimeMillis() + HANG_LIMIT_MS;
        while (!closed.get() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void pumpResponses() {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(upstream.getInputStream()));
            ByteBuffer frame;
            while ((frame = Frames.read(in)) != null) {
                onResponse(frame);
            }
        } catch (IOException e) {
            // the client or the broker went away, or the proxy is closing
        } catch (RuntimeException e) {
            context.problems().report("connection " + id + " closed on a response", e);
        } finally {
            close();
        }
    }

    /**
     * What to do with one request, decided before any IO so that a failure to decode or mutate
     * can fall back to passing the frame on untouched.
     *
     * @param forward  the bytes to send upstream, or {@code null} if nothing is sent
     * @param answer   the encoded direct answer, or {@code null}
     * @param answered whether the client expects an answer at all (not for Produce with acks=0)
     * @param exchange the decoded request, or {@code null} for a frame passed on blind
     * @param closes   whether to close the client's connection instead
     */
    private record Plan(ByteBuffer forward, int copies, int correlationId, Exchange exchange, boolean answered,
                        ByteBuffer answer, boolean closes) {
        static Plan blind(ByteBuffer frame) {
            return new Plan(frame, 1, frame.getInt(4), null, true, null, false);
        }
    }

    /** Handles one request frame; returns whether to go on reading from the client. */
    private boolean onRequest(ByteBuffer frame) throws IOException {
        if (frame.remaining() < Versions.FIXED_HEADER_BYTES) {
            String detail = "a request of " + frame.remaining() + " bytes on connection " + id + " has no header";
            RawAction action = context.chain().onUndecodable(new Undecodable(id, Undecodable.Reason.BAD_HEADER,
                    Optional.of(frame), detail));
            if (action.kind() == RawAction.Kind.PASS) {
                throw new IOException(detail);
            }
            return act(action);
        }
        Plan plan;
        try {
            if (Versions.understands(frame)) {
                plan = plan(frame);
            } else {
                // A newer client than our kafka-clients, or an unknown API: nothing can be decoded or mutated.
                Undecodable.Reason reason = ApiKeys.hasId(frame.getShort(frame.position()))
                        ? Undecodable.Reason.UNKNOWN_VERSION : Undecodable.Reason.UNKNOWN_API_KEY;
                RawAction action = context.chain().onUndecodable(new Undecodable(id, reason, Optional.of(frame),
                        "request " + Versions.describe(frame)));
                if (action.kind() != RawAction.Kind.PASS) {
                    return act(action);
                }
                plan = Plan.blind(frame);
            }
        } catch (DecodeFailure e) {
            RawAction action = context.chain().onUndecodable(new Undecodable(id, e.reason, Optional.of(frame),
                    "request " + Versions.describe(frame) + ": " + e.getCause()));
            if (action.kind() != RawAction.Kind.PASS) {
                return act(action);
            }
            context.problems().report("request " + Versions.describe(frame) + " on connection " + id
                    + ", passed on untouched", e.getCause());
            plan = Plan.blind(frame);
        } catch (RuntimeException e) {
            context.problems().report("request " + Versions.describe(frame) + " on connection " + id
                    + ", passed on untouched", e);
            plan = Plan.blind(frame);
        }
        if (plan.closes()) {
            return false;
        }
        Slot slot = plan.answered() ? sequencer.reserve() : null;
        if (plan.answer() != null) {
            if (slot != null) {
                sequencer.complete(slot, plan.answer());
            }
        } else if (plan.forward() != null) {
            forward(plan.forward(), plan.correlationId(), slot, plan.exchange(), plan.copies());
        }
        // a dropped request keeps its slot unfilled: later answers wait behind it, as on a hung broker
        return true;
    }

    /** Carries out a mutation's decision on undecodable input; returns whether to go on reading. */
    private boolean act(RawAction action) throws IOException {
        switch (action.kind()) {
            case ANSWER -> {
                sequencer.complete(sequencer.reserve(), action.answer());
                return true;
            }
            case HANG -> {
                hang();
                return false;
            }
            case CLOSE -> {
                return false;
            }
            default -> throw new IllegalStateException("not an action: " + action.kind());
        }
    }

    /** The proxy's kafka-clients could not decode a request's header or body. */
    private static final class DecodeFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Undecodable.Reason reason;

        DecodeFailure(Undecodable.Reason reason, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.reason = reason;
        }
    }

    private Plan plan(ByteBuffer frame) {
        ByteBuffer body = frame.duplicate();
        RequestHeader header;
        try {
            header = RequestHeader.parse(body);
        } catch (RuntimeException e) {
            throw new DecodeFailure(Undecodable.Reason.BAD_HEADER, e);
        }
        Exchange exchange = new Exchange(id, header, context.topicNames());
        boolean intercepted = context.chain().interceptsRequest(header.apiKey());
        // Produce is always decoded, to know whether acks=0 means no answer will come.
        AbstractRequest request;
        try {
            request = intercepted || header.apiKey() == ApiKeys.PRODUCE
                    ? AbstractRequest.parseRequest(header.apiKey(), header.apiVersion(), new ByteBufferAccessor(body))
                    .request
                    : null;
        } catch (RuntimeException e) {
            throw new DecodeFailure(Undecodable.Reason.BAD_BODY, e);
        }
        exchange.request(request);
        boolean answered = !(request instanceof ProduceRequest produce && produce.acks() == 0);
        if (!intercepted) {
            return new Plan(frame, 1, header.correlationId(), exchange, answered, null, false);
        }
        MutationChain.Decision decision = context.chain().onRequest(exchange, request);
        exchange.request(decision.request());
        if (decision.response() != null) {
            return new Plan(null, 0, header.correlationId(), exchange, answered, encode(header, decision.response()),
                    false);
        }
        if (decision.dropped() || decision.closes()) {
            return new Plan(null, 0, header.correlationId(), exchange, answered, null, decision.closes());
        }
        ByteBuffer payload = decision.changed() ? decision.request().serializeWithHeader(
                decision.header() != null ? decision.header() : header) : frame;
        return new Plan(payload, decision.copies(), header.correlationId(), exchange, answered, null, false);
    }

    private void forward(ByteBuffer payload, int correlationId, Slot slot, Exchange exchange, int copies)
            throws IOException {
        if (slot != null) {
            due.add(new Due(correlationId, slot, exchange));
            for (int i = 1; i < copies; i++) {
                due.add(new Due(correlationId, null, exchange));
            }
        }
        for (int i = 0; i < copies; i++) {
            Frames.write(toUpstream, payload);
        }
        toUpstream.flush();
    }

    private void onResponse(ByteBuffer frame) throws IOException {
        int correlationId = frame.getInt(0);
        Due next;
        // Requests skipped here got no answer although we could not tell in advance (acks=0 at an unknown version).
        while ((next = due.poll()) != null && next.correlationId() != correlationId) {
            if (next.slot() != null) {
                sequencer.cancel(next.slot());
            }
        }
        if (next == null) {
            throw new IOException("the broker answered correlation id " + correlationId
                    + ", which no request on connection " + id + " is waiting for");
        }
        if (next.slot() != null) {
            sequencer.complete(next.slot(), next.exchange() == null ? frame : relabel(mutate(frame, next.exchange()),
                    next.exchange()));
        }
    }

    /** The frame with the correlation id the mutations want the client to see, a copy where it differs. */
    private ByteBuffer relabel(ByteBuffer frame, Exchange exchange) {
        int correlationId = frame.getInt(frame.position());
        int wanted = context.chain().responseCorrelationId(exchange, correlationId);
        if (wanted == correlationId) {
            return frame;
        }
        ByteBuffer copy = ByteBuffer.allocate(frame.remaining());
        copy.put(frame.duplicate()).flip();
        copy.putInt(0, wanted);
        return copy;
    }

    private ByteBuffer mutate(ByteBuffer frame, Exchange exchange) {
        ApiKeys apiKey = exchange.apiKey();
        boolean intercepted = context.chain().interceptsResponse(apiKey);
        if (!intercepted && !context.rewriter().rewrites(apiKey)) {
            return frame;
        }
        short version = exchange.apiVersion();
        try {
            ByteBuffer body = frame.duplicate();
            ResponseHeader header = ResponseHeader.parse(body, apiKey.responseHeaderVersion(version));
            AbstractResponse response = AbstractResponse.parseResponse(apiKey, new ByteBufferAccessor(body), version);
            if (response instanceof MetadataResponse metadata) {
                context.topicNames().learn(metadata);
            }
            if (intercepted) {
                response = context.chain().onResponse(exchange, response);
            }
            boolean rewritten = context.rewriter().rewrite(response);
            return intercepted || rewritten
                    ? RequestUtils.serialize(header.data(), header.headerVersion(), response.data(), version)
                    : frame;
        } catch (RuntimeException e) {
            context.problems().report("response to " + exchange + ", passed on untouched", e);
            return frame;
        }
    }

    private static ByteBuffer encode(RequestHeader request, AbstractResponse response) {
        ResponseHeader header = request.toResponseHeader();
        return RequestUtils.serialize(header.data(), header.headerVersion(), response.data(), request.apiVersion());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(client);
        closeQuietly(upstream);
        onClose.accept(this);
    }

    void join(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        requests.join(Math.max(1, deadline - System.currentTimeMillis()));
        if (responses.isAlive()) {
            responses.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
