package io.kconform.harness.launch;

import io.kconform.api.wire.WireClient;
import io.kconform.api.wire.WireException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.requests.ApiVersionsRequest;

/**
 * Waits until a server the harness started answers ApiVersions — the one request every
 * implementation of the protocol must answer, so readiness never depends on what a server prints.
 * Any answer to ApiVersions v0 counts, an error code included: the probe after start-up judges the
 * answer and what the server does with the versions current clients send.
 */
final class ApiVersionsReadiness {

    /** How a wait ended. */
    enum State { READY, EXITED, TIMED_OUT }

    /**
     * @param state       what happened
     * @param lastProblem for {@link State#TIMED_OUT}: why the last attempt got no answer
     */
    record Result(State state, String lastProblem) {
    }

    private static final Duration TCP_TIMEOUT = Duration.ofMillis(500);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private static final long PAUSE_MILLIS = 200;

    private ApiVersionsReadiness() {
    }

    /**
     * Polls the addresses in turn until one answers, the server stops running, or {@code timeout} passes.
     *
     * @param addresses        the bootstrap addresses
     * @param clientProperties security settings, as for any client of the target
     * @param running          whether the server is still running; checked between attempts
     * @throws InterruptedException when the waiting thread is interrupted
     */
    static Result await(List<InetSocketAddress> addresses, Map<String, ?> clientProperties, Duration timeout,
                        BooleanSupplier running) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "nothing listens there yet";
        while (true) {
            for (InetSocketAddress address : addresses) {
                if (!running.getAsBoolean()) {
                    return new Result(State.EXITED, lastProblem);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new Result(State.TIMED_OUT, lastProblem);
                }
                if (!listening(address)) {
                    continue;
                }
                Duration attempt = Duration.ofNanos(Math.min(left, ATTEMPT_TIMEOUT.toNanos()));
                try (WireClient wire = WireClient.connect(address.getHostString(), address.getPort(), clientProperties,
                        attempt)) {
                    // v0, which every implementation must answer (KIP-35): a server that closes the connection on
                    // the version current clients send is up, and the probe reports what it refuses.
                    wire.send(new ApiVersionsRequest.Builder(), (short) 0);
                    return new Result(State.READY, "");
                } catch (WireException e) {
                    lastProblem = address.getHostString() + ":" + address.getPort() + " accepted a connection but "
                            + "did not answer ApiVersions (" + e.getMessage() + ")";
                }
            }
            Thread.sleep(PAUSE_MILLIS);
        }
    }

    /** Whether the port accepts connections yet; cheaper and quieter than a Kafka client's attempt. */
    private static boolean listening(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) TCP_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
