package io.kconform.harness.hostile;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * A TCP server on 127.0.0.1 (an ephemeral port) that answers as an endpoint that is not Kafka, or not quite:
 * one {@link Behaviour} for every connection, or a seeded random mode that picks a behaviour per request and
 * answers ApiVersions correctly for a while (a real ApiVersions answer, made with kafka-clients' message
 * classes) so that a run gets past its probe and meets the misbehaviour in its checks. The seed fixes the
 * sequence of choices; which request meets which choice follows the order requests arrive in, which checks
 * running in parallel vary, so a seed's run is alike from one time to the next, not identical. A target under
 * test in the project's own tests, never a battery's broker.
 *
 * <p>Each connection is served on a thread of its own; {@link #close()} closes the listener and every
 * connection and stops every thread.
 */
public final class HostileServer implements AutoCloseable {

    /** What the server does with a connection. */
    public enum Behaviour {
        /** Answers every request with {@code \0\0\0\x08GARBAGE!}. */
        GARBAGE,
        /** Answers as an HTTP server does, then closes. */
        HTTP,
        /** Accepts and never sends a byte. */
        SILENT,
        /** Closes every connection right after accepting it. */
        CLOSE_ON_ACCEPT,
        /** Answers with a TLS alert record, as a Kafka TLS listener does to a plain client. */
        TLS_LISTENER,
        /** Announces a 64-byte answer, sends 6 bytes of it and closes. */
        TRUNCATED,
        /** Announces an answer of 2147483647 bytes. */
        OVERSIZED,
        /** Answers ApiVersions correctly, but with another correlation id. */
        WRONG_CORRELATION_ID,
        /** Sends a garbage answer one byte every 1.5 s. */
        DRIP,
        /**
         * Answers ApiVersions correctly and closes the connection on anything else: a plain listener that
         * speaks just enough Kafka (and drops a TLS client's hello as an oversized frame).
         */
        APIVERSIONS_ONLY,
        /** Picks per request, from a seed. */
        RANDOM
    }

    /** The behaviours random mode picks among for a request it does not answer correctly. */
    static final List<Behaviour> MISBEHAVIOURS = List.of(Behaviour.GARBAGE, Behaviour.HTTP, Behaviour.SILENT,
            Behaviour.CLOSE_ON_ACCEPT, Behaviour.TLS_LISTENER, Behaviour.TRUNCATED, Behaviour.OVERSIZED,
            Behaviour.WRONG_CORRELATION_ID, Behaviour.DRIP);

    private static final byte[] GARBAGE = "\0\0\0\u0008GARBAGE!".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HTTP_ANSWER = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 11\r\nConnection: close\r\n\r\nBad Request").getBytes(StandardCharsets.ISO_8859_1);
    /** A fatal alert (unexpected_message) in a TLS 1.2 record: what a TLS listener sends to a plain client. */
    private static final byte[] TLS_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a};
    /** Larger than any request a client sends first: a TLS hello read as a size prefix, for one. */
    private static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;
    private static final long DRIP_INTERVAL_MS = 1500;

    private final ServerSocket listener;
    private final Behaviour behaviour;
    private final SplittableRandom random;
    private final int correctApiVersions;
    private final boolean apiVersionsAlwaysCorrect;
    private final AtomicInteger apiVersionsAnswered = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "hostile-server");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedQueue<Socket> connections = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private HostileServer(Behaviour behaviour, long seed) throws IOException {
        this.behaviour = behaviour;
        this.random = new SplittableRandom(seed);
        // Random mode: half the seeds answer ApiVersions correctly throughout (the run gets into its checks and
        // meets the misbehaviour on other requests); the rest answer the first 0 to 4 correctly, then not.
        this.apiVersionsAlwaysCorrect = random.nextBoolean();
        this.correctApiVersions = random.nextInt(5);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** A server doing {@code behaviour} with every connection. */
    public static HostileServer start(Behaviour behaviour) throws IOException {
        if (behaviour == Behaviour.RANDOM) {
            throw new IllegalArgumentException("random mode needs a seed: startRandom(seed)");
        }
        return new HostileServer(behaviour, 0);
    }

    /** A server in random mode: the seed decides every choice. */
    public static HostileServer startRandom(long seed) throws IOException {
        return new HostileServer(Behaviour.RANDOM, seed);
    }

    /** {@code 127.0.0.1:port}. */
    public String bootstrap() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** In random mode, what the seed chose, for a test's message. */
    public String describeSeed() {
        return apiVersionsAlwaysCorrect ? "ApiVersions always answered correctly, other requests at random"
                : "the first " + correctApiVersions + " ApiVersions answered correctly, then every request at random";
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                connections.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return; // the listener was closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            if (behaviour == Behaviour.CLOSE_ON_ACCEPT) {
                return;
            }
            if (behaviour == Behaviour.SILENT) {
                silence(socket);
                return;
            }
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                int size = in.readInt();
                if (size < 8 || size > MAX_REQUEST_BYTES) {
                    return; // not a Kafka request (a TLS hello, say): dropped as a Kafka listener drops it
                }
                byte[] request = new byte[size];
                in.readFully(request);
                ByteBuffer header = ByteBuffer.wrap(request);
                short apiKey = header.getShort(0);
                short apiVersion = header.getShort(2);
                int correlationId = header.getInt(4);
                if (!answer(choose(apiKey), socket, out, apiKey, apiVersion, correlationId)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, or the server is closing: nothing to report
        }
    }

    /** What to do with this request: the fixed behaviour, or random mode's pick. */
    private Behaviour choose(short apiKey) {
        if (behaviour != Behaviour.RANDOM) {
            return behaviour;
        }
        boolean apiVersions = apiKey == ApiKeys.API_VERSIONS.id;
        synchronized (random) {
            if (apiVersions && (apiVersionsAlwaysCorrect
                    || apiVersionsAnswered.getAndIncrement() < correctApiVersions)) {
                return Behaviour.APIVERSIONS_ONLY;
            }
            return MISBEHAVIOURS.get(random.nextInt(MISBEHAVIOURS.size()));
        }
    }

    /** Does {@code chosen} with one request; whether the connection stays open for the next. */
    private boolean answer(Behaviour chosen, Socket socket, OutputStream out, short apiKey, short apiVersion,
                           int correlationId) throws IOException {
        switch (chosen) {
            case GARBAGE -> out.write(GARBAGE);
            case HTTP -> {
                out.write(HTTP_ANSWER);
                out.flush();
                return false;
            }
            case SILENT -> {
                silence(socket);
                return false;
            }
            case CLOSE_ON_ACCEPT -> {
                return false;
            }
            case TLS_LISTENER -> {
                out.write(TLS_ALERT);
                out.flush();
                return false;
            }
            case TRUNCATED -> {
                out.write(ByteBuffer.allocate(6).putInt(64).putShort((short) 0).array());
                out.flush();
                return false;
            }
            case OVERSIZED -> out.write(ByteBuffer.allocate(12).putInt(Integer.MAX_VALUE).putInt(correlationId)
                    .putInt(0).array());
            case WRONG_CORRELATION_ID -> {
                if (apiKey != ApiKeys.API_VERSIONS.id) {
                    out.write(GARBAGE);
                } else {
                    out.write(apiVersionsAnswer(apiVersion, correlationId + 1_000_003));
                }
            }
            case DRIP -> {
                for (byte b : GARBAGE) {
                    out.write(b);
                    out.flush();
                    if (!pause(DRIP_INTERVAL_MS)) {
                        return false;
                    }
                }
            }
            case APIVERSIONS_ONLY -> {
                if (apiKey != ApiKeys.API_VERSIONS.id) {
                    return false;
                }
                out.write(apiVersionsAnswer(apiVersion, correlationId));
            }
            case RANDOM -> throw new IllegalStateException("random mode picks a behaviour per request");
            default -> throw new IllegalStateException("unknown behaviour " + chosen);
        }
        out.flush();
        return true;
    }

    /**
     * A correct ApiVersions answer, as a broker of this kafka-clients release gives it: every broker API at the
     * versions kafka-clients knows, at the version asked (v0 where the version is newer than it knows, with
     * UNSUPPORTED_VERSION, as KIP-511 has it).
     */
    static byte[] apiVersionsAnswer(short version, int correlationId) {
        ApiVersionsResponseData data = new ApiVersionsResponseData()
                .setApiKeys(ApiVersionsResponse.filterApis(ApiMessageType.ListenerType.BROKER, true, true));
        short answered = version;
        if (version > ApiKeys.API_VERSIONS.latestVersion() || version < 0) {
            data.setErrorCode(org.apache.kafka.common.protocol.Errors.UNSUPPORTED_VERSION.code());
            answered = 0;
        }
        ByteBuffer body = MessageUtil.toByteBufferAccessor(data, answered).buffer();
        ByteBuffer frame = ByteBuffer.allocate(8 + body.remaining());
        frame.putInt(4 + body.remaining()).putInt(correlationId).put(body);
        return frame.array();
    }

    /** Holds the connection open without a byte until the client or the server closes it. */
    private void silence(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        while (!closed && in.read(sink) >= 0) {
            // read and ignore: a silent endpoint still takes what it is sent
        }
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}
