package io.kconform.harness.cli;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.context.CheckOptions;
import io.kconform.harness.Kconform;
import io.kconform.harness.config.CommandConfig;
import io.kconform.harness.config.ConfigException;
import io.kconform.harness.config.ExpectedOutcomesFile;
import io.kconform.harness.config.TargetSpec;
import io.kconform.harness.config.TargetsFile;
import io.kconform.harness.launch.TargetLauncher;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.preflight.Preflight;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.ClusterChanges;
import io.kconform.harness.run.ExitCode;
import io.kconform.harness.run.FailOn;
import io.kconform.harness.run.GateSummary;
import io.kconform.harness.run.RunInterruption;
import io.kconform.harness.run.RunOptions;
import io.kconform.harness.run.SideBySide;
import io.kconform.harness.run.TargetSession;
import io.kconform.report.model.BaselineComparison;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.Comparison;
import io.kconform.report.model.Expectations;
import io.kconform.report.model.Interruption;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.render.ComparisonReport;
import io.kconform.report.render.ConsoleSummary;
import io.kconform.report.render.HtmlReport;
import io.kconform.report.render.InvalidResultsException;
import io.kconform.report.render.MarkdownReport;
import io.kconform.report.render.OutputFormats;
import io.kconform.report.render.ReportFormat;
import io.kconform.report.render.ReportWriter;
import io.kconform.report.render.ResultsVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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

    /** Warnings of the checks made before anything starts (client properties no Kafka client defines). */
    private final List<String> preflightWarnings = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Console console = new Console(spec.commandLine().getOut(), Console.colorWanted(noColor));
        List<TargetSpec> targets;
        FailOn failOnConditions;
        RunOptions options;
        List<ReportFormat> reportFormats;
        try {
            failOnConditions = FailOn.parse(failOn);
            reportFormats = OutputFormats.parse(formats);
            options = new RunOptions(parallelism, Duration.ofSeconds(checkTimeoutSeconds), noClusterChanges,
                    Map.of(CheckOptions.HISTORY_SEED, Long.toString(historySeed),
                            CheckOptions.HISTORY_DURATION_SECONDS, Integer.toString(historyDurationSeconds)));
            // only a duration asked for: the default one must not refuse a run with a short --check-timeout that
            // selects no history check
            if (spec.commandLine().getParseResult().hasMatchedOption("--history-duration")
                    && historyDurationSeconds + HISTORY_MARGIN_SECONDS > checkTimeoutSeconds) {
                throw new IllegalArgumentException("--history-duration " + historyDurationSeconds + " leaves the"
                        + " history checks too little of --check-timeout " + checkTimeoutSeconds + "; give"
                        + " --check-timeout " + (historyDurationSeconds + HISTORY_MARGIN_SECONDS) + " or more");
            }
            if (parallelTargets < 1) {
                throw new IllegalArgumentException("--parallel-targets must be at least 1, not " + parallelTargets);
            }
            targets = targets();
            OutputFolder.checkWritable(output, overwrite);
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("kconform: " + e.getMessage());
            return ExitCode.USAGE;
        }
        preflightWarnings.forEach(w -> err.println("kconform: warning: " + w));
        CheckCatalog catalog = CheckCatalog.discover();
        List<CheckDescriptor> selected;
        try {
            selected = selection.selection().apply(catalog);
        } catch (IllegalArgumentException e) {
            err.println("kconform: " + e.getMessage());
            return ExitCode.USAGE;
        }
        Optional<ResultsVerifier.Verified> baselineRun = Optional.empty();
        Optional<Expectations> expected = Optional.empty();
        try {
            if (failOnConditions.has("regression") && baselineFile == null) {
                throw new IllegalArgumentException("--fail-on regression needs --baseline RESULTS_JSON");
            }
            if (failOnConditions.has("unexpected") && expectedFile == null) {
                throw new IllegalArgumentException("--fail-on unexpected needs --expected FILE");
            }
            if (baselineFile != null) {
                baselineRun = Optional.of(ResultsVerifier.verify(baselineFile));
            }
            if (expectedFile != null) {
                expected = Optional.of(ExpectedOutcomesFile.load(expectedFile, catalog.checks().stream()
                        .map(CheckDescriptor::id).collect(Collectors.toSet())));
            }
        } catch (InvalidResultsException e) {
            err.println("kconform: --baseline " + e.getMessage());
            return ExitCode.USAGE;
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("kconform: " + e.getMessage());
            return ExitCode.USAGE;
        }
        Path out;
        try {
            out = outputFolder();
        } catch (IOException e) {
            err.println("kconform: cannot create the output folder: " + e.getMessage());
            return ExitCode.USAGE;
        }
        LogSetup.toFile(out.resolve("kconform.log"));

        RunInterruption.install(line -> err.println("kconform: " + line));
        Instant started = Instant.now();
        console.line("kconform " + Kconform.version() + ": " + selected.size() + " of " + catalog.checks().size()
                + " checks (" + selection.selection().describe() + ") against " + targets.size()
                + (targets.size() == 1 ? " target" : " targets" + sideBySide(targets.size())) + "; reports in " + out);
        if (noClusterChanges) {
            console.line(ClusterChanges.OPTION + ": " + ClusterChanges.withheld(selected, options).size() + " of them"
                    + " change cluster-wide state and are SKIPPED ('kconform list' names them)");
        }
        TargetLauncher launcher = new TargetLauncher(new ArtifactResolver());
        TargetSession session = new TargetSession(launcher, catalog, options);
        List<TargetSession.SessionResult> results;
        try {
            // Each target has its own broker, session, resource prefix and progress lines; they share nothing
            // mutable, so several run at once and the run takes about as long as its slowest target.
            results = SideBySide.run(targets, TargetSpec::name, parallelTargets, target -> session.run(target, selected,
                    out.resolve("targets").resolve(target.name()), line -> console.step(target.name(), line),
                    console.checks(target.name(), selected.size())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("kconform: interrupted; every target was stopped");
            return ExitCode.UNREACHABLE_OR_HARNESS_ERROR;
        }
        List<TargetReport> reports = results.stream().map(TargetSession.SessionResult::report).toList();
        Map<String, String> stopped = new LinkedHashMap<>();
        IntStream.range(0, targets.size()).forEach(i -> results.get(i).stoppage()
                .ifPresent(st -> stopped.put(targets.get(i).name(), st.headline(targets.get(i).name()))));
        Optional<BaselineComparison> comparison = baselineRun.map(b -> BaselineComparison.of(baselineFile.toString(),
                b.sha256(), b.run(), reports));
        Optional<Interruption> interrupted = RunInterruption.signal().map(signal -> interruption(signal, reports));
        RunReport run = new RunReport(RunReport.SCHEMA_VERSION, "kconform", Kconform.version(), Kconform.BASELINE,
                started, Instant.now(), selection.selection().describe(), reports, catalog.checkList(),
                comparison, expected, interrupted);
        List<Path> written;
        try {
            written = new ArrayList<>(new ReportWriter(reportFormats).writeAll(run, out));
            if (reports.size() > 1 && reportFormats.stream().anyMatch(f -> f.fileName().equals(HtmlReport.FILE_NAME)
                    || f.fileName().equals(MarkdownReport.FILE_NAME))) {
                // One matrix of the targets beside their full reports; report.html and report.md link to it.
                written.addAll(ComparisonReport.writeAll(Comparison.of(List.of(new Comparison.Source(
                        "results.json", run, HtmlReport.FILE_NAME))), Kconform.version(), out));
            }
        } catch (IOException | RuntimeException e) {
            err.println("kconform: could not write the reports into " + out + ": " + e.getMessage());
            return ExitCode.UNREACHABLE_OR_HARNESS_ERROR;
        }
        console.line("");
        console.line(new ConsoleSummary(console.color()).render(run, terminalWidth()));
        GateSummary.lines(run).forEach(console::line);
        console.line("Reports: " + String.join(", ", written.stream().map(Path::toString).toList()));
        if (interrupted.isPresent()) {
            // an interrupted run decides nothing about the targets: its own code wins over every --fail-on
            int code = RunInterruption.exitCode().orElse(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
            console.line("Exit " + code + ": " + interrupted.get().describe() + "; the reports name the checks not"
                    + " run.");
            return code;
        }
        List<String> unreached = IntStream.range(0, targets.size()).boxed()
                .filter(i -> results.get(i).availability() == TargetSession.Availability.UNAVAILABLE)
                .map(i -> targets.get(i).name()).toList();
        List<String> notKafka = IntStream.range(0, targets.size()).boxed()
                .filter(i -> results.get(i).availability() == TargetSession.Availability.NOT_KAFKA)
                .map(i -> targets.get(i).name()).toList();
        GateSummary.Exit exit = GateSummary.exit(run, failOnConditions, notKafka, unreached, stopped);
        exit.lines().forEach(console::line);
        return exit.code();
    }

    /** How far an interrupted run got: its selected checks that ran to their end, of all it selected. */
    private static Interruption interruption(String signal, List<TargetReport> reports) {
        List<CheckResult> selectedChecks = reports.stream().flatMap(r -> r.checks().stream())
                .filter(c -> c.execution() != CheckResult.Execution.NOT_SELECTED).toList();
        int completed = (int) selectedChecks.stream().filter(c -> c.execution() != CheckResult.Execution.NOT_RUN)
                .count();
        return new Interruption(signal, completed, selectedChecks.size());
    }

    private String sideBySide(int targetCount) {
        int atOnce = Math.min(parallelTargets, targetCount);
        return atOnce == 1 ? ", one after another" : ", " + atOnce + " at a time";
    }

    private List<TargetSpec> targets() {
        if (bootstrap != null) {
            if (!targetNames.isEmpty()) {
                throw new IllegalArgumentException("--bootstrap and --target exclude each other");
            }
            TargetSpec spec = CommandConfig.target("command-line", bootstrap.strip(), commandConfig);
            preflightWarnings.addAll(Preflight.check(spec, path -> CommandConfig.origin(commandConfig, path)));
            return List.of(spec);
        }
        if (commandConfig != null) {
            throw new IllegalArgumentException("--command-config needs --bootstrap (in targets.yaml use clientProperties)");
        }
        TargetsFile file = targetsFile != null ? TargetsFile.load(targetsFile)
                : TargetsFile.defaultFileIfPresent().map(TargetsFile::load).orElseGet(TargetsFile::builtIn);
        List<String> names = targetNames.isEmpty() ? List.of(file.defaultTarget()) : targetNames;
        List<TargetSpec> specs = new ArrayList<>();
        for (String name : names.stream().distinct().toList()) {
            TargetSpec spec = file.resolve(name.strip());
            preflightWarnings.addAll(Preflight.check(spec, path -> file.origin(spec.name(), path)));
            specs.add(spec);
        }
        return specs;
    }

    private Path outputFolder() throws IOException {
        return Files.createDirectories(output != null ? output : OutputFolder.dated(""));
    }

    private static int terminalWidth() {
        String columns = System.getenv("COLUMNS");
        try {
            return columns == null ? 120 : Math.max(60, Integer.parseInt(columns.strip()));
        } catch (NumberFormatException e) {
            return 120;
        }
    }
}
