package io.kconform.api.context;

import io.kconform.api.outcome.HarnessException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Bounded waits for what a Kafka client returns as a future (an acknowledgement, an Admin answer),
 * rethrowing the target's own error whole so that the outcome classifier sees it: a clean refusal
 * stays UNSUPPORTED, a wrong error stays FAIL.
 */
public final class Await {

    private Await() {
    }

    /** The future's value within {@link TargetContext#DEFAULT_WAIT}. */
    public static <T> T result(Future<T> future, String what) {
        return result(future, TargetContext.DEFAULT_WAIT, what);
    }

    /**
     * The future's value within {@code bound}.
     *
     * @param what what is awaited, for the message of a timeout ("the acknowledgement of record 7")
     * @throws RuntimeException the target's own error, as the client reported it
     * @throws TimeoutException Kafka's, when no answer came within the bound: the target hung
     */
    public static <T> T result(Future<T> future, Duration bound, String what) {
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new KafkaException(what + " failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException(what + ": no answer within " + bound.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while waiting for " + what, e);
        }
    }
}
