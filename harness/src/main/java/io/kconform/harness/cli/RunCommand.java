package io.kconform.harness.cli;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.harness.Kconform;
import io.kconform.harness.config.CommandConfig;
import io.kconform.harness.config.ConfigException;
import io.kconform.harness.config.TargetSpec;
import io.kconform.harness.config.TargetsFile;
import io.kconform.harness.launch.TargetLauncher;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.ExitCode;
import io.kconform.harness.run.FailOn;
import io.kconform.harness.run.RunOptions;
import io.kconform.harness.run.SideBySide;
import io.kconform.harness.run.TargetSession;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.render.ConsoleSummary;
import io.kconform.report.render.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
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
                + " and writes results.json, report.html, junit.xml and report.md into the output folder."
                + " Without --target or --bootstrap it runs the default target of targets.yaml (an embedded"
                + " Apache Kafka 4.4.0 when there is no targets.yaml).%n"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run completed; no --fail-on condition was met",
            "1:a --fail-on condition was met (by default: a MUST check FAILED)",
            "2:usage or configuration error; nothing was run",
            "3:a target could not be started or reached (refused, no connection), stopped answering during the"
                + " run, or a check ended in ERROR (the harness's own fault)",
            "4:a target accepted the connection but does not speak Kafka (bytes that are not a Kafka response,"
                + " closed or silent on ApiVersions); the reports say what it did"})
final class RunCommand implements Callable<Integer> {

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
                    + " take them; values may use ${env:NAME}.")
    private Path commandConfig;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Where the reports go (default: a new dated folder under reports/).")
    private Path output;

    @Mixin
    private SelectionOptions selection;

    @Option(names = "--fail-on", paramLabel = "CONDITIONS", defaultValue = "must-fail",
            description = "When to exit with 1, comma-separated: " + FailOn.SYNTAX + " (default: ${DEFAULT-VALUE}).")
    private String failOn;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "4",
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

    @Option(names = "--no-color", description = "No colour in the console output.")
    private boolean noColor;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Console console = new Console(spec.commandLine().getOut(), Console.colorWanted(noColor));
        List<TargetSpec> targets;
        FailOn failOnConditions;
        RunOptions options;
        try {
            failOnConditions = FailOn.parse(failOn);
            options = new RunOptions(parallelism, Duration.ofSeconds(checkTimeoutSeconds));
            if (parallelTargets < 1) {
                throw new IllegalArgumentException("--parallel-targets must be at least 1, not " + parallelTargets);
            }
            targets = targets();
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("kconform: " + e.getMessage());
            return ExitCode.USAGE;
        }
        CheckCatalog catalog = CheckCatalog.discover();
        List<CheckDescriptor> selected;
        try {
            selected = selection.selection().apply(catalog);
        } catch (IllegalArgumentException e) {
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

        Instant started = Instant.now();
        console.line("kconform " + Kconform.version() + ": " + selected.size() + " of " + catalog.checks().size()
                + " checks (" + selection.selection().describe() + ") against " + targets.size()
                + (targets.size() == 1 ? " target" : " targets" + sideBySide(targets.size())) + "; reports in " + out);
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
        boolean unavailable = results.stream()
                .anyMatch(r -> r.availability() == TargetSession.Availability.UNAVAILABLE);
        boolean notKafka = results.stream().anyMatch(r -> r.availability() == TargetSession.Availability.NOT_KAFKA);
        List<String> stopped = IntStream.range(0, targets.size()).boxed()
                .flatMap(i -> results.get(i).stoppage().map(s -> s.headline(targets.get(i).name())).stream())
                .toList();
        RunReport run = new RunReport(RunReport.SCHEMA_VERSION, "kconform", Kconform.version(), Kconform.BASELINE,
                started, Instant.now(), selection.selection().describe(), reports);
        List<Path> written;
        try {
            written = new ReportWriter().writeAll(run, out);
        } catch (IOException | RuntimeException e) {
            err.println("kconform: could not write the reports into " + out + ": " + e.getMessage());
            return ExitCode.UNREACHABLE_OR_HARNESS_ERROR;
        }
        console.line("");
        console.line(new ConsoleSummary(console.color()).render(run, terminalWidth()));
        console.line("Reports: " + String.join(", ", written.stream().map(Path::toString).toList()));
        if (notKafka && !unavailable) {
            console.line("Exit 4: a target does not speak Kafka (what it did is said above); no check was run on it.");
            return ExitCode.NOT_KAFKA;
        }
        return exitCode(reports, failOnConditions, unavailable, stopped, console);
    }

    private String sideBySide(int targetCount) {
        int atOnce = Math.min(parallelTargets, targetCount);
        return atOnce == 1 ? ", one after another" : ", " + atOnce + " at a time";
    }

    private int exitCode(List<TargetReport> reports, FailOn failOnConditions, boolean unavailable,
                         List<String> stopped, Console console) {
        if (unavailable) {
            console.line("Exit 3: a target could not be started or reached.");
            return ExitCode.UNREACHABLE_OR_HARNESS_ERROR;
        }
        if (!stopped.isEmpty()) {
            console.line("Exit 3: " + String.join("; ", stopped) + ".");
            return ExitCode.UNREACHABLE_OR_HARNESS_ERROR;
        }
        Optional<String> met = failOnConditions.metBy(reports);
        if (met.isPresent()) {
            console.line("Exit 1: " + met.get() + " (--fail-on " + failOnConditions + ").");
            return ExitCode.FAIL_ON_MET;
        }
        boolean errors = reports.stream().flatMap(r -> r.checks().stream()).anyMatch(c -> c.outcome() == Outcome.ERROR);
        if (errors) {
            console.line("Exit 3: a check ended in ERROR (the harness or the environment, not the target); see kconform.log.");
            return ExitCode.UNREACHABLE_OR_HARNESS_ERROR;
        }
        return ExitCode.DONE;
    }

    private List<TargetSpec> targets() {
        if (bootstrap != null) {
            if (!targetNames.isEmpty()) {
                throw new IllegalArgumentException("--bootstrap and --target exclude each other");
            }
            return List.of(CommandConfig.target("command-line", bootstrap.strip(), commandConfig));
        }
        if (commandConfig != null) {
            throw new IllegalArgumentException("--command-config needs --bootstrap (in targets.yaml use clientProperties)");
        }
        TargetsFile file = targetsFile != null ? TargetsFile.load(targetsFile)
                : TargetsFile.defaultFileIfPresent().map(TargetsFile::load).orElseGet(TargetsFile::builtIn);
        List<String> names = targetNames.isEmpty() ? List.of(file.defaultTarget()) : targetNames;
        List<TargetSpec> specs = new ArrayList<>();
        for (String name : names.stream().distinct().toList()) {
            specs.add(file.resolve(name.strip()));
        }
        return specs;
    }

    private Path outputFolder() throws IOException {
        Path folder = output;
        if (folder == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            folder = Path.of("reports", stamp);
            for (int i = 2; Files.exists(folder); i++) {
                folder = Path.of("reports", stamp + "-" + i);
            }
        }
        return Files.createDirectories(folder);
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
