package io.kconform.report.render;

import io.kconform.api.Battery;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.report.model.CapabilityRow;
import io.kconform.report.model.Change;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.LevelStatus;
import io.kconform.report.model.TargetReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an architect reads first about one target, prepared for report.html and report.md: the verdict in one
 * sentence (which level it holds and what that means: on-ramp or backbone), the level ladder and a bar per battery
 * as SVG geometry, the ✓/✗/— capability row, and per level not held the checks that hold it back, those that FAIL
 * (claimed, broken) apart from those UNSUPPORTED (not offered). Decides nothing: the level states come from the
 * verdict, the marks from {@link CapabilityRow}. Public only because FreeMarker reads public records.
 *
 * @param verdictLine  "Holds MESSAGING — a message bus: …. Not yet the backbone: STORAGE is held back by 3 FAIL."
 * @param role         the held level in a word or two: "backbone", "on-ramp", "no level", "not assessed"
 * @param ladder       the levels top down (PLATFORM first), with the ladder's SVG geometry
 * @param ladderHeight the ladder SVG's height
 * @param marks        the capability row
 * @param heldBack     one entry per level not held, bottom up
 * @param bars         one bar per battery with a check
 * @param barsHeight   the bars SVG's height
 * @param blockers     every check that holds a level back, bottom level first, FAIL before UNSUPPORTED
 * @param changes      the selected checks whose result changed since the baseline run, regressions first
 * @param others       the other selected checks that FAIL or ended in ERROR (SHOULD and MAY checks, capabilities)
 */
