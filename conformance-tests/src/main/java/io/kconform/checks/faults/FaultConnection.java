package io.kconform.checks.faults;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * One client connection through the {@link FaultProxy} and its own connection to the upstream broker: a thread
 * forwards requests as they come, another returns responses in the order the broker sends them (Kafka answers a
 * connection's requests in order), matched to their requests by correlation id. Both threads are daemons and end
 * when either side closes or {@link #close()} is called.
 */
final class FaultConnection {

    private static final int BUFFER = 64 * 1024;

    /** What the connection needs from its proxy; the proxy's state stays the proxy's. */
    interface Owner {
        /** A connection to the upstream broker, plain or TLS as the target's clients speak. */
        Socket connect(Endpoint upstream) throws IOException;

        /** The number of this request among the proxy's requests of {@code api}, from 1. */
        int count(ApiKeys api);

        boolean loses(ApiKeys api, int nth);

        Duration responseDelay();

        Addresses addresses();

        void lost(LostResponse lost);

        void problem(String what);

        void closed(FaultConnection connection);
    }

    /** A request forwarded and not yet answered. */
    private record Pending(int correlationId, ApiKeys api, short version, int nth, boolean lose) {
    }

    private final long id;
    private final Socket client;
    private final Endpoint upstreamAddress;
    private volatile Socket upstream;
    private final Owner owner;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread requests;
    private volatile Thread responses;

    FaultConnection(long id, Socket client, Endpoint upstreamAddress, Owner owner) {
        this.id = id;
        this.client = client;
        this.upstreamAddress = upstreamAddress;
        this.owner = owner;
        this.requests = daemon(this::forwardRequests, "requests");
    }

    long id() {
        return id;
    }

    void start() {
        requests.start();
    }

    private Thread daemon(Runnable body, String what) {
        Thread thread = new Thread(body, "kconform-fault-proxy-" + client.getLocalPort() + "-" + id + "-" + what);
        thread.setDaemon(true);
        return thread;
    }

    private void forwardRequests() {
        try {
            try {
                upstream = owner.connect(upstreamAddress);
            } catch (IOException e) {
                // the client sees its connection closed, as if the broker were down; said for the evidence
                owner.problem("connection " + id + ": no connection to " + upstreamAddress + ": " + e);
                return;
            }
            if (closed.get()) {
                closeQuietly(upstream); // closed while connecting
                return;
            }
            client.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream(), BUFFER));
            OutputStream out = new BufferedOutputStream(upstream.getOutputStream(), BUFFER);
            DataInputStream fromUpstream = new DataInputStream(new BufferedInputStream(upstream.getInputStream(),
                    BUFFER));
            OutputStream toClient = new BufferedOutputStream(client.getOutputStream(), BUFFER);
            responses = daemon(() -> returnResponses(fromUpstream, toClient), "responses");
            responses.start();
            ByteBuffer frame;
            while ((frame = Frames.read(in)) != null) {
                Frames.RequestStart start = Frames.RequestStart.of(frame);
                if (start == null) {
                    owner.problem("connection " + id + ": a request of " + frame.remaining()
                            + " bytes has no header; the connection is closed");
                    break;
                }
                int nth = start.api() == null ? 0 : owner.count(start.api());
                boolean lose = start.api() != null && owner.loses(start.api(), nth);
                // queued before it is sent, so that its response always finds it
                pending.add(new Pending(start.correlationId(), start.api(), start.version(), nth, lose));
                Frames.write(out, frame);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed, or the proxy cut the connection: both end the same way
        } finally {
            close();
        }
    }

    private void returnResponses(DataInputStream in, OutputStream out) {
        try {
            ByteBuffer frame;
            while ((frame = Frames.read(in)) != null) {
                int correlationId = Frames.correlationId(frame);
                Pending request;
                // requests that get no answer (Produce with acks=0) are passed over when a later one is answered
                while ((request = pending.poll()) != null && request.correlationId() != correlationId) {
                    // nothing to do for it
                }
                if (request == null) {
                    owner.problem("connection " + id + ": the broker answered correlation id " + correlationId
                            + ", which no request is waiting for; the connection is closed");
                    return;
                }
                if (request.lose()) {
                    owner.lost(new LostResponse(id, request.api(), request.nth(), correlationId,
                            Frames.summary(request.api(), request.version(), frame)));
                    return; // the finally block cuts both sides
                }
                hold(owner.responseDelay());
                Frames.write(out, rewritten(request, frame));
                out.flush();
            }
        } catch (IOException e) {
            // a side closed, or the proxy cut the connection
        } finally {
            close();
        }
    }

    private ByteBuffer rewritten(Pending request, ByteBuffer frame) {
        if (request.api() == null) {
            return frame;
        }
        try {
            return owner.addresses().rewrite(request.api(), request.version(), frame);
        } catch (RuntimeException | LinkageError e) {
            owner.problem("connection " + id + ": " + request.api().name + " v" + request.version()
                    + " response passed on untouched: " + e);
            return frame;
        }
    }

    private void hold(Duration delay) throws IOException {
        long deadline = System.nanoTime() + delay.toNanos();
        while (!closed.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while holding a response", e);
            }
        }
    }

    /** Closes both sides at once; the client sees its connection end with every request still in flight. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(client);
        Socket connected = upstream;
        if (connected != null) {
            closeQuietly(connected);
        }
        owner.closed(this);
    }

    void join(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        if (requests.isAlive()) {
            requests.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        Thread other = responses;
        if (other != null && other.isAlive()) {
            other.join(Math.max(1, deadline - System.currentTimeMillis()));
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
