package io.kconform.report.model;

import io.kconform.api.Capability;
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
 * <p>Levels build on each other, and a level's own MUST checks decide it, except those of an optional
 * {@link Capability}, which never decide a level. Any of them FAIL or UNSUPPORTED and the level is
 * {@link LevelStatus.State#NOT_CERTIFIED}. Otherwise, any of them not selected, not run (the target stopped
 * answering) or ended in ERROR (the harness's fault, never counted against the target), or none passed, and it is
 * {@link LevelStatus.State#NOT_ASSESSED}. A MUST check this deployment cannot assess (it needs broker control or
 * a cluster the target does not give: {@link CheckResult.Execution#NOT_ASSESSABLE_HERE}) neither passes nor
 * blocks: the level can be certified, and the headline names the check as not assessable here. A MUST check
 * SKIPPED because the target makes no claim to verify (a version it does not advertise) is not listed. A level is {@link LevelStatus.State#CERTIFIED} when its own MUST checks
 * pass and every level below is certified; otherwise it is {@link LevelStatus.State#BLOCKED_BELOW}. SHOULD and
 * MAY checks never decide a level; the report shows them all the same.
 *
 * <p>Each capability is broken when a check of it FAILED; otherwise its MUST checks decide (its SHOULD checks
 * where no MUST check gave a verdict): {@linkplain CapabilityStatus.State working} when one of them passed,
 * advertised but not enabled when the target claims the capability and refuses it, absent when it neither claims
 * nor offers it, and not assessed when nothing ran. MAY checks do not decide a capability.
 */
public final class Certification {

    private Certification() {
    }

    /**
     * The verdict for one target.
     *
     * @param checks     every check of the catalog, selected or not
     * @param baseline   the Apache Kafka release the checks are written against, e.g. "Apache Kafka 4.4"
     * @param advertised what the target advertised, to tell a capability switched off from one absent
     */
    public static Verdict evaluate(List<CheckResult> checks, String baseline, Advertisement advertised) {
        return evaluate(checks, baseline, advertised, AssessedWith.currentClients());
    }

    /**
     * The verdict for one target, saying which Java client release assessed it where it was not the current one
     * (current clients cannot connect to the target): "Assessed with Java clients 3.8.1; 3.9 and later cannot
     * connect", right after the level.
     *
     * @param assessedWith which Java client release assessed it, and why
     */
    public static Verdict evaluate(List<CheckResult> checks, String baseline, Advertisement advertised,
                                   AssessedWith assessedWith) {
        List<LevelStatus> levels = new ArrayList<>();
        boolean belowCertified = true;
        Level highest = null;
        for (Level level : Level.values()) {
            LevelStatus status = level(level, checks, belowCertified);
            if (status.state() == LevelStatus.State.CERTIFIED) {
                highest = level;
            }
            belowCertified = belowCertified && status.state() == LevelStatus.State.CERTIFIED;
            levels.add(status);
        }
        List<CapabilityStatus> capabilities = new ArrayList<>();
        for (Capability capability : Capability.values()) {
            capabilities.add(capability(capability, checks, advertised));
        }
        return new Verdict(Optional.ofNullable(highest), levels, capabilities,
                headline(levels, capabilities, highest, baseline, assessedWith));
    }

    /** The verdict for a target that could not be started or reached: nothing certified, and why. */
    public static Verdict unavailable(String reason, String baseline) {
        List<LevelStatus> levels = new ArrayList<>();
        for (Level level : Level.values()) {
            levels.add(new LevelStatus(level, LevelStatus.State.NOT_ASSESSED, List.of(), List.of(), List.of(), reason));
        }
        return new Verdict(Optional.empty(), levels, List.of(),
                "Not assessed (" + baseline + " baseline): " + oneLine(reason));
    }

    private static LevelStatus level(Level level, List<CheckResult> checks, boolean belowCertified) {
        List<CheckResult> must = checks.stream().filter(c -> c.level() == level && c.gatesLevel()).toList();
        List<CheckResult> blockers = must.stream().filter(c -> c.ran() && c.outcome().blocksCertification()).toList();
        List<String> missing = must.stream().filter(c -> !c.selected()).map(CheckResult::id).toList();
        // A MUST check SKIPPED because the target makes no claim (a version it does not advertise) is vacuous: it
        // is not listed. One this deployment cannot assess, one not run, one in ERROR are: nothing was verified.
        List<CheckResult> unassessed = must.stream().filter(c -> c.selected()
                && (!c.ran() || c.outcome() == Outcome.ERROR)).toList();
        List<CheckResult> notRun = unassessed.stream()
                .filter(c -> c.execution() == CheckResult.Execution.NOT_RUN).toList();
        List<CheckResult> errors = unassessed.stream().filter(c -> c.ran() && c.outcome() == Outcome.ERROR).toList();
        LevelStatus.State state;
        String summary;
        if (!blockers.isEmpty()) {
            state = LevelStatus.State.NOT_CERTIFIED;
            summary = summarize(blockers);
        } else if (!missing.isEmpty()) {
            state = LevelStatus.State.NOT_ASSESSED;
            summary = missing.size() + " MUST " + plural(missing.size(), "check") + " not selected";
        } else if (!notRun.isEmpty() || !errors.isEmpty()) {
            state = LevelStatus.State.NOT_ASSESSED;
            List<String> parts = new ArrayList<>();
            if (!notRun.isEmpty()) {
                parts.add(notRun.size() + " MUST " + plural(notRun.size(), "check") + " not run ("
                        + abbreviate(notRun.get(0).message(), 100) + ")");
            }
            if (!errors.isEmpty()) {
                parts.add(errors.size() + " MUST " + plural(errors.size(), "check") + " ended in ERROR, the harness's"
                        + " fault: " + ids(errors, 3));
            }
            summary = String.join("; ", parts);
        } else if (must.stream().noneMatch(c -> c.outcome() == Outcome.PASS)) {
            state = LevelStatus.State.NOT_ASSESSED;
            summary = must.isEmpty() ? "no MUST checks" : "no MUST check applied to this target";
        } else if (!belowCertified) {
            state = LevelStatus.State.BLOCKED_BELOW;
            summary = "its own MUST checks pass; a level below is not certified";
        } else {
            state = LevelStatus.State.CERTIFIED;
            summary = unassessed.isEmpty() ? "every MUST check passed"
                    : "every MUST check that applies here passed";
        }
        return new LevelStatus(level, state, blockers, missing, unassessed, summary);
    }

    private static CapabilityStatus capability(Capability capability, List<CheckResult> checks,
                                               Advertisement advertised) {
        List<CheckResult> own = checks.stream().filter(c -> c.capability().orElse(null) == capability
                && c.strength() != Strength.MAY && c.ran()).toList();
        List<CheckResult> failed = own.stream().filter(c -> c.outcome() == Outcome.FAIL).toList();
        if (!failed.isEmpty()) {
            return new CapabilityStatus(capability, CapabilityStatus.State.BROKEN, failed,
                    failed.size() + " " + plural(failed.size(), "check") + " FAIL: " + ids(failed, 3));
        }
        // What a user of the capability relies on decides it: its MUST checks where any gave a verdict (a
        // describe API answering while the heartbeat is refused does not make a group protocol work), else its
        // SHOULD checks.
        List<CheckResult> deciding = own.stream().filter(c -> c.strength() == Strength.MUST && decided(c)).toList();
        if (deciding.isEmpty()) {
            deciding = own.stream().filter(Certification::decided).toList();
        }
        List<CheckResult> refused = own.stream().filter(c -> c.outcome() == Outcome.UNSUPPORTED).toList();
        boolean passed = deciding.stream().anyMatch(c -> c.outcome() == Outcome.PASS);
        boolean claimed = advertised.claims(capability);
        if (passed) {
            return new CapabilityStatus(capability, CapabilityStatus.State.WORKING, refused, refused.isEmpty()
                    ? "offered, and every check of it passed"
                    : "offered; refused in part: " + ids(refused, 3) + " UNSUPPORTED");
        }
        if (claimed && !refused.isEmpty()) {
            return new CapabilityStatus(capability, CapabilityStatus.State.ADVERTISED_NOT_ENABLED, refused,
                    "advertised, and refused when used: " + abbreviate(refused.get(0).message(), 120));
        }
        if (!claimed && own.stream().anyMatch(c -> c.outcome() == Outcome.UNSUPPORTED
                || c.outcome() == Outcome.SKIPPED)) {
            return new CapabilityStatus(capability, CapabilityStatus.State.ABSENT, List.of(), "not offered");
        }
        return new CapabilityStatus(capability, CapabilityStatus.State.NOT_ASSESSED, List.of(),
                own.isEmpty() ? "no check of it ran" : "no check of it gave a verdict");
    }

    /** Whether a check that ran says something about the target: it passed, failed or was refused. */
    private static boolean decided(CheckResult check) {
        return check.outcome() == Outcome.PASS || check.outcome() == Outcome.FAIL
                || check.outcome() == Outcome.UNSUPPORTED;
    }

    private static String headline(List<LevelStatus> levels, List<CapabilityStatus> capabilities, Level highest,
                                   String baseline, AssessedWith assessedWith) {
        StringBuilder line = new StringBuilder();
        if (highest == null) {
            line.append("Not certified at any level (").append(baseline).append(" baseline)");
        } else {
            line.append("Certified: ").append(highest.name()).append(" (").append(baseline).append(" baseline)");
        }
        for (CapabilityStatus capability : capabilities) {
            if (capability.state() != CapabilityStatus.State.NOT_ASSESSED) {
                line.append(" · ").append(capability.label());
            }
        }
        line.append('.');
        if (!assessedWith.currentConnect()) {
            // Which clients' view the verdict is: a reader must know current clients were not the ones that got in.
            line.append("  ").append(oneLine(assessedWith.sentence())).append('.');
        }
        List<String> notCertified = new ArrayList<>();
        List<String> notAssessed = new ArrayList<>();
        List<CheckResult> notApplicable = new ArrayList<>();
        for (LevelStatus status : levels) {
            switch (status.state()) {
                case NOT_CERTIFIED -> notCertified.add(status.level().name() + " — " + status.summary());
                case BLOCKED_BELOW -> notCertified.add(status.level().name() + " — needs the levels below");
                case NOT_ASSESSED -> notAssessed.add(status.level().name() + " (" + status.summary() + ")");
                case CERTIFIED -> status.unassessed().stream()
                        .filter(c -> c.execution() == CheckResult.Execution.NOT_ASSESSABLE_HERE)
                        .forEach(notApplicable::add);
            }
        }
        if (!notCertified.isEmpty()) {
            line.append("  Not certified: ").append(String.join("; ", notCertified)).append('.');
        }
        if (!notAssessed.isEmpty()) {
            line.append("  Not assessed: ").append(String.join("; ", notAssessed)).append('.');
        }
        if (!notApplicable.isEmpty()) {
            // A level certified without some of its MUST checks says so plainly: the reader must know what was
            // not verified here (broker loss on a single broker, anything on an endpoint kconform cannot control).
            line.append("  MUST ").append(plural(notApplicable.size(), "check")).append(" not assessable here: ")
                    .append(String.join("; ", notApplicable.stream()
                            .map(c -> c.id() + " (" + abbreviate(c.message(), 80) + ")").toList()))
                    .append('.');
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

    private static String ids(List<CheckResult> checks, int max) {
        List<String> ids = checks.stream().limit(max).map(CheckResult::id).toList();
        return String.join(", ", ids) + (checks.size() > max ? " and " + (checks.size() - max) + " more" : "");
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
