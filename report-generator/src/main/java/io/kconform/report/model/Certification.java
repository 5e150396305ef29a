package io.kconform.report.model;

import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that turns check results into a verdict. Pure and thread-safe.
 *
 * <p>Levels build on each other. A level's own MUST checks decide it: any of them FAIL, UNSUPPORTED
 * or ERROR and it is {@link LevelStatus.State#NOT_CERTIFIED}; any not selected, or none at all, and it
 * is {@link LevelStatus.State#NOT_ASSESSED}. A level is {@link LevelStatus.State#CERTIFIED} when its
 * own MUST checks pass (a SKIPPED check, not applicable to this target, neither passes nor blocks) and
 * every level below is certified; otherwise it is {@link LevelStatus.State#BLOCKED_BELOW}. SHOULD and
 * MAY checks never decide a level; the report shows them all the same.
 */
public final class Certification {

    private Certification() {
    }

    /**
     * The verdict for one target.
     *
     * @param checks   every check of the catalog, selected or not
     * @param baseline the Apache Kafka release the checks are written against, e.g. "Apache Kafka 4.4"
     */
    public static Verdict evaluate(List<CheckResult> checks, String baseline) {
        List<LevelStatus> levels = new ArrayList<>();
        boolean belowCertified = true;
        Level highest = null;
        for (Level level : Level.values()) {
            List<CheckResult> must = checks.stream()
                    .filter(c -> c.level() == level && c.strength() == Strength.MUST).toList();
            List<CheckResult> blockers = must.stream()
                    .filter(c -> c.selected() && c.outcome().blocksCertification()).toList();
            List<String> missing = must.stream().filter(c -> !c.selected()).map(CheckResult::id).toList();
            LevelStatus.State state;
            String summary;
            if (!blockers.isEmpty()) {
                state = LevelStatus.State.NOT_CERTIFIED;
                summary = summarize(blockers);
            } else if (!missing.isEmpty()) {
                state = LevelStatus.State.NOT_ASSESSED;
                summary = missing.size() + " MUST " + plural(missing.size(), "check") + " not selected";
            } else if (must.stream().noneMatch(c -> c.outcome() == Outcome.PASS)) {
                state = LevelStatus.State.NOT_ASSESSED;
                summary = must.isEmpty() ? "no MUST checks" : "no MUST check applied to this target";
            } else if (!belowCertified) {
                state = LevelStatus.State.BLOCKED_BELOW;
                summary = "its own MUST checks pass; a level below is not certified";
            } else {
                state = LevelStatus.State.CERTIFIED;
                summary = "every MUST check passed";
                highest = level;
            }
            belowCertified = belowCertified && state == LevelStatus.State.CERTIFIED;
            levels.add(new LevelStatus(level, state, blockers, missing, summary));
        }
        return new Verdict(Optional.ofNullable(highest), levels, headline(levels, highest, baseline));
    }

    /** The verdict for a target that could not be started or reached: nothing certified, and why. */
    public static Verdict unavailable(String reason, String baseline) {
        List<LevelStatus> levels = new ArrayList<>();
        for (Level level : Level.values()) {
            levels.add(new LevelStatus(level, LevelStatus.State.NOT_ASSESSED, List.of(), List.of(), reason));
        }
        return new Verdict(Optional.empty(), levels, "Not assessed (" + baseline + " baseline): " + oneLine(reason));
    }

    private static String headline(List<LevelStatus> levels, Level highest, String baseline) {
        StringBuilder line = new StringBuilder();
        if (highest == null) {
            line.append("Not certified at any level (").append(baseline).append(" baseline).");
        } else {
            line.append("Certified: ").append(highest.name()).append(" (").append(baseline).append(" baseline).");
        }
        List<String> notCertified = new ArrayList<>();
        List<String> notAssessed = new ArrayList<>();
        for (LevelStatus status : levels) {
            switch (status.state()) {
                case NOT_CERTIFIED -> notCertified.add(status.level().name() + " — " + status.summary());
                case BLOCKED_BELOW -> notCertified.add(status.level().name() + " — needs the levels below");
                case NOT_ASSESSED -> notAssessed.add(status.level().name() + " (" + status.summary() + ")");
                case CERTIFIED -> { }
            }
        }
        if (!notCertified.isEmpty()) {
            line.append("  Not certified: ").append(String.join("; ", notCertified)).append('.');
        }
        if (!notAssessed.isEmpty()) {
            line.append("  Not assessed: ").append(String.join("; ", notAssessed)).append('.');
        }
        return line.toString();
    }

    /**
     * Blockers grouped by area and outcome: "storage.compaction.latest-value-kept FAIL" for one,
     * "compaction FAIL (3 checks)" for several of an area.
     */
    static String summarize(List<CheckResult> blockers) {
        Map<String, List<CheckResult>> groups = new LinkedHashMap<>();
        for (CheckResult blocker : blockers) {
            groups.computeIfAbsent(area(blocker.id()) + " " + blocker.outcome(), k -> new ArrayList<>()).add(blocker);
        }
        List<String> parts = new ArrayList<>();
        groups.forEach((key, group) -> {
            if (group.size() == 1) {
                CheckResult only = group.get(0);
                String message = abbreviate(only.message(), 80);
                String reason = only.outcome() == Outcome.UNSUPPORTED && !message.isEmpty() ? " (" + message + ")" : "";
                parts.add(only.id() + " " + only.outcome() + reason);
            } else {
                parts.add(key + " (" + group.size() + " checks)");
            }
        });
        return String.join(", ", parts);
    }

    private static String area(String id) {
        String[] segments = id.split("\\.");
        return segments.length > 1 ? segments[1] : id;
    }

    private static String abbreviate(String text, int max) {
        String line = oneLine(text);
        if (line.codePointCount(0, line.length()) <= max) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, max - 1)) + "…";
    }

    /**
     * Messages and reasons come from the remote endpoint or an exception: a line break or a control
     * character in them must not break the one-line headline every report starts with.
     */
    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    }

    private static String plural(int n, String word) {
        return n == 1 ? word : word + "s";
    }
}
