package io.kconform.harness.run;

import io.kconform.api.Outcome;
import io.kconform.report.model.BaselineComparison;
import io.kconform.report.model.Change;
import io.kconform.report.model.Expectations;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the CI gate says at the end of a run: the checks that changed since the baseline, the outcomes that differ
 * from the expected ones, and the exit code with every reason for it. Stateless.
 *
 * <p>Which exit code wins when several apply: 4 (a target accepted connections but does not speak Kafka: the most
 * basic finding about an endpoint) over 1 (a {@code --fail-on} condition met by a target that was reached
 * and answered to the end) over 3 (a target could not be started or reached, stopped answering, or a check ended
 * in ERROR) over 0. A target that was not reached or stopped answering is left out of the conditions: its checks
 * say what a dead target did, not what the implementation does. The console names every reason that applied, not
 * only the winning one.
 */
public final class GateSummary {

    /** How many checks a line lists before saying how many more. */
    private static final int LISTED = 5;

    private GateSummary() {
    }

    /** The exit code and the lines that explain it, the first one starting {@code Exit <code>:}. */
    public record Exit(int code, List<String> lines) {
        public Exit {
            lines = List.copyOf(lines);
        }
    }

    /** Lines on the baseline comparison and the expected outcomes; none when the run had neither. */
    public static List<String> lines(RunReport run) {
        List<String> lines = new ArrayList<>();
        run.comparison().ifPresent(comparison -> {
            lines.add("Since the baseline " + comparison.file() + " (kconform " + comparison.toolVersion() + "):");
            for (TargetReport target : run.targets()) {
                lines.add("  " + target.name() + ": " + changes(comparison, target));
            }
        });
        run.expectations().ifPresent(expected -> {
            lines.add("Against the expected outcomes " + expected.file() + " (" + expected.outcomes().size()
                    + " listed; any other check is expected to PASS):");
            for (TargetReport target : run.targets()) {
                List<Expectations.Unexpected> unexpected = expected.unexpected(target);
                long ran = target.checks().stream().filter(c -> c.ran()).count();
                lines.add("  " + target.name() + ": " + (unexpected.isEmpty() ? "every one of " + ran
                        + " checks that ran is as expected" : unexpected.size() + " of " + ran + " differ: "
                        + listed(unexpected.stream().map(Expectations.Unexpected::describe).toList())));
            }
        });
        return lines;
    }

    private static String changes(BaselineComparison comparison, TargetReport target) {
        String before = comparison.comparedWith().get(target.name());
        if (before == null) {
            return "not in the baseline, not compared";
        }
        Map<String, Change> changes = comparison.changesOf(target.name());
        String against = before.equals(target.name()) ? "" : " (compared with its target " + before + ")";
        if (changes.isEmpty()) {
            return "no check changed" + against;
        }
        long regressions = changes.values().stream().filter(Change::regression).count();
        return changes.size() + (changes.size() == 1 ? " check" : " checks") + " changed, " + regressions
                + (regressions == 1 ? " regression" : " regressions") + against + ": " + listed(changes.entrySet()
                .stream().sorted((a, b) -> Boolean.compare(b.getValue().regression(), a.getValue().regression()))
                .map(e -> e.getKey() + " " + e.getValue().describe() + (e.getValue().regression() ? " (regression)" : ""))
                .toList());
    }

    private static String listed(List<String> items) {
        List<String> shown = items.subList(0, Math.min(LISTED, items.size()));
        return String.join("; ", shown) + (items.size() > LISTED ? "; and " + (items.size() - LISTED) + " more" : "");
    }

    /**
     * The exit code of a completed run.
     *
     * @param unreached the targets that could not be started or reached
     * @param stopped   target name to what it stopped answering during, for targets that stopped answering
     */
    public static Exit exit(RunReport run, FailOn failOn, List<String> unreached, Map<String, String> stopped) {
        return exit(run, failOn, List.of(), unreached, stopped);
    }

    /**
     * The exit code of a completed run some of whose targets may not speak Kafka.
     *
     * @param notKafka  the targets that accepted a connection but did not answer like Kafka
     * @param unreached the targets that could not be started or reached
     * @param stopped   target name to what it stopped answering during, for targets that stopped answering
     */
    public static Exit exit(RunReport run, FailOn failOn, List<String> notKafka, List<String> unreached,
                            Map<String, String> stopped) {
        Set<String> notGated = new java.util.HashSet<>(unreached);
        notGated.addAll(notKafka);
        notGated.addAll(stopped.keySet());
        List<TargetReport> gated = run.targets().stream().filter(t -> !notGated.contains(t.name())).toList();
        List<String> met = failOn.metBy(run, gated);
        List<String> problems = new ArrayList<>();
        unreached.forEach(name -> problems.add(name + " could not be started or reached"));
        problems.addAll(stopped.values());
        run.targets().stream().filter(t -> !notGated.contains(t.name())).forEach(t -> {
            long errors = t.checks().stream().filter(c -> c.outcome() == Outcome.ERROR).count();
            if (errors > 0) {
                problems.add(t.name() + ": " + errors + (errors == 1 ? " check" : " checks") + " ended in ERROR (the"
                        + " harness or the environment, not the target; see kconform.log)");
            }
        });
        List<String> lines = new ArrayList<>();
        failOn.undecided(gated).forEach(line -> lines.add("Note: " + line + "."));
        if (!notKafka.isEmpty()) {
            lines.add("Exit 4: " + String.join(", ", notKafka) + (notKafka.size() == 1 ? " does" : " do")
                    + " not speak Kafka (what it did is said above); no check was run on "
                    + (notKafka.size() == 1 ? "it." : "them."));
            if (!met.isEmpty()) {
                lines.add("  also (--fail-on " + failOn + "): " + String.join("; ", met) + ".");
            }
            problems.forEach(p -> lines.add("  also: " + p + "."));
            return new Exit(ExitCode.NOT_KAFKA, lines);
        }
        if (!met.isEmpty()) {
            lines.add("Exit 1 (--fail-on " + failOn + "): " + String.join("; ", met) + ".");
            problems.forEach(p -> lines.add("  also: " + p + " (exit 3 where no --fail-on condition is met)."));
            return new Exit(ExitCode.FAIL_ON_MET, lines);
        }
        if (!problems.isEmpty()) {
            lines.add("Exit 3: " + String.join("; ", problems) + ".");
            return new Exit(ExitCode.UNREACHABLE_OR_HARNESS_ERROR, lines);
        }
        return new Exit(ExitCode.DONE, lines);
    }
}
