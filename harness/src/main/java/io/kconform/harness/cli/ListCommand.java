package io.kconform.harness.cli;

import io.kconform.api.CheckDescriptor;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.ExitCode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kconform list}: every check, without connecting to anything. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Prints every check (id, battery, level, strength, spec references) without connecting.")
final class ListCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { TEXT, TSV }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private SelectionOptions selection;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (a table for people) or tsv (one line per check, tab-separated). Default: ${DEFAULT-VALUE}.")
    private Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<CheckDescriptor> checks;
        try {
            checks = selection.selection().apply(CheckCatalog.discover());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("kconform: " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (format == Format.TSV) {
            out.println(CatalogText.TSV_HEADER);
            checks.forEach(c -> out.println(CatalogText.tsv(c)));
        } else {
            int idWidth = checks.stream().mapToInt(c -> c.id().length()).max().orElse(10);
            String row = "%-" + idWidth + "s  %-9s %-12s %-8s %-25s %-14s %s%n";
            out.printf(Locale.ROOT, row, "ID", "BATTERY", "LEVEL", "STRENGTH", "CAPABILITY", "CLUSTER-CHANGE", "SPEC");
            for (CheckDescriptor c : checks) {
                out.printf(Locale.ROOT, row, c.id(), c.battery().id(), c.level().id(), c.strength(),
                        c.capability().map(io.kconform.api.Capability::id).orElse("-"),
                        c.clusterChange().isPresent() ? "yes" : "-", String.join(", ", c.references()));
            }
            long changing = checks.stream().filter(c -> c.clusterChange().isPresent()).count();
            out.printf(Locale.ROOT, "%d checks; %d change cluster-wide state and are skipped by %s (--format tsv says"
                    + " what each changes)%n", checks.size(), changing, io.kconform.harness.run.ClusterChanges.OPTION);
        }
        out.flush();
        return ExitCode.DONE;
    }
}
