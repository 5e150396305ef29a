package io.kconform.harness.cli;

import io.kconform.api.Battery;
import io.kconform.api.Level;
import io.kconform.harness.Kconform;
import io.kconform.harness.engine.OutputFolder;
import io.kconform.harness.run.ExitCode;
import io.kconform.report.model.Comparison;
import io.kconform.report.render.ComparisonConsole;
import io.kconform.report.render.ComparisonReport;
import io.kconform.report.render.InvalidResultsException;
import io.kconform.report.render.ResultsVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kconform compare r1.json r2.json ...}: the targets of saved results side by side, in one matrix, with the
 * rows that differ first. Every file is verified as {@code kconform verify} does before anything is written: a
 * missing, truncated or hand-edited file, or one of another schema version, is exit 2 with one plain line, and no
 * report. Writes compare.html and compare.md into the output folder and prints the table; exit 0 when written.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Puts the targets of saved results.json files side by side: checks down, targets across,"
                + " the checks whose outcomes differ first.",
            "%nEach file is verified first (as `kconform verify` does); files of different days and kconform versions"
                + " compare, and where their check lists differ the report says which checks are in some only."
                + " Writes compare.html (the whole matrix) and compare.md (summary and differences) into the output"
                + " folder and prints the differences. The filters choose which checks are written and printed.%n"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the comparison was written (whether or not the targets differ)",
            "2:a file is missing, truncated, changed after kconform wrote it, of another schema version, or holds"
                + " too few targets, or an option is wrong; nothing is written",
            "3:the comparison could not be written"})
final class CompareCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RESULTS_JSON", arity = "1..*",
            description = "results.json files; every target of each is a column, in the order given.")
    private List<Path> files = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Where compare.html and compare.md go (default: a new dated folder under reports/). A folder"
                    + " that already holds files is refused unless --overwrite is given.")
    private Path output;

    @Option(names = "--overwrite", description = "Write into an --output folder that already holds files.")
    private boolean overwrite;

    @Option(names = "--battery", split = ",", paramLabel = "BATTERY", converter = BatteryConverter.class,
            description = "Only checks of these batteries: protocol, groups, storage, eos, connect, streams.")
    private List<Battery> batteries = new ArrayList<>();

    @Option(names = "--level", split = ",", paramLabel = "LEVEL", converter = LevelConverter.class,
            description = "Only checks of these levels (exactly these, unlike run's --level): ingest, messaging,"
                    + " storage, exactly-once, platform.")
    private List<Level> levels = new ArrayList<>();

    @Option(names = "--outcome", split = ",", paramLabel = "OUTCOME",
            description = "Only checks where some target shows one of these: pass, fail, unsupported, skipped, error,"
                    + " not-run, not-selected, not-in-suite, not-reached.")
    private List<String> outcomes = new ArrayList<>();

    @Option(names = "--only-differences", description = "Only checks whose outcomes differ between targets.")
    private boolean onlyDifferences;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        Comparison.Filter filter;
        List<Comparison.Source> sources = new ArrayList<>();
        try {
            filter = new Comparison.Filter(Set.copyOf(batteries), Set.copyOf(levels),
                    Set.copyOf(outcomes.stream().map(Comparison.Result::parse).toList()), onlyDifferences);
            for (Path file : files) {
                sources.add(new Comparison.Source(file.toString(), ResultsVerifier.verify(file).run(), ""));
            }
            int targets = sources.stream().mapToInt(s -> s.run().targets().size()).sum();
            if (targets < 2) {
                throw new IllegalArgumentException("nothing to compare: " + String.join(", ", files.stream()
                        .map(Path::toString).toList()) + " hold" + (files.size() == 1 ? "s" : "") + " " + targets
                        + " target" + (targets == 1 ? "" : "s") + "; give at least two targets (several files, or"
                        + " the results.json of a run with several --target)");
            }
            OutputFolder.checkWritable(output, overwrite);
        } catch (InvalidResultsException | IllegalArgumentException e) {
            err.println("kconform: " + e.getMessage());
            return ExitCode.USAGE;
        }
        Comparison comparison = Comparison.of(sources).filtered(filter);
        Path dir = output != null ? output : OutputFolder.dated("compare-");
        List<Path> written;
        try {
            written = ComparisonReport.writeAll(comparison, Kconform.version(), dir);
        } catch (IOException | RuntimeException e) {
            err.println("kconform: could not write the comparison into " + dir + ": " + e.getMessage());
            return ExitCode.UNREACHABLE_OR_HARNESS_ERROR;
        }
        var out = spec.commandLine().getOut();
        out.print(ComparisonConsole.render(comparison, terminalWidth()));
        out.println("Reports: " + String.join(", ", written.stream().map(Path::toString).toList()));
        out.flush();
        return ExitCode.DONE;
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
