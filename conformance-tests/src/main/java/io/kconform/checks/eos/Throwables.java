package io.kconform.checks.eos;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;

/** Reading what a producer threw: whether it says "fenced", and a one-line account for evidence. */
final class Throwables {

    private Throwables() {
    }

    /**
     * Whether the throwable or one of its causes says the producer was fenced: ProducerFencedException
     * (the coordinator's PRODUCER_FENCED) or InvalidProducerEpochException (a partition leader's
     * INVALID_PRODUCER_EPOCH, which the Java client surfaces for produce requests since KIP-588).
     */
    static boolean isFencing(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = next(t)) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    /** The throwable and its causes, by type and message: {@code A: m <- B: n}. */
    static String chain(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = next(t)) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }
}
