package io.kconform.maven;

import io.kconform.harness.engine.RunEngine;
import io.kconform.harness.engine.RunRequest;
import io.kconform.harness.run.ExitCode;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The {@code certify} goal's side of the engine's class loader: loaded there by {@link CertifyMojo}, it takes the
 * parameters and gives the result as JDK types only, so that no class of the harness is ever loaded by Maven's
 * plugin class loader. Stateless.
 */
public final class IsolatedRun {

    /** The result's exit code, an Integer, as {@code kconform run} would exit. */
    public static final String EXIT_CODE = "exitCode";
    /** The result's verdict headlines and the gate's lines, one String. */
    public static final String VERDICT = "verdict";
    /** The report files written, a List of String. */
    public static final String REPORTS = "reports";

    private static final String SLF4J_SIMPLE = "org.slf4j.simpleLogger.";

    private IsolatedRun() {
    }

    /**
     * Runs the certification the parameters ask for.
     *
     * @param info told each line of progress and summary
     * @param warn told each line of warnings and errors
     */
    public static Map<String, Object> run(Map<String, Object> parameters, Consumer<String> info, Consumer<String> warn) {
        PrintWriter out = new PrintWriter(new Lines(info), true);
        PrintWriter err = new PrintWriter(new Lines(warn), true);
        RunRequest request;
        try {
            request = CertifyParameters.toRequest(parameters);
        } catch (IllegalArgumentException e) {
            err.println("kconform: " + e.getMessage());
            return Map.of(EXIT_CODE, ExitCode.USAGE, VERDICT, "kconform: " + e.getMessage(), REPORTS, List.of());
        }
        // The engine points slf4j-simple (ours, in this loader) at kconform.log through system properties, which are
        // the whole JVM's: Maven's own logger must find them as they were after the run.
        Properties saved = new Properties();
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith(SLF4J_SIMPLE))
                .forEach(n -> saved.setProperty(n, System.getProperty(n)));
        RunEngine.Result result;
        try {
            result = RunEngine.run(request, out, err);
        } finally {
            out.flush();
            err.flush();
            System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith(SLF4J_SIMPLE))
                    .filter(n -> !saved.containsKey(n)).forEach(System::clearProperty);
            saved.stringPropertyNames().forEach(n -> System.setProperty(n, saved.getProperty(n)));
        }
        Map<String, Object> answer = new HashMap<>();
        answer.put(EXIT_CODE, result.exitCode());
        answer.put(VERDICT, result.verdict());
        answer.put(REPORTS, result.reports().stream().map(Object::toString).toList());
        return answer;
    }

    /** A writer that hands on whole lines. */
    private static final class Lines extends Writer {
        private final Consumer<String> sink;
        private final StringBuilder line = new StringBuilder();

        Lines(Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                char c = chars[i];
                if (c == '\n') {
                    emit();
                } else if (c != '\r') {
                    line.append(c);
                }
            }
        }

        private void emit() {
            sink.accept(line.toString());
            line.setLength(0);
        }

        @Override
        public synchronized void flush() {
            // a partial line waits for its end: the console's lines always end with one
        }

        @Override
        public synchronized void close() {
            if (line.length() > 0) {
                emit();
            }
        }
    }
}
