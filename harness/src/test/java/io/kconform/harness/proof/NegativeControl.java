package io.kconform.harness.proof;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.harness.config.EmbeddedSecurity;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.CheckSelection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * @param security   how the control's own target secures its client listener, as {@code security} in
 *                   targets.yaml; empty for PLAINTEXT without ACLs
 * @param expect     check id, or a glob of ids ({@code protocol.sweep.*}), to expected outcome; an id named
 *                   exactly wins over a glob that also matches it
 * @param source     the file it came from
 */
record NegativeControl(String name, String why, Map<String, String> broker, List<String> mutations, int nodes,
                       Map<String, Short> features, Optional<EmbeddedSecurity> security, Map<String, Outcome> expect,
                       String source) {

    /**
     * The expected outcome of every check the control names, globs expanded against the catalog.
     *
     * @throws IllegalStateException when a glob matches no check
     */
    Map<String, Outcome> expectations(CheckCatalog catalog) {
        Map<String, Outcome> expanded = new LinkedHashMap<>();
        expect.forEach((key, outcome) -> {
            if (!key.contains("*")) {
                return;
            }
            // the same glob as --check on the command line
            CheckSelection selection = new CheckSelection(Set.of(), List.of(key), Optional.empty());
            List<String> ids = catalog.checks().stream().filter(selection::includes).map(CheckDescriptor::id).toList();
            if (ids.isEmpty()) {
                throw new IllegalStateException(source + ": control " + name + " expects " + key + ", which matches"
                        + " no check");
            }
            ids.forEach(id -> expanded.put(id, outcome));
        });
        expect.forEach((key, outcome) -> {
            if (!key.contains("*")) {
                expanded.put(key, outcome);
            }
        });
        return expanded;
    }

    boolean usesProxy() {
        return !mutations.isEmpty();
    }

    /** Whether the control starts an embedded target of its own rather than use the shared reference broker. */
    boolean ownTarget() {
        return !broker.isEmpty() || nodes > 1 || !features.isEmpty() || security.isPresent();
    }

    @Override
    public String toString() {
        return name + " (" + (nodes > 1 ? nodes + " brokers, " : "") + (features.isEmpty() ? "" : "features: " + features
                + ", ") + security.map(s -> "security: " + s + ", ").orElse("") + (broker.isEmpty() ? "" : "broker: " + broker)
                + (usesProxy() ? (broker.isEmpty() ? "" : ", ") + "proxy: " + String.join(", ", mutations) : "") + ")";
    }
}
