package io.kconform.harness.proof;

import io.kconform.api.Outcome;
import java.util.List;
import java.util.Map;

/**
 * A target built to lack or break a feature, and the outcome each named check must have on it.
 *
 * @param name       unique across all control files
 * @param why        what the control breaks, in words
 * @param broker     broker properties of an embedded Apache Kafka 4.4.0 of its own; empty for a proxy
 *                   control in front of the shared reference broker
 * @param mutations  proxy mutations, in front of the shared reference broker or of the control's own target;
 *                   empty for a broker control
 * @param nodes      how many brokers the control's own target has; 1 unless the file says otherwise
 * @param features   feature levels the control's own target is formatted with; empty for the defaults
 * @param expect     check id to expected outcome
 * @param source     the file it came from
 */
record NegativeControl(String name, String why, Map<String, String> broker, List<String> mutations, int nodes,
                       Map<String, Short> features, Map<String, Outcome> expect, String source) {

    boolean usesProxy() {
        return !mutations.isEmpty();
    }

    /** Whether the control starts an embedded target of its own rather than use the shared reference broker. */
    boolean ownTarget() {
        return !broker.isEmpty() || nodes > 1 || !features.isEmpty();
    }

    @Override
    public String toString() {
        return name + " (" + (nodes > 1 ? nodes + " brokers, " : "") + (features.isEmpty() ? "" : "features: " + features
                + ", ") + (broker.isEmpty() ? "" : "broker: " + broker)
                + (usesProxy() ? (broker.isEmpty() ? "" : ", ") + "proxy: " + String.join(", ", mutations) : "") + ")";
    }
}
