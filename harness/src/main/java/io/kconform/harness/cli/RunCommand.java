package io.kconform.harness.cli;

import io.kconform.harness.engine.Console;
import io.kconform.harness.engine.RunEngine;
import io.kconform.harness.engine.RunRequest;
import io.kconform.harness.run.ExitCode;
import io.kconform.harness.run.FailOn;
import io.kconform.harness.run.RunOptions;
import io.kconform.report.render.OutputFormats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kconform run}: certify targets and write the reports. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Certifies targets: runs the selected checks and writes the reports.",
            "%nStarts or reaches each target, runs the selected checks against it, deletes what the run created,"
                + " and writes results.json, report.html, junit.xml, report.md and badge.svg into the output folder"
                + " (--format chooses); with several targets also compare.html and compare.md, the targets side by"
                + " side in one matrix."
                + " Without --target or --bootstrap it runs the default target of targets.yaml (an embedded"
                + " Apache Kafka 4.4.0 when there is no targets.yaml).%n"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run completed; no --fail-on condition was met",
            "1:a --fail-on condition was met (by default: a MUST check FAILED or a target lost a level)",
            "2:usage or configuration error; nothing was run",
            "3:a target could not be started or reached (refused, no connection), stopped answering during the"
                + " run, or a check ended in ERROR (the harness's own fault)",
            "4:a target accepted the connection but does not speak Kafka (bytes that are not a Kafka response,"
                + " closed or silent on ApiVersions); the reports say what it did",
            "130:interrupted by SIGINT (Ctrl-C); the reports name the checks not run",
            "143:interrupted by SIGTERM; the reports name the checks not run",
            "When several apply: 2, then 130/143, then 4, then 1, then 3."})
final class RunCommand implements Callable<Integer> {

