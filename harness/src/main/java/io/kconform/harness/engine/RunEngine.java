package io.kconform.harness.engine;

import io.kconform.api.CheckDescriptor;
import io.kconform.harness.Kconform;
import io.kconform.harness.config.CommandConfig;
import io.kconform.harness.config.ConfigException;
import io.kconform.harness.config.EmbeddedTargetSpec;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A certification run, start to finish: the one entry point of {@code kconform run} and of the Maven plugin's
 * {@code certify} goal, so that both start the same targets, run the same checks with the same bounds, delete what
 * the run created, write the same reports and answer with the same exit code and verdict. Each target runs in a
 * {@link TargetSession} of its own, several at once ({@link SideBySide}); the gate is {@link GateSummary}'s.
 * Stateless; one run per call (the logging and signal handling it sets up are process-wide).
 */
public final class RunEngine {

    private RunEngine() {
    }

    /**
     * What a run came to.
     *
     * @param exitCode  as {@link ExitCode} defines it
     * @param headlines each target's verdict headline (the first lines of the console summary); empty when nothing
     *                  ran
     * @param exitLines the gate's lines explaining the exit code (the first of them starts {@code Exit <code>}
     *                  when it is not 0), or the one error line of a run refused before it started
     * @param reports   the report files written
     * @param run       the run's report, when it ran
     */
    public record Result(int exitCode, List<String> headlines, List<String> exitLines, List<Path> reports,
                         Optional<RunReport> run) {
        public Result {
            headlines = List.copyOf(headlines);
            exitLines = List.copyOf(exitLines);
            reports = List.copyOf(reports);
        }

        static Result refused(int code, String line) {
            return new Result(code, List.of(), List.of(line), List.of(), Optional.empty());
        }

        /** The verdict and the reason for the exit code, one line each, for a build's failure message. */
        public String verdict() {
            List<String> lines = new ArrayList<>(headlines);
            lines.addAll(exitLines);
            return String.join(System.lineSeparator(), lines);
        }
    }

