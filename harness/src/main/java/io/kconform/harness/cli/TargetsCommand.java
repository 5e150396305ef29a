package io.kconform.harness.cli;

import io.kconform.harness.config.ConfigException;
import io.kconform.harness.config.TargetsFile;
import io.kconform.harness.run.ExitCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kconform targets}: checks targets.yaml and lists its targets, without starting anything. */
@Command(name = "targets", mixinStandardHelpOptions = true,
        description = "Checks the targets file and lists its targets, without starting or reaching any.")
final class TargetsCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--targets", paramLabel = "FILE", description = "The targets file (default: ./targets.yaml).")
    private Path targetsFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            TargetsFile file = targetsFile != null ? TargetsFile.load(targetsFile)
                    : TargetsFile.defaultFileIfPresent().map(TargetsFile::load).orElseGet(TargetsFile::builtIn);
            out.println(file.source() + ":");
            for (String name : file.names()) {
                out.println((name.equals(file.defaultTarget()) ? "* " : "  ") + name);
            }
            out.flush();
            return ExitCode.DONE;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("kconform: " + e.getMessage());
            return ExitCode.USAGE;
        }
    }
}
