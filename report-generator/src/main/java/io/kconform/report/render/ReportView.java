package io.kconform.report.render;

import io.kconform.api.Battery;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.report.model.ApiMatrix;
import io.kconform.report.model.CapabilityStatus;
import io.kconform.report.model.Change;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.LevelStatus;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A run prepared for the templates of report.html and report.md: every string present (never null)
 * and free of control characters, durations and times formatted, outcomes labelled, and an anchor
 * for everything a link points at. Templates then only lay out; they decide nothing.
 *
 * <p>Public only because FreeMarker reads public records; it is not an API for callers, who pass a
 * {@link RunReport} to the renderers.
 *
 * @param tool          "kconform"
 * @param toolVersion   the version that ran
 * @param baseline      the Apache Kafka release the checks are written against
 * @param startedAt     when the run began, "2025-11-26 10:15:30 UTC"
 * @param duration      how long the run took, "3 min 32 s"
 * @param selection     how checks were selected
 * @param interrupted   "interrupted (SIGINT) after 12 of 40 checks; not run: a, b", or empty for a run that ended
 * @param schemaVersion the results.json schema version, for the page footer
 * @param totals        the number of checks per displayed outcome over all targets
 * @param targets       one view per target, in run order
 */
public record ReportView(String tool, String toolVersion, String baseline, String startedAt, String duration,
                         String selection, String interrupted, int schemaVersion, List<Tally> totals, List<TargetView> targets) {

    /** The displayed outcomes, in the order reports list them; NOT_SELECTED is a check the run did not select. */
    static final List<String> OUTCOME_KEYS = List.of("PASS", "FAIL", "UNSUPPORTED", "SKIPPED", "ERROR",
            "NOT_RUN", "NOT_SELECTED");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * One target.
     *
     * @param anchor       the HTML id of its section
     * @param verdictClass "full" (PLATFORM), "partial" (some level), "none" (no level) or "unavailable" (error)
     * @param highest      the highest certified level's name, or empty
     * @param error        why it could not be started or reached, or empty
     * @param tallies      checks per displayed outcome, every outcome listed
     * @param summary      what an architect reads first: verdict line, ladder, capability row, blockers
     */
    public record TargetView(String anchor, String name, String kind, String description, String fingerprint,
                             String clusterId, List<String> nodes, String resourcePrefix, String error,
                             String headline, String verdictClass, String highest, String duration,
                             List<LevelView> levels, List<CapabilityView> capabilities, List<Tally> tallies,
                             List<BatteryView> batteries, List<Entry> apiVersions, List<Entry> features,
                             List<MatrixRowView> matrix, SummaryView summary) {
    }

    /**
     * One optional capability of the baseline.
     *
     * @param name       its name and KIP, "KIP-848 groups (KIP-848)"
     * @param state      the state's enum name
     * @param stateLabel the state for people: "✓ working", "advertised, not enabled"
     * @param cssClass   "working", "broken", "advertised-not-enabled", "absent" or "not-assessed"
     * @param findings   links to the rows of its checks that did not pass
     */
    public record CapabilityView(String name, String state, String stateLabel, String cssClass, String summary,
                                 List<Link> findings) {
    }

    /**
     * One API key of the API-versions matrix.
     *
     * @param status      MISSING, BEHIND, SAME, AHEAD or EXTRA
     * @param statusClass the status as a style class: a gap is "gap"
     * @param cells       the sweep's outcome per version, in version order
     */
    public record MatrixRowView(int key, String name, String baseline, String target, String status,
                                String statusClass, List<CellView> cells) {
    }

    /** One version of the sweep: {@code v17}, its displayed outcome and its row's anchor. */
    public record CellView(String version, String label, String cssClass, String anchor) {
    }

    /**
     * One certification level.
     *
     * @param state      the state's enum name
     * @param stateLabel the state for people, "NOT CERTIFIED"
     * @param cssClass   "certified", "not-certified", "blocked-below" or "not-assessed"
     * @param blockers   links to the rows of the MUST checks that did not pass
     * @param missing    links to the rows of the MUST checks the run did not select
     * @param unassessed links to the rows of the MUST checks that say nothing here (not applicable, ERROR, not run)
     */
    public record LevelView(String name, String meaning, String state, String stateLabel, String cssClass,
                            String summary, List<Link> blockers, List<Link> missing, List<Link> unassessed) {
    }

    /** A reference to a check's row: its id, the row's anchor, its displayed outcome. */
    public record Link(String id, String anchor, String label, String cssClass) {
    }

    /**
     * The checks of one battery for one target, in catalog order.
     *
     * @param selected the checks the run selected, for formats that leave the others out
     * @param tallies  checks per displayed outcome, only the outcomes that occur
     */
    public record BatteryView(String id, String anchor, List<CheckView> checks, List<CheckView> selected,
                              List<Tally> tallies, int condensed) {
    }

    /**
     * One check's row.
     *
     * @param outcome  the displayed outcome key: an outcome's name, or NOT_SELECTED
     * @param label    the outcome as text, "NOT SELECTED"; readable without colour
     * @param cssClass the outcome as a style class, "not-selected"
     * @param duration formatted; empty for a check that did not run
     * @param message  the message, line breaks kept
     * @param open     whether its details start open: a FAIL or ERROR, whose hint the reader needs first
     * @param blocker  whether it keeps its level from being certified
     * @param change   how its result changed since the baseline, "PASS → FAIL (regression)"; empty when it did not
     */
    public record CheckView(String id, String anchor, String title, String level, String strength, String outcome,
                            String label, String cssClass, boolean selected, String duration, String message,
                            String hint, List<String> spec, List<String> evidence, boolean open, boolean blocker,
                            String change) {
    }

    /** How many checks had a displayed outcome. */
    public record Tally(String outcome, String label, String cssClass, long count) {
    }

    /** A name and a value: an API and its version range, a feature and its level. */
    public record Entry(String name, String value) {
    }

    /** Prepares {@code run} for display. */
    static ReportView of(RunReport run) {
        List<TargetView> targets = new ArrayList<>();
        List<CheckResult> all = new ArrayList<>();
        for (int i = 0; i < run.targets().size(); i++) {
            TargetReport target = run.targets().get(i);
            targets.add(target(target, "t" + (i + 1), run.comparison().map(b -> b.changesOf(target.name()))
                    .orElse(Map.of())));
            all.addAll(target.checks());
        }
        String duration = run.startedAt() == null || run.finishedAt() == null ? ""
                : Text.duration(Duration.between(run.startedAt(), run.finishedAt()));
        return new ReportView(line(run.tool()), line(run.toolVersion()), line(run.baseline()), time(run.startedAt()),
                duration, line(run.selection()), interrupted(run), run.schemaVersion(), tallies(all, true), targets);
    }

    /** The interruption, with the checks not run named (by target where there are several). */
    private static String interrupted(RunReport run) {
        if (run.interrupted().isEmpty()) {
            return "";
        }
        List<String> notRun = new ArrayList<>();
        for (TargetReport target : run.targets()) {
            target.checks().stream().filter(c -> c.execution() == CheckResult.Execution.NOT_RUN)
                    .map(c -> run.targets().size() == 1 ? c.id() : target.name() + ": " + c.id())
                    .forEach(notRun::add);
        }
        return line(run.interrupted().get().describe() + (notRun.isEmpty() ? "" : "; not run: "
                + String.join(", ", notRun)));
    }

    private static TargetView target(TargetReport target, String anchor, Map<String, Change> changes) {
        Verdict verdict = target.verdict();
        Set<String> blockerIds = new HashSet<>();
        List<LevelView> levels = new ArrayList<>();
        if (verdict != null) {
            for (LevelStatus status : verdict.levels()) {
                status.blockers().forEach(b -> blockerIds.add(b.id()));
                levels.add(level(status, target, anchor));
            }
        }
        List<BatteryView> batteries = new ArrayList<>();
        for (Battery battery : Battery.values()) {
            List<CheckResult> results = target.checks().stream().filter(c -> c.battery() == battery).toList();
            if (!results.isEmpty()) {
                List<CheckView> checks = results.stream().filter(c -> !ApiMatrix.condensed(c))
                        .map(c -> check(c, anchor, blockerIds.contains(c.id()), changes.get(c.id()))).toList();
                batteries.add(new BatteryView(battery.id(), anchor + "-" + battery.id(), checks,
                        checks.stream().filter(CheckView::selected).toList(), tallies(results, false),
                        results.size() - checks.size()));
            }
        }
        List<CapabilityView> capabilities = verdict == null ? List.of()
                : verdict.capabilities().stream().map(c -> capability(c, anchor)).toList();
        String highest = verdict == null ? "" : verdict.highest().map(Level::name).orElse("");
        String verdictClass = target.error().isPresent() ? "unavailable"
                : highest.isEmpty() ? "none" : highest.equals(Level.PLATFORM.name()) ? "full" : "partial";
        return new TargetView(anchor, line(target.name()), line(target.kind()), line(target.description()),
                line(target.fingerprint()), line(target.clusterId()), target.nodes().stream().map(Text::oneLine).toList(),
                line(target.resourcePrefix()), Text.printable(target.error().orElse("")),
                verdict == null ? "" : line(verdict.headline()), verdictClass, highest,
                Text.duration(target.duration()), levels, capabilities, tallies(target.checks(), true), batteries,
                entries(target.apiVersions()), entries(target.finalizedFeatures()), matrix(target, anchor),
                SummaryView.of(target, anchor, changes));
    }


    private static List<MatrixRowView> matrix(TargetReport target, String anchor) {
        if (target.error().isPresent()) {
            // nothing is known of what a target that was not reached advertises: no row says MISSING for it
            return List.of();
        }
        Map<String, CheckResult> byId = new java.util.HashMap<>();
        target.checks().forEach(c -> byId.put(c.id(), c));
        return ApiMatrix.of(target).rows().stream().map(row -> new MatrixRowView(row.key(), line(row.name()),
                row.baseline(), row.target(), row.status().name(),
                row.status() == ApiMatrix.Status.MISSING || row.status() == ApiMatrix.Status.BEHIND ? "gap"
                        : row.status().name().toLowerCase(Locale.ROOT),
                row.sweep().stream().map(cell -> {
                    CheckResult check = byId.get(cell.checkId());
                    String key = Text.key(check);
                    return new CellView("v" + cell.version(), Text.label(check), Text.cssClass(key),
                            ApiMatrix.condensed(check) ? "" : anchor + "-" + cell.checkId());
                }).toList())).toList();
    }

    private static LevelView level(LevelStatus status, TargetReport target, String anchor) {
        String state = status.state().name();
        List<Link> blockers = status.blockers().stream()
                .map(b -> new Link(b.id(), anchor + "-" + b.id(), Text.label(b), Text.cssClass(Text.key(b)))).toList();
        List<Link> missing = status.missing().stream()
                .map(id -> new Link(id, anchor + "-" + id, Text.NOT_SELECTED, Text.cssClass("NOT_SELECTED"))).toList();
        List<Link> unassessed = status.unassessed().stream().map(c -> link(c, anchor)).toList();
        return new LevelView(status.level().name(), status.level().meaning(), state, state.replace('_', ' '),
                Text.cssClass(state), line(status.summary()), blockers, missing, unassessed);
    }

    private static CapabilityView capability(CapabilityStatus status, String anchor) {
        String state = status.state().name();
        String label = switch (status.state()) {
            case WORKING -> "✓ working";
            case BROKEN -> "✗ broken";
            default -> status.state().mark();
        };
        return new CapabilityView(status.capability().displayName() + " (" + status.capability().kip() + ")", state,
                label, Text.cssClass(state), line(status.summary()),
                status.findings().stream().map(c -> link(c, anchor)).toList());
    }

    private static Link link(CheckResult check, String anchor) {
        return new Link(check.id(), anchor + "-" + check.id(), Text.label(check), Text.cssClass(Text.key(check)));
    }

    private static CheckView check(CheckResult check, String anchor, boolean blocker, Change change) {
        String key = Text.key(check);
        boolean open = check.selected() && (check.outcome() == Outcome.FAIL || check.outcome() == Outcome.ERROR);
        return new CheckView(check.id(), anchor + "-" + check.id(), line(check.title()), check.level().name(),
                check.strength().name(), key, Text.label(check), Text.cssClass(key), check.selected(),
                check.selected() ? Text.duration(check.duration()) : "", Text.printable(check.message()).strip(),
                Text.printable(check.hint()).strip(), check.spec().stream().map(Text::oneLine).toList(),
                check.evidence().stream().map(Text::printable).toList(), open, blocker, change == null ? ""
                        : change.describe() + (change.regression() ? " (regression)" : ""));
    }

    /** Checks per displayed outcome; with {@code all}, zero counts too, so every outcome is always listed. */
    private static List<Tally> tallies(List<CheckResult> checks, boolean all) {
        List<Tally> tallies = new ArrayList<>();
        for (String key : OUTCOME_KEYS) {
            long count = checks.stream().filter(c -> Text.key(c).equals(key)).count();
            if (all || count > 0) {
                tallies.add(new Tally(key, key.replace('_', ' '), Text.cssClass(key), count));
            }
        }
        return tallies;
    }

    private static List<Entry> entries(Map<String, ?> map) {
        return map.entrySet().stream().map(e -> new Entry(Text.oneLine(e.getKey()), Text.oneLine(String.valueOf(
                e.getValue())))).toList();
    }

    private static String line(String text) {
        return Text.oneLine(text);
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }
}
