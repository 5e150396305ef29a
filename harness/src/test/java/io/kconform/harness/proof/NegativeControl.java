package io.kconform.harness.proof;

import io.kconform.api.Outcome;
import java.util.List;
import java.util.Map;

/**
 * A target built to lack or break a feature, and the outcome each named check must have on it.
 *
 * @param name       unique across all control files
 * @param why        what the control breaks, in words
 * @param broker     broker properties of an embedded Apache Kafka 4.4.0; empty for a proxy control
 * @param mutations  proxy mutations in front of the reference broker; empty for a broker control
 * @param expect     check id to expected outcome
 * @param source     the file it came from
 */
record NegativeControl(String name, String why, Map<String, String> broker, List<String> mutations,
                       Map<String, Outcome> expect, String source) {

    boolean usesProxy() {
        return !mutations.isEmpty();
    }

    @Override
    public String toString() {
        return name + " (" + (usesProxy() ? "proxy: " + String.join(", ", mutations) : "broker: " + broker) + ")";
    }
}