public record SummaryView(String verdictLine, String role, List<RungView> ladder, int ladderHeight,
                          List<MarkView> marks, List<HeldBackView> heldBack, List<BarView> bars, int barsHeight,
                          List<FindingView> blockers, List<FindingView> changes, List<FindingView> others) {

    /** Width of the ladder SVG. */
    static final int LADDER_WIDTH = 520;
    /** Width of a bar at 100 %. */
    static final int BAR_WIDTH = 320;
    private static final int RUNG = 30;
    private static final int RUNG_GAP = 6;
    private static final int BAR_ROW = 24;
    private static final int BAR_HEIGHT = 14;
    private static final int BAR_X = 80;

    /** What holding each level lets an architect do with the endpoint, derived from the levels' definitions. */
    private static final Map<Level, String> READINGS = new EnumMap<>(Map.of(
            Level.INGEST, "an on-ramp: applications can publish to it (every acks mode, idempotence, compression,"
                    + " headers), nothing more is proven",
            Level.MESSAGING, "a message bus: applications produce and consume through consumer groups with committed"
                    + " offsets, but it is not proven to keep data",
            Level.STORAGE, "a system of record: data can be replayed, found by time, retained and compacted",
            Level.EXACTLY_ONCE, "exactly-once: transactions, read_committed and fencing hold, so"
                    + " consume-transform-produce neither loses nor duplicates",
            Level.PLATFORM, "can be the operational backbone: a real Kafka Connect worker and a real Kafka Streams"
                    + " application run on it"));

    /** The same in a few words, as the ladder shows them beside each level. */
    private static final Map<Level, String> ROLES = new EnumMap<>(Map.of(
            Level.INGEST, "on-ramp: publish to it",
            Level.MESSAGING, "message bus: produce and consume",
            Level.STORAGE, "system of record: replay, retain, compact",
            Level.EXACTLY_ONCE, "exactly-once: transactions, fencing",
            Level.PLATFORM, "backbone: Connect and Streams on it"));

    private static final Map<String, String> FILLS = Map.of(
            "PASS", "#2da44e", "FAIL", "#cf222e", "UNSUPPORTED", "#d4a72c", "SKIPPED", "#afb8c1",
            "ERROR", "#8250df", "NOT_RUN", "#6e7781", "NOT_SELECTED", "#eef1f4");

    /**
     * One level of the ladder.
     *
     * @param reading    what holding it means, one sentence
     * @param role       the same in a few words, "backbone: Connect and Streams on it"
     * @param stateLabel "HELD", "NOT CERTIFIED", "BLOCKED BELOW", "NOT ASSESSED"
     * @param cssClass   the level state's style class, "certified"
     * @param highest    whether it is the highest level held
     * @param y          the rung's top in the ladder SVG
     */
    public record RungView(String level, String reading, String role, String stateLabel, String cssClass, boolean highest,
                           int y, int textY, String fill, String stroke) {
    }

    /** One entry of the capability row: "transactions ✓". */
    public record MarkView(String name, String sign, String word, String cssClass, String reason,
                           List<ReportView.Link> checks) {
    }

    /**
     * A level not held and why.
     *
     * @param why         the level's summary, "compaction FAIL (3 checks)", or "needs INGEST, held back below"
     * @param failed      its MUST checks that FAIL: claimed, broken
     * @param unsupported its MUST checks that are UNSUPPORTED: not offered
     * @param notAssessed its MUST checks that say nothing: not selected, not run, ERROR
     */
    public record HeldBackView(String level, String anchor, String reading, String stateLabel, String cssClass,
                               String why, List<BlockerView> failed, List<BlockerView> unsupported,
                               List<ReportView.Link> notAssessed) {
    }

    /** A check that holds a level back: its id, its row's anchor, its title and its message on one line. */
    public record BlockerView(String id, String anchor, String title, String message) {
    }

    /**
     * One check worth a line of a short report.
     *
     * @param outcome the displayed outcome key, "FAIL"
     * @param label   the outcome as text, "NOT SELECTED"
     * @param note    what else to say: how it changed since the baseline, "PASS → FAIL (regression)"
     */
    public record FindingView(String level, String id, String anchor, String outcome, String label, String message,
                              String note) {
    }

    /** One battery's bar: segments per outcome, and the counts as text beside it. */
    public record BarView(String battery, String anchor, int y, int textY, List<SegmentView> segments,
                          String caption) {
    }

    /** One outcome's part of a bar. */
    public record SegmentView(String outcome, String label, String cssClass, long count, String x, String width,
                              String fill) {
    }

    /** The summary of {@code target}, whose section has the HTML id {@code anchor}. */
    static SummaryView of(TargetReport target, String anchor, Map<String, Change> changed) {
        if (target.error().isPresent() || target.verdict() == null) {
            return new SummaryView("Not assessed: the target could not be started or reached; nothing is certified.",
                    "not assessed", List.of(), 0, List.of(), List.of(), List.of(), 0, List.of(), List.of(), List.of());
        }
        List<LevelStatus> levels = target.verdict().levels();
        Level highest = target.verdict().highest().orElse(null);
        List<RungView> ladder = new ArrayList<>();
        for (int i = levels.size() - 1; i >= 0; i--) {
            LevelStatus status = levels.get(i);
            int y = (levels.size() - 1 - i) * (RUNG + RUNG_GAP);
            String css = css(status.state().name());
            ladder.add(new RungView(status.level().name(), READINGS.get(status.level()), ROLES.get(status.level()),
                    stateLabel(status), css,
                    status.level() == highest, y, y + 20, rungFill(status.state()), rungStroke(status.state())));
        }
        List<HeldBackView> heldBack = levels.stream().filter(s -> s.state() != LevelStatus.State.CERTIFIED)
                .map(s -> heldBack(s, anchor)).toList();
        List<MarkView> marks = CapabilityRow.of(target).stream().map(e -> new MarkView(e.name(), e.mark().sign(),
                e.mark().word(), css(e.mark().name()), Text.oneLine(e.reason()),
                e.checks().stream().map(c -> link(c, anchor)).toList())).toList();
        List<BarView> bars = bars(target, anchor);
        List<FindingView> blockers = new ArrayList<>();
        Set<String> blockerIds = new HashSet<>();
        for (LevelStatus status : levels) {
            for (Outcome outcome : List.of(Outcome.FAIL, Outcome.UNSUPPORTED)) {
                status.blockers().stream().filter(c -> c.outcome() == outcome).forEach(c -> {
                    blockers.add(finding(c, anchor, ""));
                    blockerIds.add(c.id());
                });
            }
        }
        List<FindingView> changes = new ArrayList<>();
        target.checks().stream().filter(c -> changed.containsKey(c.id()))
                .sorted(Comparator.comparing((CheckResult c) -> !changed.get(c.id()).regression()))
                .forEach(c -> changes.add(finding(c, anchor, changed.get(c.id()).describe()
                        + (changed.get(c.id()).regression() ? " (regression)" : ""))));
        List<FindingView> others = target.checks().stream().filter(c -> c.selected() && !blockerIds.contains(c.id())
                && (c.outcome() == Outcome.FAIL || c.outcome() == Outcome.ERROR))
                .map(c -> finding(c, anchor, c.strength().name())).toList();
        return new SummaryView(verdictLine(levels, highest), role(levels, highest), ladder,
                levels.size() * (RUNG + RUNG_GAP) - RUNG_GAP, marks, heldBack, bars, bars.size() * BAR_ROW,
                blockers, changes, others);
    }

    private static FindingView finding(CheckResult check, String anchor, String note) {
        return new FindingView(check.level().name(), check.id(), anchor + "-" + check.id(), Text.key(check),
                Text.label(check), Text.truncate(Text.oneLine(check.message()), 160), note);
    }

    private static String verdictLine(List<LevelStatus> levels, Level highest) {
        if (highest == Level.PLATFORM) {
            return "Holds PLATFORM — it " + READINGS.get(Level.PLATFORM) + ".";
        }
        LevelStatus next = levels.get(highest == null ? 0 : highest.ordinal() + 1);
        String nextWhy = next.state() == LevelStatus.State.NOT_ASSESSED
                ? next.level().name() + " was not assessed (" + Text.oneLine(next.summary()) + ")"
                : next.level().name() + " is held back by " + counts(next);
        if (highest == null) {
            return next.state() == LevelStatus.State.NOT_ASSESSED ? "Holds no level: " + nextWhy + "."
                    : "Holds no level, not even the on-ramp: " + nextWhy + ".";
        }
        return "Holds " + highest.name() + " — " + READINGS.get(highest) + ". Not yet the backbone: " + nextWhy + ".";
    }

    private static String role(List<LevelStatus> levels, Level highest) {
        if (highest == null) {
            return levels.get(0).state() == LevelStatus.State.NOT_ASSESSED ? "not assessed" : "no level";
        }
        return switch (highest) {
            case INGEST -> "on-ramp";
            case MESSAGING -> "message bus";
            case STORAGE -> "system of record";
            case EXACTLY_ONCE -> "exactly-once";
            case PLATFORM -> "backbone";
        };
    }

    /** "2 FAIL and 1 UNSUPPORTED MUST checks". */
    private static String counts(LevelStatus status) {
        long failed = status.blockers().stream().filter(c -> c.outcome() == Outcome.FAIL).count();
        long unsupported = status.blockers().stream().filter(c -> c.outcome() == Outcome.UNSUPPORTED).count();
        List<String> parts = new ArrayList<>();
        if (failed > 0) {
            parts.add(failed + " FAIL");
        }
        if (unsupported > 0) {
            parts.add(unsupported + " UNSUPPORTED");
        }
        long total = failed + unsupported;
        return String.join(" and ", parts) + " MUST " + (total == 1 ? "check" : "checks");
    }

    private static HeldBackView heldBack(LevelStatus status, String anchor) {
        List<BlockerView> failed = status.blockers().stream().filter(c -> c.outcome() == Outcome.FAIL)
                .map(c -> blocker(c, anchor)).toList();
        List<BlockerView> unsupported = status.blockers().stream().filter(c -> c.outcome() == Outcome.UNSUPPORTED)
                .map(c -> blocker(c, anchor)).toList();
        List<ReportView.Link> notAssessed = new ArrayList<>();
        status.missing().forEach(id -> notAssessed.add(new ReportView.Link(id, anchor + "-" + id, Text.NOT_SELECTED,
                "not-selected")));
        status.unassessed().stream().filter(c -> status.state() != LevelStatus.State.CERTIFIED)
                .forEach(c -> notAssessed.add(link(c, anchor)));
        String why = status.state() == LevelStatus.State.BLOCKED_BELOW
                ? "its own MUST checks pass; it needs every level below" : Text.oneLine(status.summary());
        return new HeldBackView(status.level().name(), anchor + "-held-back-" + status.level().id(),
                READINGS.get(status.level()), stateLabel(status), css(status.state().name()), why, failed,
                unsupported, notAssessed);
    }

    private static BlockerView blocker(CheckResult check, String anchor) {
        return new BlockerView(check.id(), anchor + "-" + check.id(), Text.oneLine(check.title()),
                Text.truncate(Text.oneLine(check.message()), 200));
    }

    private static List<BarView> bars(TargetReport target, String anchor) {
        List<BarView> bars = new ArrayList<>();
        for (Battery battery : Battery.values()) {
            List<CheckResult> checks = target.checks().stream().filter(c -> c.battery() == battery).toList();
            if (checks.isEmpty()) {
                continue;
            }
            List<String> keys = ReportView.OUTCOME_KEYS;
            long[] counts = keys.stream().mapToLong(k -> checks.stream().filter(c -> Text.key(c).equals(k)).count())
                    .toArray();
            // A single FAIL among 300 sweep checks must still be seen: every outcome that occurs gets 3 px at least.
            double[] widths = new double[counts.length];
            double sum = 0;
            for (int i = 0; i < counts.length; i++) {
                widths[i] = counts[i] == 0 ? 0 : Math.max(3, (double) BAR_WIDTH * counts[i] / checks.size());
                sum += widths[i];
            }
            List<SegmentView> segments = new ArrayList<>();
            List<String> caption = new ArrayList<>();
            double x = BAR_X;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    continue;
                }
                double width = widths[i] * BAR_WIDTH / sum;
                String key = keys.get(i);
                String label = key.replace('_', ' ');
                segments.add(new SegmentView(key, label, css(key), counts[i], number(x), number(width),
                        FILLS.get(key)));
                caption.add(counts[i] + " " + label);
                x += width;
            }
            int y = bars.size() * BAR_ROW;
            bars.add(new BarView(battery.id(), anchor + "-" + battery.id(), y + (BAR_ROW - BAR_HEIGHT) / 2,
                    y + 16, segments, String.join(" · ", caption)));
        }
        return bars;
    }

    private static ReportView.Link link(CheckResult check, String anchor) {
        return new ReportView.Link(check.id(), anchor + "-" + check.id(), Text.label(check), css(Text.key(check)));
    }

    private static String stateLabel(LevelStatus status) {
        return status.state() == LevelStatus.State.CERTIFIED ? "HELD" : status.state().name().replace('_', ' ');
    }

    private static String rungFill(LevelStatus.State state) {
        return switch (state) {
            case CERTIFIED -> "#dafbe1";
            case NOT_CERTIFIED -> "#ffebe9";
            case BLOCKED_BELOW -> "#fff8c5";
            case NOT_ASSESSED -> "#f6f8fa";
        };
    }

    private static String rungStroke(LevelStatus.State state) {
        return switch (state) {
            case CERTIFIED -> "#1a7f37";
            case NOT_CERTIFIED -> "#cf222e";
            case BLOCKED_BELOW -> "#9a6700";
            case NOT_ASSESSED -> "#8c959f";
        };
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String css(String key) {
        return key.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The x where bars start; battery names are drawn left of it. */
    public int barX() {
        return BAR_X;
    }

    /** The x where a bar's counts are written, right of the bar. */
    public int captionX() {
        return BAR_X + BAR_WIDTH + 8;
    }

    /** Width of the ladder SVG. */
    public int ladderWidth() {
        return LADDER_WIDTH;
    }

    /** Width of the bars SVG: names, bars, and room for the longest caption. */
    public int barsWidth() {
        return captionX() + 380;
    }

    /** Bar height. */
    public int barHeight() {
        return BAR_HEIGHT;
    }
}