    /** The longest history workload: ten minutes. */
    static final int MAX_HISTORY_SECONDS = 600;
    /**
     * What a history check needs beyond its workload within --check-timeout: set-up, the closing transaction's
     * markers, two final reads of at most 10 s each; the help text says 60.
     */
    private static final int HISTORY_MARGIN_SECONDS = 60;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--targets", paramLabel = "FILE",
            description = "The targets file (default: ./targets.yaml when present).")
    private Path targetsFile;

    @Option(names = "--target", split = ",", paramLabel = "NAME",
            description = "Run against this target of the targets file. Repeatable; default: the file's default.")
    private List<String> targetNames = new ArrayList<>();

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT[,...]",
            description = "Run against this endpoint instead of targets.yaml.")
    private String bootstrap;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client properties for --bootstrap (security.protocol, sasl.*, ssl.*), as Kafka's tools"
                    + " take them; values may use $${env:NAME}. Checked before anything starts against Kafka's own"
                    + " producer, consumer and admin client definitions.")
    private Path commandConfig;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Where the reports go (default: a new dated folder under reports/). A folder that already"
                    + " holds files is refused unless --overwrite is given.")
    private Path output;

    @Option(names = "--overwrite",
            description = "Write into an --output folder that already holds files; reports of the same name are replaced.")
    private boolean overwrite;

    @Option(names = "--format", paramLabel = "FORMATS", defaultValue = OutputFormats.NAMES,
            description = "Which reports to write, comma-separated: html (report.html), json (results.json), junit"
                    + " (junit.xml), md (report.md, short enough for a pull-request comment), badge (badge.svg, the"
                    + " level held; badge-<target>.svg each with several targets) (default: ${DEFAULT-VALUE}).")
    private String formats;

    @Mixin
    private SelectionOptions selection;

    @Option(names = "--fail-on", paramLabel = "CONDITIONS", defaultValue = FailOn.DEFAULT,
            description = "When to exit with 1, comma-separated: " + FailOn.SYNTAX + " (default: ${DEFAULT-VALUE}).")
    private String failOn;

    @Option(names = "--baseline", paramLabel = "RESULTS_JSON",
            description = "A results.json of an earlier run, verified as `kconform verify` does: every check whose"
                    + " result changed is marked; --fail-on regression fails on a check that passed there and not now.")
    private Path baselineFile;

    @Option(names = "--expected", paramLabel = "FILE",
            description = "Expected outcomes (YAML: expected: [{id, outcome, reason, link}]); an unlisted check is"
                    + " expected to PASS; --fail-on unexpected fails on any other outcome.")
    private Path expectedFile;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "8",
            description = "How many checks run at once (default: ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(names = "--parallel-targets", paramLabel = "N", defaultValue = "4",
            description = "How many targets run at once, each with its own broker, session and resource prefix;"
                    + " checks run --parallelism at a time within each (default: ${DEFAULT-VALUE}; 1: one after"
                    + " another).")
    private int parallelTargets;

    @Option(names = "--check-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "After this long a check counts as hung and FAILS (default: ${DEFAULT-VALUE}).")
    private int checkTimeoutSeconds;

    @Option(names = "--no-cluster-changes",
            description = "Safe on a shared cluster: skip every check that changes cluster-wide state (SCRAM users,"
                    + " client quotas, ACLs, leader elections, partition reassignments, delegation tokens, broker"
                    + " restarts); each is SKIPPED saying what it would change. The run's own topics, groups and"
                    + " transactional ids, under its prefix, are still created and deleted.")
    private boolean noClusterChanges;

    @Option(names = "--history-seed", paramLabel = "N", defaultValue = "13",
            description = "The seed of the eos.history checks' workload, any long (negative too): the same seed makes"
                    + " the same operations in each client. A failing history check's evidence names its seed; run"
                    + " it again with that seed (default: ${DEFAULT-VALUE}).")
    private long historySeed;

    private int historyDurationSeconds;

    @Option(names = "--history-duration", paramLabel = "SECONDS", defaultValue = "3",
            description = "How long the eos.history checks' writers write, 1 to " + MAX_HISTORY_SECONDS + " seconds"
                    + " and at least 60 less than --check-timeout; each check then closes its history with a final"
                    + " read (default: ${DEFAULT-VALUE}).")
    void historyDuration(int seconds) {
        if (seconds < 1 || seconds > MAX_HISTORY_SECONDS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--history-duration must be 1 to "
                    + MAX_HISTORY_SECONDS + " seconds, not " + seconds);
        }
        historyDurationSeconds = seconds;
    }

    @Option(names = "--no-color", description = "No colour in the console output.")
    private boolean noColor;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        RunRequest request;
        try {
            RunOptions options = new RunOptions(parallelism, Duration.ofSeconds(checkTimeoutSeconds), noClusterChanges,
                    RunRequest.historyOptions(historySeed, historyDurationSeconds));
            // only a duration asked for: the default one must not refuse a run with a short --check-timeout that
            // selects no history check
            if (spec.commandLine().getParseResult().hasMatchedOption("--history-duration")
                    && historyDurationSeconds + HISTORY_MARGIN_SECONDS > checkTimeoutSeconds) {
                throw new IllegalArgumentException("--history-duration " + historyDurationSeconds + " leaves the"
                        + " history checks too little of --check-timeout " + checkTimeoutSeconds + "; give"
                        + " --check-timeout " + (historyDurationSeconds + HISTORY_MARGIN_SECONDS) + " or more");
            }
            request = new RunRequest(new RunRequest.Targets(targetsFile, targetNames, bootstrap, commandConfig,
                    Map.of(), "", Optional.empty(), Map.of()), selection.selection(), options, parallelTargets, failOn,
                    baselineFile, expectedFile, output, overwrite, formats, Console.colorWanted(noColor), true);
        } catch (IllegalArgumentException e) {
            err.println("kconform: " + e.getMessage());
            return ExitCode.USAGE;
        }
        return RunEngine.run(request, spec.commandLine().getOut(), err).exitCode();
    }
}
