package io.kconform.api.target;

import java.util.List;

/**
 * Control over the brokers of a target the harness runs itself: stop one gracefully, kill one
 * abruptly, start it again. Brokers are named by the node ids that Metadata and DescribeCluster
 * report, so a check can act on the leader of a partition it describes.
 *
 * <p>Guarantees: every method is bounded in time and returns only when its effect is done — after
 * {@link #stop} and {@link #kill} the broker's process has exited, after {@link #start} it answers
 * ApiVersions and the cluster's metadata lists it again. Controllers are never touched. Thread-safe.
 * A check that stops or kills a broker declares {@link io.kconform.api.RequiresFacility} with
 * {@link Facility#BROKER_CONTROL}, runs in isolation ({@code @Isolated}), since every other check
 * shares the target, and starts the broker again before it ends, whatever its outcome.
 */
public interface BrokerControl {

    /** The node ids of the brokers, in ascending order, whether running or not. */
    List<Integer> brokerIds();

    /** Whether the broker's process is running. */
    boolean isRunning(int brokerId);

    /**
     * Stops a broker the way an operator does (SIGTERM): a controlled shutdown that moves its
     * partition leaderships away first. Returns when the process has exited; a broker already
     * stopped is left as it is.
     *
     * @throws IllegalArgumentException when there is no such broker
     */
    void stop(int brokerId);

    /**
     * Kills a broker abruptly (SIGKILL), as a crash or a power loss of its machine would: no
     * controlled shutdown, nothing flushed. Returns when the process is gone.
     *
     * @throws IllegalArgumentException when there is no such broker
     */
    void kill(int brokerId);

    /**
     * Starts a stopped or killed broker again, with its data, on the same address. Returns when it
     * answers ApiVersions and the cluster's metadata lists it; a running broker is left as it is.
     *
     * @throws IllegalArgumentException when there is no such broker
     * @throws IllegalStateException    when it does not come back, with the end of its log
     */
    void start(int brokerId);

    /** Stops the broker gracefully, if it runs, and {@linkplain #start starts} it again. */
    default void restart(int brokerId) {
        stop(brokerId);
        start(brokerId);
    }
}
