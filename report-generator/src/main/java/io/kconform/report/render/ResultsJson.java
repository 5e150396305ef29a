package io.kconform.report.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.report.model.ApiMatrix;
import io.kconform.report.model.AssessedWith;
import io.kconform.report.model.BaselineComparison;
import io.kconform.report.model.Change;
import io.kconform.report.model.CheckList;
import io.kconform.report.model.Expectations;
import io.kconform.report.model.Software;
import io.kconform.report.model.CapabilityStatus;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.Interruption;
import io.kconform.report.model.LevelStatus;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.model.Verdict;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of results.json, version {@value RunReport#SCHEMA_VERSION}, as records of its own.
 *
 * <p>The shape is kept apart from the model on purpose: renaming a model component must not silently
 * change a published file format, and the file differs from the model where it serves its readers
 * better (durations in milliseconds, blockers as check ids). docs/results-json.md describes every
 * field; any change here that an existing reader would misread needs a new schema version.
 */
final class ResultsJson {

    private ResultsJson() {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"schemaVersion", "tool", "toolVersion", "baseline", "startedAt", "finishedAt", "selection",
        "checkList", "comparedWith", "expected", "interrupted", "targets", "sha256"})
    record Run(int schemaVersion, String tool, String toolVersion, String baseline, Instant startedAt,
               Instant finishedAt, String selection, CheckListJson checkList, ComparedWithJson comparedWith,
               ExpectedJson expected, InterruptedJson interrupted, List<Target> targets, String sha256) {

        /** This document with its digest, as {@link ResultsDigest} computes it over the document without it. */
        Run withSha256(String digest) {
            return new Run(schemaVersion, tool, toolVersion, baseline, startedAt, finishedAt, selection, checkList,
                    comparedWith, expected, interrupted, targets, digest);
        }
    }

    /** Present (not null) when a signal stopped the run; added in version 2 as a compatible key. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"signal", "completedChecks", "selectedChecks"})
    record InterruptedJson(String signal, int completedChecks, int selectedChecks) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"count", "sha256"})
    record CheckListJson(int count, String sha256) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"file", "sha256", "toolVersion", "targets"})
    record ComparedWithJson(String file, String sha256, String toolVersion, Map<String, String> targets) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"file", "outcomes"})
    record ExpectedJson(String file, List<ExpectedOutcomeJson> outcomes) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"id", "outcome", "reason", "link"})
    record ExpectedOutcomeJson(String id, Outcome outcome, String reason, String link) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"name", "version", "source"})
    record SoftwareJson(String name, String version, String source) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"before", "now", "regression"})
    record ChangeJson(String before, String now, boolean regression) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"name", "kind", "description", "fingerprint", "clusterId", "software", "nodes",
        "resourcePrefix", "error", "durationMs", "verdict", "assessedWith", "apiVersions", "finalizedFeatures",
        "apiMatrix", "checks"})
    record Target(String name, String kind, String description, String fingerprint, String clusterId,
                  SoftwareJson software, List<String> nodes, String resourcePrefix, String error, long durationMs,
                  VerdictJson verdict, AssessedWithJson assessedWith, Map<String, String> apiVersions,
                  Map<String, Short> finalizedFeatures, List<MatrixRow> apiMatrix, List<Check> checks) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"javaClients", "current", "reason", "cannotConnect"})
    record AssessedWithJson(String javaClients, String current, String reason, String cannotConnect) {
    }

    /** A row of the API-versions matrix; written for readers, recomputed (never read back) from the checks. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"apiKey", "name", "baseline", "target", "status", "sweep"})
    record MatrixRow(int apiKey, String name, String baseline, String target, ApiMatrix.Status status,
                     Map<String, Outcome> sweep) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"highest", "headline", "levels", "capabilities"})
    record VerdictJson(Level highest, String headline, List<LevelJson> levels, List<CapabilityJson> capabilities) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"level", "state", "summary", "blockers", "missing", "unassessed"})
    record LevelJson(Level level, LevelStatus.State state, String summary, List<String> blockers,
                     List<String> missing, List<String> unassessed) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"id", "name", "kip", "state", "summary", "findings"})
    record CapabilityJson(String id, String name, String kip, CapabilityStatus.State state, String summary,
                          List<String> findings) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"id", "title", "battery", "level", "strength", "capability", "spec", "hint", "selected",
        "execution", "outcome", "durationMs", "message", "evidence", "change"})
    record Check(String id, String title, Battery battery, Level level, Strength strength, String capability,
                 List<String> spec, String hint, boolean selected, CheckResult.Execution execution, Outcome outcome,
                 long durationMs, String message, List<String> evidence, ChangeJson change) {
    }

    /** The document without its digest ({@code sha256} null). */
    static Run from(RunReport run) {
        return new Run(run.schemaVersion(), run.tool(), run.toolVersion(), run.baseline(), run.startedAt(),
                run.finishedAt(), run.selection(), new CheckListJson(run.checkList().count(), run.checkList().sha256()),
                run.comparison().map(c -> new ComparedWithJson(c.file(), c.sha256(), c.toolVersion(), c.comparedWith()))
                        .orElse(null),
                run.expectations().map(e -> new ExpectedJson(e.file(), e.outcomes().values().stream()
                        .map(o -> new ExpectedOutcomeJson(o.id(), o.outcome(), o.reason(), o.link())).toList()))
                        .orElse(null),
                run.interrupted().map(i -> new InterruptedJson(i.signal(), i.completedChecks(), i.selectedChecks()))
                        .orElse(null),
                run.targets().stream().map(t -> from(t, run.comparison())).toList(), null);
    }

    private static Target from(TargetReport target, Optional<BaselineComparison> comparison) {
        return new Target(target.name(), target.kind(), target.description(), target.fingerprint(),
                emptyToNull(target.clusterId()),
                target.software().map(s -> new SoftwareJson(s.name(), s.version(), s.source())).orElse(null),
                target.nodes(), target.resourcePrefix(), target.error().orElse(null),
                target.duration().toMillis(), from(target.verdict()), from(target.assessedWith()), target.apiVersions(),
                target.finalizedFeatures(), matrix(target), target.checks().stream().map(c -> from(c,
                        comparison.flatMap(b -> b.changeOf(target.name(), c.id())))).toList());
    }

    /**
     * The matrix with the sweep's selected outcomes by version, {@code "v17": "PASS"}; empty for a target that was
     * not reached, where nothing is known of what it advertises.
     */
    private static List<MatrixRow> matrix(TargetReport target) {
        if (target.error().isPresent()) {
            return List.of();
        }
        return ApiMatrix.of(target).rows().stream().map(row -> {
            Map<String, Outcome> sweep = new LinkedHashMap<>();
            row.sweep().stream().filter(ApiMatrix.Cell::selected).forEach(c -> sweep.put("v" + c.version(), c.outcome()));
            return new MatrixRow(row.key(), row.name(), emptyToNull(row.baseline()), emptyToNull(row.target()),
                    row.status(), sweep);
        }).toList();
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static AssessedWithJson from(AssessedWith assessed) {
        return new AssessedWithJson(assessed.javaClients(), assessed.current(), assessed.reason(),
                assessed.cannotConnect());
    }

    /** A file of an older writer does not say which clients assessed the target: unknown, and no finding. */
    private static AssessedWith toModel(AssessedWithJson assessed) {
        return assessed == null ? new AssessedWith("", "", "", "") : new AssessedWith(
                orEmpty(assessed.javaClients()), orEmpty(assessed.current()), assessed.reason(), assessed.cannotConnect());
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static VerdictJson from(Verdict verdict) {
        if (verdict == null) {
            return null;
        }
        return new VerdictJson(verdict.highest().orElse(null), verdict.headline(), verdict.levels().stream()
                .map(s -> new LevelJson(s.level(), s.state(), s.summary(),
                        s.blockers().stream().map(CheckResult::id).toList(), s.missing(),
                        s.unassessed().stream().map(CheckResult::id).toList()))
                .toList(),
                verdict.capabilities().stream().map(c -> new CapabilityJson(c.capability().id(),
                        c.capability().displayName(), c.capability().kip(), c.state(), c.summary(),
                        c.findings().stream().map(CheckResult::id).toList())).toList());
    }

    private static Check from(CheckResult check, Optional<Change> change) {
        return new Check(check.id(), check.title(), check.battery(), check.level(), check.strength(),
                check.capability().map(Capability::id).orElse(null), check.spec(), check.hint(), check.selected(),
                check.execution(), check.outcome(), check.duration().toMillis(), check.message(), check.evidence(),
                change.map(c -> new ChangeJson(c.before(), c.now(), c.regression())).orElse(null));
    }

    /**
     * Back to the model. Blockers are resolved by id against the target's own checks, which is
     * where {@link io.kconform.report.model.Certification} took them from.
     *
     * @throws IOException when the file is well-formed JSON but not a results.json this version reads
     */
    static RunReport toModel(Run run) throws IOException {
        if (run.schemaVersion() < RunReport.OLDEST_READABLE_SCHEMA_VERSION
                || run.schemaVersion() > RunReport.SCHEMA_VERSION) {
            throw new IOException("results.json has schemaVersion " + run.schemaVersion()
                    + "; this kconform reads schemaVersion " + RunReport.OLDEST_READABLE_SCHEMA_VERSION + " to "
                    + RunReport.SCHEMA_VERSION);
        }
        List<TargetReport> targets = new ArrayList<>();
        Map<String, Map<String, Change>> changes = new LinkedHashMap<>();
        for (Target target : orEmpty(run.targets())) {
            targets.add(toModel(target));
            Map<String, Change> changed = new LinkedHashMap<>();
            for (Check check : orEmpty(target.checks())) {
                if (check.change() != null) {
                    changed.put(check.id(), new Change(check.change().before(), check.change().now(),
                            check.change().regression()));
                }
            }
            changes.put(target.name(), changed);
        }
        Optional<BaselineComparison> comparison = Optional.ofNullable(run.comparedWith()).map(c -> {
            Map<String, Map<String, Change>> compared = new LinkedHashMap<>();
            orEmpty(c.targets()).keySet().forEach(t -> compared.put(t, changes.getOrDefault(t, Map.of())));
            return new BaselineComparison(c.file(), c.sha256(), c.toolVersion(), orEmpty(c.targets()), compared);
        });
        Optional<Expectations> expectations = Optional.empty();
        if (run.expected() != null) {
            Map<String, Expectations.Expected> outcomes = new LinkedHashMap<>();
            for (ExpectedOutcomeJson e : orEmpty(run.expected().outcomes())) {
                if (e.id() == null || e.outcome() == null) {
                    throw new IOException("results.json: an expected outcome has no id or outcome");
                }
                outcomes.put(e.id(), new Expectations.Expected(e.id(), e.outcome(), e.reason(), e.link()));
            }
            expectations = Optional.of(new Expectations(String.valueOf(run.expected().file()), outcomes));
        }
        CheckList checkList = run.checkList() == null || run.checkList().sha256() == null ? CheckList.UNKNOWN
                : new CheckList(run.checkList().count(), run.checkList().sha256());
        Optional<Interruption> interrupted = Optional.ofNullable(run.interrupted()).map(i -> new Interruption(
                i.signal() == null ? "" : i.signal(), i.completedChecks(), i.selectedChecks()));
        return new RunReport(run.schemaVersion(), run.tool(), run.toolVersion(), run.baseline(), run.startedAt(),
                run.finishedAt(), run.selection(), targets, checkList, comparison, expectations, interrupted);
    }

    private static TargetReport toModel(Target target) throws IOException {
        List<CheckResult> checks = new ArrayList<>();
        Map<String, CheckResult> byId = new LinkedHashMap<>();
        for (Check check : orEmpty(target.checks())) {
            if (check.id() == null || check.outcome() == null) {
                throw new IOException("results.json: a check of target '" + target.name() + "' has no id or outcome");
            }
            Optional<Capability> capability = Optional.empty();
            if (check.capability() != null) {
                capability = Optional.of(Capability.fromId(check.capability()).orElseThrow(() -> new IOException(
                        "results.json: check " + check.id() + " names unknown capability '" + check.capability() + "'")));
            }
            // A file of an older writer has no execution: its selected checks all ran.
            CheckResult.Execution execution = check.execution() != null ? check.execution()
                    : check.selected() ? CheckResult.Execution.RAN : CheckResult.Execution.NOT_SELECTED;
            CheckResult result = new CheckResult(check.id(), check.title(), check.battery(), check.level(),
                    check.strength(), capability, orEmpty(check.spec()), check.hint(), execution, check.outcome(),
                    Duration.ofMillis(check.durationMs()), check.message(), orEmpty(check.evidence()));
            checks.add(result);
            byId.putIfAbsent(result.id(), result);
        }
        return new TargetReport(target.name(), target.kind(), target.description(), target.fingerprint(),
                target.clusterId(), orEmpty(target.nodes()), orEmpty(target.apiVersions()),
                orEmpty(target.finalizedFeatures()), target.resourcePrefix(), Optional.ofNullable(target.error()),
                toModel(target.verdict(), byId, target.name()), checks, Duration.ofMillis(target.durationMs()),
                toModel(target.assessedWith()), Optional.ofNullable(target.software())
                        .map(s -> new Software(orEmpty(s.name()), orEmpty(s.version()), orEmpty(s.source()))));
    }

    private static Verdict toModel(VerdictJson verdict, Map<String, CheckResult> checks, String target)
            throws IOException {
        if (verdict == null) {
            return null;
        }
        List<LevelStatus> levels = new ArrayList<>();
        for (LevelJson level : orEmpty(verdict.levels())) {
            String where = "level " + level.level();
            levels.add(new LevelStatus(level.level(), level.state(), resolve(level.blockers(), checks, target, where),
                    orEmpty(level.missing()), resolve(level.unassessed(), checks, target, where), level.summary()));
        }
        List<CapabilityStatus> capabilities = new ArrayList<>();
        for (CapabilityJson capability : orEmpty(verdict.capabilities())) {
            Capability known = Capability.fromId(capability.id()).orElseThrow(() -> new IOException(
                    "results.json: unknown capability '" + capability.id() + "' in the verdict of target '" + target
                            + "'"));
            capabilities.add(new CapabilityStatus(known, capability.state(),
                    resolve(capability.findings(), checks, target, "capability " + capability.id()),
                    capability.summary()));
        }
        return new Verdict(Optional.ofNullable(verdict.highest()), levels, capabilities, verdict.headline());
    }

    /** Check ids of the verdict, resolved against the target's own checks, where the verdict took them from. */
    private static List<CheckResult> resolve(List<String> ids, Map<String, CheckResult> checks, String target,
                                             String where) throws IOException {
        List<CheckResult> resolved = new ArrayList<>();
        for (String id : orEmpty(ids)) {
            CheckResult check = checks.get(id);
            if (check == null) {
                throw new IOException("results.json: check '" + id + "' of " + where
                        + " is not among the checks of target '" + target + "'");
            }
            resolved.add(check);
        }
        return resolved;
    }

    // A file written by hand or by an older writer may leave out an empty list; read that as empty.
    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
