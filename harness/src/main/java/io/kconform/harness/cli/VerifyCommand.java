package io.kconform.harness.cli;

import io.kconform.harness.run.ExitCode;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.render.InvalidResultsException;
import io.kconform.report.render.ResultsVerifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code kconform verify results.json}: whether a results.json is whole and as kconform wrote it. Exit 0 when it
 * is; exit 2 with one plain line saying what is wrong otherwise (missing, truncated, not JSON, changed after it was
 * written, of another schema version), never a stack trace. Writes nothing.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Checks that a results.json is complete and unchanged since kconform wrote it.",
            "%nRecomputes its sha256 (docs/results-json.md says how) and reads it back. Exit 0 when it is valid,"
                + " 2 when it is missing, truncated, not JSON, changed, or of another schema version.%n"})
final class VerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "RESULTS_JSON", description = "The results.json to check.")
    private Path file;

    @Override
    public Integer call() {
        ResultsVerifier.Verified verified;
        try {
            verified = ResultsVerifier.verify(file);
        } catch (InvalidResultsException e) {
            spec.commandLine().getErr().println("kconform: " + e.getMessage());
            return ExitCode.USAGE;
        }
        RunReport run = verified.run();
        StringBuilder line = new StringBuilder(file + ": valid, sha256 " + verified.sha256() + "; written by kconform "
                + run.toolVersion() + " at " + run.finishedAt() + ", " + run.checkList().count()
                + " checks in its list (sha256 " + run.checkList().sha256() + ")");
        for (TargetReport target : run.targets()) {
            line.append("\n  ").append(target.name()).append(": ").append(target.verdict() == null ? ""
                    : target.verdict().headline());
        }
        spec.commandLine().getOut().println(line);
        return ExitCode.DONE;
    }
}
