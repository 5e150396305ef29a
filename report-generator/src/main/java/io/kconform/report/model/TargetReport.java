package io.kconform.report.model;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a run found about one target.
 *
 * @param name               the target's name
 * @param kind               embedded, external, ...
 * @param description        what it is, for people
 * @param fingerprint        digest of what it advertised; empty when it could not be probed
 * @param clusterId          the cluster id it reported; empty when it reported none or could not be reached
 * @param nodes              its brokers, {@code id@host:port}
 * @param apiVersions        advertised range per API name, e.g. {@code Produce -> 3-13}
 * @param finalizedFeatures  finalized feature levels
 * @param resourcePrefix     the prefix of everything the run created on it
 * @param error              why the target could not be started or reached; when present no check ran
 * @param verdict            the verdict
 * @param checks             every check, selected or not, in catalog order
 * @param duration           how long the target took, start and cleanup included, in whole milliseconds
 * @param assessedWith       which Java client release assessed it, and why that one
 * @param software           the software it runs, where known (only where kconform launched it)
 */
public record TargetReport(String name, String kind, String description, String fingerprint, String clusterId,
                           List<String> nodes, Map<String, String> apiVersions, Map<String, Short> finalizedFeatures,
                           String resourcePrefix, Optional<String> error, Verdict verdict, List<CheckResult> checks,
                           Duration duration, AssessedWith assessedWith, Optional<Software> software) {

    /** A target whose software is not known. */
    public TargetReport(String name, String kind, String description, String fingerprint, String clusterId,
                        List<String> nodes, Map<String, String> apiVersions, Map<String, Short> finalizedFeatures,
                        String resourcePrefix, Optional<String> error, Verdict verdict, List<CheckResult> checks,
                        Duration duration, AssessedWith assessedWith) {
        this(name, kind, description, fingerprint, clusterId, nodes, apiVersions, finalizedFeatures, resourcePrefix,
                error, verdict, checks, duration, assessedWith, Optional.empty());
    }

    /** A target the current Java clients assessed, as every target they connect to. */
    public TargetReport(String name, String kind, String description, String fingerprint, String clusterId,
                        List<String> nodes, Map<String, String> apiVersions, Map<String, Short> finalizedFeatures,
                        String resourcePrefix, Optional<String> error, Verdict verdict, List<CheckResult> checks,
                        Duration duration) {
        this(name, kind, description, fingerprint, clusterId, nodes, apiVersions, finalizedFeatures, resourcePrefix,
                error, verdict, checks, duration, AssessedWith.currentClients());
    }

    public TargetReport {
        nodes = List.copyOf(nodes);
        apiVersions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(apiVersions));
        finalizedFeatures = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(finalizedFeatures));
        checks = List.copyOf(checks);
        error = error == null ? Optional.empty() : error;
        // results.json holds whole milliseconds; keeping the same precision here makes a round trip exact.
        duration = duration == null ? Duration.ZERO : duration.truncatedTo(ChronoUnit.MILLIS);
        assessedWith = assessedWith == null ? AssessedWith.currentClients() : assessedWith;
        software = software == null ? Optional.empty() : software;
        clusterId = clusterId == null ? "" : clusterId;
    }

    /** This report with the software the target runs. */
    public TargetReport withSoftware(Software known) {
        return new TargetReport(name, kind, description, fingerprint, clusterId, nodes, apiVersions, finalizedFeatures,
                resourcePrefix, error, verdict, checks, duration, assessedWith, Optional.of(known));
    }
}