    /**
     * Runs {@code request}; progress and the summary go to {@code out}, errors and warnings to {@code err}.
     * Library logs go to kconform.log in the output folder.
     */
    public static Result run(RunRequest request, PrintWriter out, PrintWriter err) {
        Console console = new Console(out, request.color());
        List<TargetSpec> targets;
        FailOn failOnConditions;
        List<ReportFormat> reportFormats;
        List<String> preflightWarnings = new ArrayList<>();
        try {
            failOnConditions = FailOn.parse(request.failOn());
            reportFormats = OutputFormats.parse(request.formats());
            if (request.parallelTargets() < 1) {
                throw new IllegalArgumentException("--parallel-targets must be at least 1, not "
                        + request.parallelTargets());
            }
            targets = targets(request.targets(), preflightWarnings);
            OutputFolder.checkWritable(request.output(), request.overwrite());
        } catch (ConfigException | IllegalArgumentException e) {
            return refused(err, ExitCode.USAGE, e.getMessage());
        }
        preflightWarnings.forEach(w -> err.println("kconform: warning: " + w));
        CheckCatalog catalog = CheckCatalog.discover();
        List<CheckDescriptor> selected;
        try {
            selected = request.selection().apply(catalog);
        } catch (IllegalArgumentException e) {
            return refused(err, ExitCode.USAGE, e.getMessage());
        }
        Path baselineFile = request.baseline();
        Optional<ResultsVerifier.Verified> baselineRun = Optional.empty();
        Optional<Expectations> expected = Optional.empty();
        try {
            if (failOnConditions.has("regression") && baselineFile == null) {
                throw new IllegalArgumentException("--fail-on regression needs --baseline RESULTS_JSON");
            }
            if (failOnConditions.has("unexpected") && request.expected() == null) {
                throw new IllegalArgumentException("--fail-on unexpected needs --expected FILE");
            }
            if (baselineFile != null) {
                baselineRun = Optional.of(ResultsVerifier.verify(baselineFile));
            }
            if (request.expected() != null) {
                expected = Optional.of(ExpectedOutcomesFile.load(request.expected(), catalog.checks().stream()
                        .map(CheckDescriptor::id).collect(Collectors.toSet())));
            }
        } catch (InvalidResultsException e) {
            return refused(err, ExitCode.USAGE, "--baseline " + e.getMessage());
        } catch (ConfigException | IllegalArgumentException e) {
            return refused(err, ExitCode.USAGE, e.getMessage());
        }
        Path folder;
        try {
            folder = Files.createDirectories(request.output() != null ? request.output() : OutputFolder.dated(""));
        } catch (IOException e) {
            return refused(err, ExitCode.USAGE, "cannot create the output folder: " + e.getMessage());
        }
        Path output = folder;
        LogSetup.toFile(output.resolve("kconform.log"));

        // Signals are the run's while it runs: a run inside a build gives them back to the build when it returns.
        try (RunInterruption.Registration signals = request.handleSignals()
                ? RunInterruption.install(line -> err.println("kconform: " + line)) : null) {
            Instant started = Instant.now();
            String described = request.selection().describe();
            console.line("kconform " + Kconform.version() + ": " + selected.size() + " of " + catalog.checks().size()
                    + " checks (" + described + ") against " + targets.size()
                    + (targets.size() == 1 ? " target"
                            : " targets" + sideBySide(request.parallelTargets(), targets.size()))
                    + "; reports in " + output);
            if (request.options().noClusterChanges()) {
                console.line(ClusterChanges.OPTION + ": " + ClusterChanges.withheld(selected, request.options()).size()
                        + " of them change cluster-wide state and are SKIPPED ('kconform list' names them)");
            }
            TargetLauncher launcher = new TargetLauncher(new ArtifactResolver());
            TargetSession session = new TargetSession(launcher, catalog, request.options());
            List<TargetSession.SessionResult> results;
            try {
                // Each target has its own broker, session, resource prefix and progress lines; they share nothing
                // mutable, so several run at once and the run takes about as long as its slowest target.
                results = SideBySide.run(targets, TargetSpec::name, request.parallelTargets(), target -> session.run(
                        target, selected, output.resolve("targets").resolve(target.name()),
                        line -> console.step(target.name(), line), console.checks(target.name(), selected.size())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return refused(err, ExitCode.UNREACHABLE_OR_HARNESS_ERROR, "interrupted; every target was stopped");
            }
            List<TargetReport> reports = results.stream().map(TargetSession.SessionResult::report).toList();
            Map<String, String> stopped = new LinkedHashMap<>();
            IntStream.range(0, targets.size()).forEach(i -> results.get(i).stoppage()
                    .ifPresent(st -> stopped.put(targets.get(i).name(), st.headline(targets.get(i).name()))));
            Optional<BaselineComparison> comparison = baselineRun.map(b -> BaselineComparison.of(
                    baselineFile.toString(), b.sha256(), b.run(), reports));
            Optional<Interruption> interrupted = RunInterruption.signal().map(signal -> interruption(signal, reports));
            RunReport run = new RunReport(RunReport.SCHEMA_VERSION, "kconform", Kconform.version(), Kconform.BASELINE,
                    started, Instant.now(), described, reports, catalog.checkList(), comparison, expected, interrupted);
            List<Path> written;
            try {
                written = new ArrayList<>(new ReportWriter(reportFormats).writeAll(run, output));
                if (reports.size() > 1 && reportFormats.stream().anyMatch(f -> f.fileName().equals(HtmlReport.FILE_NAME)
                        || f.fileName().equals(MarkdownReport.FILE_NAME))) {
                    // One matrix of the targets beside their full reports; report.html and report.md link to it.
                    written.addAll(ComparisonReport.writeAll(Comparison.of(List.of(new Comparison.Source(
                            "results.json", run, HtmlReport.FILE_NAME))), Kconform.version(), output));
                }
            } catch (IOException | RuntimeException e) {
                return refused(err, ExitCode.UNREACHABLE_OR_HARNESS_ERROR, "could not write the reports into " + output
                        + ": " + e.getMessage());
            }
            List<String> headlines = reports.stream()
                    .map(t -> t.verdict() == null ? "" : t.verdict().headline().replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]+", " ").strip()).toList();
            console.line("");
            console.line(new ConsoleSummary(console.color()).render(run, terminalWidth()));
            GateSummary.lines(run).forEach(console::line);
            console.line("Reports: " + String.join(", ", written.stream().map(Path::toString).toList()));
            if (interrupted.isPresent()) {
                // an interrupted run decides nothing about the targets: its own code wins over every --fail-on
                int code = RunInterruption.exitCode().orElse(ExitCode.UNREACHABLE_OR_HARNESS_ERROR);
                String line = "Exit " + code + ": " + interrupted.get().describe() + "; the reports name the checks not"
                        + " run.";
                console.line(line);
                return new Result(code, headlines, List.of(line), written, Optional.of(run));
            }
            List<String> unreached = IntStream.range(0, targets.size()).boxed()
                    .filter(i -> results.get(i).availability() == TargetSession.Availability.UNAVAILABLE)
                    .map(i -> targets.get(i).name()).toList();
            List<String> notKafka = IntStream.range(0, targets.size()).boxed()
                    .filter(i -> results.get(i).availability() == TargetSession.Availability.NOT_KAFKA)
                    .map(i -> targets.get(i).name()).toList();
            GateSummary.Exit exit = GateSummary.exit(run, failOnConditions, notKafka, unreached, stopped);
            exit.lines().forEach(console::line);
            return new Result(exit.code(), headlines, exit.lines(), written, Optional.of(run));
        }
    }

    private static Result refused(PrintWriter err, int code, String message) {
        err.println("kconform: " + message);
        err.flush();
        return Result.refused(code, message);
    }

    /** How far an interrupted run got: its selected checks that ran to their end, of all it selected. */
    private static Interruption interruption(String signal, List<TargetReport> reports) {
        List<CheckResult> selectedChecks = reports.stream().flatMap(r -> r.checks().stream())
                .filter(c -> c.execution() != CheckResult.Execution.NOT_SELECTED).toList();
        int completed = (int) selectedChecks.stream().filter(c -> c.execution() != CheckResult.Execution.NOT_RUN)
                .count();
        return new Interruption(signal, completed, selectedChecks.size());
    }

    private static String sideBySide(int parallelTargets, int targetCount) {
        int atOnce = Math.min(parallelTargets, targetCount);
        return atOnce == 1 ? ", one after another" : ", " + atOnce + " at a time";
    }

    /**
     * The targets a request names, with the warnings of the checks made before anything starts.
     *
     * @throws IllegalArgumentException when the request names targets in two ways at once
     * @throws ConfigException          when a file cannot be read or a variable is not set
     */
    static List<TargetSpec> targets(RunRequest.Targets request, List<String> warnings) {
        boolean inline = !request.clientProperties().isEmpty();
        if (request.embeddedVersion().isPresent()) {
            if (request.bootstrap() != null || request.targetsFile() != null || !request.targetNames().isEmpty()
                    || request.commandConfig() != null || inline) {
                throw new IllegalArgumentException("an embedded release excludes a bootstrap, client properties, a"
                        + " targets file and target names");
            }
            String version = request.embeddedVersion().get().strip();
            return List.of(new EmbeddedTargetSpec("kafka-" + version, version, request.brokerProperties()));
        }
        if (!request.brokerProperties().isEmpty()) {
            throw new IllegalArgumentException("broker properties need an embedded release");
        }
        if (request.bootstrap() != null) {
            if (!request.targetNames().isEmpty()) {
                throw new IllegalArgumentException("--bootstrap and --target exclude each other");
            }
            if (request.commandConfig() != null && inline) {
                throw new IllegalArgumentException("client properties come from a --command-config file or are given"
                        + " inline, not both");
            }
            TargetSpec spec = inline
                    ? CommandConfig.target("command-line", request.bootstrap().strip(), request.clientProperties(),
                            request.propertiesSource())
                    : CommandConfig.target("command-line", request.bootstrap().strip(), request.commandConfig());
            warnings.addAll(Preflight.check(spec, path -> CommandConfig.origin(request.commandConfig(), path)));
            return List.of(spec);
        }
        if (request.commandConfig() != null || inline) {
            throw new IllegalArgumentException("--command-config needs --bootstrap (in targets.yaml use clientProperties)");
        }
        TargetsFile file = request.targetsFile() != null ? TargetsFile.load(request.targetsFile())
                : TargetsFile.defaultFileIfPresent().map(TargetsFile::load).orElseGet(TargetsFile::builtIn);
        List<String> names = request.targetNames().isEmpty() ? List.of(file.defaultTarget()) : request.targetNames();
        List<TargetSpec> specs = new ArrayList<>();
        for (String name : names.stream().distinct().toList()) {
            TargetSpec spec = file.resolve(name.strip());
            warnings.addAll(Preflight.check(spec, path -> file.origin(spec.name(), path)));
            specs.add(spec);
        }
        return specs;
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
