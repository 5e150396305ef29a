package io.kconform.harness.launch;

import io.kconform.harness.config.ProcessTargetSpec;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;

/**
 * What the harness runs for a {@code process} target, placeholders replaced: {@code ${port}} and
 * {@code ${port:NAME}} by free loopback ports, {@code ${workDir}} by the directory the command runs
 * in, {@code ${dataDir}} by a fresh directory deleted when the target stops. Placeholders are
 * replaced in the command, the environment's values and the bootstrap.
 *
 * @param command     the program and its arguments; a program given by a relative path is made
 *                    absolute against the harness's current directory
 * @param env         added to the harness's environment for the command; may hold secrets, never shown
 * @param workingDir  where the command runs: the target's {@code workDir} (relative to the harness's
 *                    current directory), or else its folder in the run's output
 * @param dataDir     the target's scratch directory
 * @param bootstrap   where clients reach the server
 * @param ports       the ports chosen, by placeholder
 */
record ProcessPlan(List<String> command, Map<String, String> env, Path workingDir, Path dataDir, String bootstrap,
                   Map<String, Integer> ports) {

    ProcessPlan {
        command = List.copyOf(command);
        // in the order placeholders appeared, as people read them
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    }

    /**
     * Replaces the placeholders of {@code spec}.
     *
     * @param runDir    the target's folder in the run's output
     * @param dataDir   a fresh directory for the target's data
     * @param freePorts gives a free loopback port each time it is asked
     */
    static ProcessPlan of(ProcessTargetSpec spec, Path runDir, Path dataDir, IntSupplier freePorts) {
        Path workingDir = spec.workDir().map(Path::of).orElse(runDir).toAbsolutePath().normalize();
        Placeholders placeholders = new Placeholders(freePorts, Map.of(
                "workDir", workingDir.toString(),
                "dataDir", dataDir.toAbsolutePath().toString()));
        List<String> command = new ArrayList<>(spec.command().stream().map(placeholders::apply).toList());
        command.set(0, program(command.get(0)));
        Map<String, String> env = new LinkedHashMap<>();
        new TreeMap<>(spec.env()).forEach((name, value) -> env.put(name, placeholders.apply(value)));
        String bootstrap = placeholders.apply(spec.bootstrap());
        return new ProcessPlan(command, env, workingDir, dataDir, bootstrap, placeholders.ports());
    }

    /**
     * A program named by a relative path is found from the harness's current directory — where the
     * user wrote targets.yaml and runs kconform — not from the command's working directory. A bare
     * name is looked up on the PATH, as usual.
     */
    private static String program(String program) {
        boolean hasPath = program.contains("/") || program.contains(File.separator);
        return hasPath && !Path.of(program).isAbsolute() ? Path.of(program).toAbsolutePath().normalize().toString()
                : program;
    }

    /** The command line for people: arguments with spaces quoted. The environment is never shown. */
    String commandLine() {
        StringBuilder line = new StringBuilder();
        for (String arg : command) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(arg.isEmpty() || arg.chars().anyMatch(c -> Character.isWhitespace(c) || c == '\'')
                    ? "'" + arg.replace("'", "'\\''") + "'" : arg);
        }
        return line.toString();
    }

    /** Names and command only: the environment's values may be secrets. */
    @Override
    public String toString() {
        return "process plan (" + commandLine() + "; env " + env.keySet() + "; in " + workingDir + ")";
    }
}
