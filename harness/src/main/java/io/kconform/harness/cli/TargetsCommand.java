package io.kconform.harness.cli;

import io.kconform.harness.config.ConfigException;
import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.config.ExternalTargetSpec;
import io.kconform.harness.config.ProcessTargetSpec;
import io.kconform.harness.config.TargetSpec;
import io.kconform.harness.config.TargetsFile;
import io.kconform.harness.config.TestcontainersTargetSpec;
import io.kconform.harness.config.UnsetVariableException;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.preflight.Preflight;
import io.kconform.harness.run.ExitCode;
import io.kconform.harness.run.Redactor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kconform targets}: checks the targets file as {@code run} would, without starting, reaching or
 * downloading anything, and lists each target with its kind, its release or bootstrap, and the file read.
 * Exits 2 when {@code run} would refuse any target; a target whose values read an environment variable
 * that is not set here is listed with a note, since another machine (a CI job) may set it.
 */
@Command(name = "targets", mixinStandardHelpOptions = true,
        description = {"Checks the targets file and lists its targets, without starting or reaching any.",
            "%nEach target is checked as 'run' would check it: its fields, its release (embedded targets), its"
                + " bootstrap list, and its client properties against Kafka's own producer, consumer and admin client"
                + " definitions, the JAAS login module and the store files they name. Exits 2 when 'run' would"
                + " refuse a target.%n"})
final class TargetsCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--targets", paramLabel = "FILE", description = "The targets file (default: ./targets.yaml).")
    private Path targetsFile;

    /** Maven's local repository, read once: the releases there need no download. */
    private Path localRepository;

    private record Line(String marker, String name, String kind, String what, List<String> notes) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TargetsFile file;
        try {
            file = targetsFile != null ? TargetsFile.load(targetsFile)
                    : TargetsFile.defaultFileIfPresent().map(TargetsFile::load).orElseGet(TargetsFile::builtIn);
        } catch (ConfigException e) {
            err.println("kconform: " + e.getMessage());
            return ExitCode.USAGE;
        }
        List<Line> lines = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (String name : file.names()) {
            String marker = name.equals(file.defaultTarget()) ? "*" : " ";
            List<String> notes = new ArrayList<>();
            TargetSpec target = null;
            try {
                target = file.resolve(name);
                notes.addAll(Preflight.check(target, path -> file.origin(name, path)).stream()
                        .map(w -> "warning: " + w).toList());
                lines.add(new Line(marker, name, target.kind(), describe(target, true), notes));
            } catch (UnsetVariableException e) {
                notes.add("not checked here: " + e.getMessage() + "; run refuses this target until it is set");
                lines.add(new Line(marker, name, file.kind(name), "", notes));
            } catch (ConfigException e) {
                refusals.add(e.getMessage());
                notes.add("refused: " + e.getMessage());
                lines.add(new Line(marker, name, file.kind(name), target == null ? "" : describe(target, false), notes));
            }
        }
        out.println(header(file));
        int nameWidth = lines.stream().mapToInt(l -> l.name().length()).max().orElse(0);
        int kindWidth = lines.stream().mapToInt(l -> l.kind().length()).max().orElse(0);
        for (Line line : lines) {
            out.println((line.marker() + " " + pad(line.name(), nameWidth) + "  " + pad(line.kind(), kindWidth) + "  "
                    + line.what()).stripTrailing());
            line.notes().forEach(note -> out.println("    " + note));
        }
        out.flush();
        refusals.forEach(refusal -> err.println("kconform: " + refusal));
        err.flush();
        return refusals.isEmpty() ? ExitCode.DONE : ExitCode.USAGE;
    }

    private static String header(TargetsFile file) {
        String where = file.source();
        if (Files.exists(Path.of(where)) && !Path.of(where).isAbsolute()) {
            where += " (" + Path.of(where).toAbsolutePath().normalize() + ")";
        }
        return where + ": " + file.names().size() + (file.names().size() == 1 ? " target" : " targets")
                + "; * marks the default";
    }

    /** The release or bootstrap, with secrets hidden; for a release, whether run must download it first. */
    private String describe(TargetSpec target, boolean withDownload) {
        String text;
        Set<String> secrets = Set.of();
        if (target instanceof EmbeddedTargetSpec embedded) {
            text = "Apache Kafka " + embedded.version() + (embedded.nodes() > 1 ? ", " + embedded.nodes() + " brokers" : "")
                    + embedded.security().map(s -> ", " + s.protocol() + (s.usesSasl() ? " " + s.saslMechanism() : "")
                    + (s.authorizer() ? ", ACLs" : "")).orElse("") + (withDownload ? downloaded(embedded.version()) : "");
        } else if (target instanceof ExternalTargetSpec external) {
            text = "bootstrap " + external.bootstrap();
            secrets = external.secretValues();
        } else if (target instanceof ProcessTargetSpec process) {
            text = "bootstrap " + process.bootstrap() + ", command " + process.command().get(0);
            secrets = process.secretValues();
        } else if (target instanceof TestcontainersTargetSpec container) {
            text = "bootstrap " + container.bootstrap() + ", image " + container.image();
            secrets = container.secretValues();
        } else {
            text = target.toString();
        }
        return new Redactor(secrets).apply(text);
    }

    /** Whether the release is in the local Maven repository; run downloads it once otherwise (targets never does). */
    private String downloaded(String version) {
        if (localRepository == null) {
            localRepository = ArtifactResolver.userLocalRepository();
        }
        Path jar = localRepository.resolve(Path.of("org", "apache", "kafka", "kafka_2.13", version,
                "kafka_2.13-" + version + ".jar"));
        return Files.isRegularFile(jar) ? " (downloaded)" : " (not downloaded yet: run downloads it once)";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
