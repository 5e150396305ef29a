package io.kconform.report.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a run compares with a baseline: an earlier results.json whose digest was verified. Per target of this run,
 * the target of the baseline it was compared with, and every check whose result changed. Immutable.
 *
 * <p>A target is compared with the baseline's target of the same name; where each run has exactly one target,
 * with that one whatever its name (a CI job renames nothing between runs, but {@code --bootstrap} targets are all
 * called {@code command-line}). A target with no counterpart is listed in neither map.
 *
 * @param file               the baseline file, as the user named it
 * @param sha256             the baseline's own digest, so the comparison says which file exactly
 * @param toolVersion        the kconform version that wrote the baseline
 * @param comparedWith       target of this run to the baseline target it was compared with
 * @param changes            target of this run to its changed checks, by check id, in catalog order
 */
public record BaselineComparison(String file, String sha256, String toolVersion, Map<String, String> comparedWith,
                                 Map<String, Map<String, Change>> changes) {

    public BaselineComparison {
        Objects.requireNonNull(file, "file");
        sha256 = sha256 == null ? "" : sha256;
        toolVersion = toolVersion == null ? "" : toolVersion;
        comparedWith = Collections.unmodifiableMap(new LinkedHashMap<>(comparedWith));
        Map<String, Map<String, Change>> copy = new LinkedHashMap<>();
        changes.forEach((target, byId) -> copy.put(target, Collections.unmodifiableMap(new LinkedHashMap<>(byId))));
        changes = Collections.unmodifiableMap(copy);
    }

    /** Compares {@code targets} with the targets of {@code baseline}. */
    public static BaselineComparison of(String file, String sha256, RunReport baseline, List<TargetReport> targets) {
        Map<String, String> pairs = new LinkedHashMap<>();
        Map<String, Map<String, Change>> changes = new LinkedHashMap<>();
        for (TargetReport target : targets) {
            Optional<TargetReport> before = counterpart(baseline.targets(), targets, target);
            if (before.isEmpty()) {
                continue;
            }
            pairs.put(target.name(), before.get().name());
            Map<String, CheckResult> earlier = new LinkedHashMap<>();
            before.get().checks().forEach(c -> earlier.putIfAbsent(c.id(), c));
            Map<String, Change> changed = new LinkedHashMap<>();
            for (CheckResult now : target.checks()) {
                CheckResult was = earlier.get(now.id());
                if (was != null) {
                    Change.between(was, now).ifPresent(change -> changed.put(now.id(), change));
                }
            }
            changes.put(target.name(), changed);
        }
        return new BaselineComparison(file, sha256, baseline.toolVersion(), pairs, changes);
    }

    private static Optional<TargetReport> counterpart(List<TargetReport> baseline, List<TargetReport> targets,
                                                      TargetReport target) {
        Optional<TargetReport> sameName = baseline.stream().filter(b -> b.name().equals(target.name())).findFirst();
        if (sameName.isPresent()) {
            return sameName;
        }
        return baseline.size() == 1 && targets.size() == 1 ? Optional.of(baseline.get(0)) : Optional.empty();
    }

    /** The changed checks of a target of this run; empty when it was not compared. */
    public Map<String, Change> changesOf(String target) {
        return changes.getOrDefault(target, Map.of());
    }

    /** The change of one check of a target, if it changed. */
    public Optional<Change> changeOf(String target, String checkId) {
        return Optional.ofNullable(changesOf(target).get(checkId));
    }
}
