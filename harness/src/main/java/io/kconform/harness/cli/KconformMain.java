package io.kconform.harness.cli;

import io.kconform.harness.Kconform;
import io.kconform.harness.engine.LogSetup;
import io.kconform.harness.run.ExitCode;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kconform} command. */
@Command(name = "kconform",
        mixinStandardHelpOptions = true,
        versionProvider = KconformMain.Version.class,
        description = {
            "Conformance test suite and certification tool for endpoints that speak the Kafka protocol.",
            "%nRuns protocol, groups, storage, exactly-once, Connect and Streams batteries and reports the"
                + " certification level reached: INGEST < MESSAGING < STORAGE < EXACTLY_ONCE < PLATFORM.%n"},
        subcommands = {RunCommand.class, ListCommand.class, TargetsCommand.class, VerifyCommand.class, CompareCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the run completed and no --fail-on condition was met",
            "1:a --fail-on condition was met (by default: a MUST check FAILED)",
            "2:usage or configuration error; nothing was run",
            "3:a target could not be started or reached, stopped answering during the run, or a check ended in ERROR",
            "130:interrupted by SIGINT (Ctrl-C); 143: by SIGTERM. What ran is reported, what the run created is"
                + " deleted"})
public final class KconformMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        LogSetup.beforeAnything();
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output streams and returns the exit code, without exiting. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new KconformMain())
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(KconformMain::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("kconform: internal error: " + e);
                    e.printStackTrace(cmd.getErr());
                    return ExitCode.UNREACHABLE_OR_HARNESS_ERROR;
                });
        return commandLine.execute(args);
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("kconform: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the valid options.");
        return ExitCode.USAGE;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints this build's version and the Kafka baseline. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kconform " + Kconform.version() + " (checks written against " + Kconform.BASELINE + ")"};
        }
    }
}
