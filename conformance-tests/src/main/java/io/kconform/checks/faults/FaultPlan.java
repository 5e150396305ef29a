package io.kconform.checks.faults;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The faults a {@link FaultProxy} makes from its start: which responses it loses, cutting the connection, and how
 * long it holds every response. Immutable; build one with {@link #none()} and the {@code with...} methods.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.none().loseResponseOf(ApiKeys.PRODUCE, 3, 8);
 * }</pre>
 */
public final class FaultPlan {

    private static final FaultPlan NONE = new FaultPlan(Map.of(), Duration.ZERO);

    private final Map<ApiKeys, Set<Integer>> lose;
    private final Duration responseDelay;

    private FaultPlan(Map<ApiKeys, Set<Integer>> lose, Duration responseDelay) {
        this.lose = lose;
        this.responseDelay = responseDelay;
    }

    /** No fault: the proxy is transparent until told otherwise at run time. */
    public static FaultPlan none() {
        return NONE;
    }

    /**
     * Also loses the responses of the {@code nth} requests of {@code apiKey}, counted from 1 over every connection
     * of the proxy in the order the proxy reads them: each such request is forwarded, the proxy waits for its
     * response (so the target did act on it), discards it and closes the client's connection and its upstream
     * connection. The client sees a disconnect with the request in flight and, if it retries, sends it again.
     * Requests that get no response (Produce with acks=0) are counted but never lose anything.
     */
    public FaultPlan loseResponseOf(ApiKeys apiKey, int... nth) {
        Objects.requireNonNull(apiKey, "apiKey");
        Map<ApiKeys, Set<Integer>> copy = new EnumMap<>(ApiKeys.class);
        copy.putAll(lose);
        TreeSet<Integer> numbers = new TreeSet<>(copy.getOrDefault(apiKey, Set.of()));
        for (int n : nth) {
            if (n < 1) {
                throw new IllegalArgumentException("requests are counted from 1, not " + n);
            }
            numbers.add(n);
        }
        copy.put(apiKey, Collections.unmodifiableSortedSet(numbers));
        return new FaultPlan(Map.copyOf(copy), responseDelay);
    }

    /**
     * Holds every response for {@code delay} before returning it (responses of one connection stay in order, so
     * a connection's later responses wait behind it). {@link FaultProxy#delayResponses} changes it at run time.
     */
    public FaultPlan delayResponses(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a negative delay: " + delay);
        }
        return new FaultPlan(lose, delay);
    }

    /** Whether the response to the {@code nth} request of {@code apiKey} is to be lost. */
    boolean loses(ApiKeys apiKey, int nth) {
        return lose.getOrDefault(apiKey, Set.of()).contains(nth);
    }

    Duration responseDelay() {
        return responseDelay;
    }

    @Override
    public String toString() {
        if (lose.isEmpty() && responseDelay.isZero()) {
            return "no fault";
        }
        StringBuilder text = new StringBuilder();
        lose.forEach((api, numbers) -> text.append(text.length() == 0 ? "" : "; ").append("lose the response of ")
                .append(api.name).append(" request(s) #").append(numbers).append(" and cut the connection"));
        if (!responseDelay.isZero()) {
            text.append(text.length() == 0 ? "" : "; ").append("delay every response ")
                    .append(responseDelay.toMillis()).append(" ms");
        }
        return text.toString();
    }
}
