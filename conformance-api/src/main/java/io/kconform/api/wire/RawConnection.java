package io.kconform.api.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

/**
 * A connection to one node for bytes that no Kafka client would send: frames whose size lies, headers
 * of the wrong version, unknown API keys. It speaks plain TCP, or TLS where the target's client
 * properties say {@code SSL} or {@code SASL_SSL} ({@link #open(String, int, Duration, Map)}), with the
 * trust and key stores those properties name. It never authenticates with SASL: on a SASL listener its
 * frames are what the target receives before authentication, where the protocol allows ApiVersions
 * (KIP-43, KIP-511) and a target must still cope with anything else it is sent.
 *
 * <p>Every operation is bounded: connecting by the timeout given to {@link #open}, waiting for an
 * answer by the bound given to {@link #awaitReply}, sending by the socket's own buffers (the
 * requests sent are a few hundred bytes). Not thread-safe: one caller at a time.
 */
public final class RawConnection implements AutoCloseable {

    /** Larger than any answer a check expects; a bigger size prefix is reported as a malformed answer. */
    static final int MAX_REPLY_BYTES = 64 * 1024 * 1024;

    private final Socket socket;
    private final String address;

    private RawConnection(Socket socket, String address) {
        this.socket = socket;
        this.address = address;
    }

    /**
     * Connects to {@code host:port} as the target's listener requires: plain TCP for {@code PLAINTEXT} and
     * {@code SASL_PLAINTEXT}, TLS for {@code SSL} and {@code SASL_SSL}, set up from the {@code ssl.*} client
     * properties as Kafka's clients set it up (stores, protocols, endpoint identification). The TLS handshake is
     * bounded by {@code timeout} too.
     *
     * @throws WireException when no connection, or no TLS session, is made within {@code timeout}
     */
    public static RawConnection open(String host, int port, Duration timeout, Map<String, ?> clientProperties) {
        if (!Tls.wanted(clientProperties)) {
            return open(host, port, timeout);
        }
        RawConnection plain = open(host, port, timeout);
        try {
            return new RawConnection(Tls.wrap(plain.socket, host, port, timeout, clientProperties),
                    host + ":" + port + " (TLS)");
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw new WireException("no TLS session with " + host + ":" + port + " within " + timeout.toMillis()
                    + " ms: " + e, e);
        }
    }

    /** Whether {@link #open(String, int, Duration, Map)} speaks TLS for these client properties. */
    public static boolean speaksTls(Map<String, ?> clientProperties) {
        return Tls.wanted(clientProperties);
    }

    /**
     * Connects to {@code host:port} over plain TCP.
     *
     * @throws WireException when no connection is made within {@code timeout}
     */
    public static RawConnection open(String host, int port, Duration timeout) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return new RawConnection(socket, host + ":" + port);
        } catch (java.net.ConnectException e) {
            // refused at once: nothing listens there, which waiting would not change
            closeQuietly(socket);
            throw new WireException(host + ":" + port + " refused the connection (" + e.getMessage() + ")", e);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new WireException("no connection to " + host + ":" + port + " within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new WireException("no connection to " + host + ":" + port + ": " + e, e);
        }
    }

    /** The address this connection goes to. */
    public String address() {
        return address;
    }

    /**
     * Sends bytes exactly as given, size prefix and all.
     *
     * @throws WireException when the target has already closed the connection
     */
    public void sendRaw(byte[] bytes) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw WireException.unanswered("sending " + bytes.length + " bytes to " + address + " failed: " + e);
        }
    }

    /** Sends {@code payload} with a size prefix that tells its true length. */
    public void sendFrame(ByteBuffer payload) {
        sendRaw(RawFrames.sizePrefixed(payload));
    }

    /** Shuts down our sending side: the target sees the end of the stream, and no more bytes can come. */
    public void halfClose() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw WireException.unanswered("half-closing the connection to " + address + " failed: " + e);
        }
    }

    /**
     * Waits up to {@code bound} for one whole size-prefixed frame or the end of the connection.
     *
     * @throws WireException when the answer announces a size no check expects (a malformed answer)
     */
    public RawReply awaitReply(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        byte[] sizeBytes = new byte[4];
        try {
            int got = readFully(sizeBytes, deadline);
            if (got < 4) {
                return got <= 0 ? new RawReply.Closed("end of stream")
                        : new RawReply.Closed("end of stream after " + got + " bytes of a size prefix");
            }
            int size = ByteBuffer.wrap(sizeBytes).getInt();
            if (size < 0 || size > MAX_REPLY_BYTES) {
                throw WireException.malformed("the answer from " + address + " announces " + size
                        + " bytes, which no answer a check expects has");
            }
            byte[] payload = new byte[size];
            int read = readFully(payload, deadline);
            if (read < size) {
                return new RawReply.Closed("end of stream after " + Math.max(read, 0) + " of " + size
                        + " bytes of an answer");
            }
            return new RawReply.Answered(ByteBuffer.wrap(payload));
        } catch (PartialRead e) {
            return new RawReply.Silent(bound, e.bytesSeen);
        } catch (SocketException e) {
            // a reset is the target closing the connection, without ceremony
            return new RawReply.Closed(e.getMessage() == null ? "reset" : e.getMessage());
        } catch (IOException e) {
            return new RawReply.Closed(e.toString());
        }
    }

    /**
     * What came within a bound, bytes as they are: for telling what an endpoint that may not speak Kafka at
     * all sent ({@link FirstContact}).
     *
     * @param bytes    the bytes that came, at most as many as asked for
     * @param ended    whether the connection ended (end of stream or a reset) before that many came
     * @param timedOut whether the bound ran out before that many came, the connection still open
     */
    public record Received(byte[] bytes, boolean ended, boolean timedOut) {
        public Received {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /**
     * Reads up to {@code count} bytes within {@code bound}, stopping early when the connection ends. Never
     * throws for what the endpoint does: a reset counts as an end.
     */
    public Received receive(int count, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        byte[] buffer = new byte[count];
        int read = 0;
        try {
            InputStream in = socket.getInputStream();
            while (read < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Received(java.util.Arrays.copyOf(buffer, read), false, true);
                }
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                int n;
                try {
                    n = in.read(buffer, read, count - read);
                } catch (SocketTimeoutException e) {
                    return new Received(java.util.Arrays.copyOf(buffer, read), false, true);
                }
                if (n < 0) {
                    return new Received(java.util.Arrays.copyOf(buffer, read), true, false);
                }
                read += n;
            }
            return new Received(buffer, false, false);
        } catch (IOException e) {
            // a reset, or TLS failing on what came: the endpoint ended the exchange
            return new Received(java.util.Arrays.copyOf(buffer, read), true, false);
        }
    }

    /**
     * Reads until {@code buffer} is full, the stream ends, or the deadline passes.
     *
     * @return bytes read, or -1 if the stream ended before the first byte
     * @throws PartialRead when the deadline passed with the buffer not full
     */
    private int readFully(byte[] buffer, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        int read = 0;
        while (read < buffer.length) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new PartialRead(read);
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int n;
            try {
                n = in.read(buffer, read, buffer.length - read);
            } catch (SocketTimeoutException e) {
                throw new PartialRead(read);
            }
            if (n < 0) {
                return read == 0 ? -1 : read;
            }
            read += n;
        }
        return read;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** The deadline passed while reading; how many bytes of the current item had come. */
    private static final class PartialRead extends IOException {
        private static final long serialVersionUID = 1L;
        private final int bytesSeen;

        PartialRead(int bytesSeen) {
            super("timed out after " + bytesSeen + " bytes");
            this.bytesSeen = bytesSeen;
        }
    }
}
