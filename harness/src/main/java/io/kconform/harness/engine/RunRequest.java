package io.kconform.harness.engine;

import io.kconform.api.context.CheckOptions;
import io.kconform.harness.run.CheckSelection;
import io.kconform.harness.run.FailOn;
import io.kconform.harness.run.RunOptions;
import io.kconform.report.render.OutputFormats;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a certification run is asked to do, as {@code kconform run} and the Maven plugin's {@code certify} goal
 * both give it to {@link RunEngine}: which targets, which checks, how they run ({@link RunOptions}), which gate, and
 * where the reports go. Values are kept as given; {@link RunEngine} checks them and refuses a bad one with exit code 2
 * before anything starts. Immutable.
 *
 * @param targets         which targets
 * @param selection       which checks
 * @param options         parallelism, the per-check bound, cluster changes and the checks' own options
 * @param parallelTargets how many targets run at once
 * @param failOn          the gate's conditions, comma-separated ({@link FailOn#SYNTAX})
 * @param baseline        an earlier results.json to compare with, or null
 * @param expected        an expected-outcomes file, or null
 * @param output          the reports' folder, or null for a new dated folder under {@code reports/}
 * @param overwrite       whether an output folder that holds files may be written into
 * @param formats         the reports to write, comma-separated ({@link OutputFormats#NAMES})
 * @param color           whether the console lines are coloured
 * @param handleSignals   whether SIGINT and SIGTERM end the run in order ({@code RunInterruption}): the checks
 *                        stopped, what the run created deleted, the reports written and marked interrupted, exit
 *                        130 or 143. The handlers are the run's only while it runs, so a caller that lives on after
 *                        it (a build tool's JVM) gets its own back. Without them the JVM's exit hooks delete what they
 *                        can while checks still run, and no report is written.
 */
public record RunRequest(Targets targets, CheckSelection selection, RunOptions options, int parallelTargets,
                         String failOn, Path baseline, Path expected, Path output, boolean overwrite, String formats,
                         boolean color, boolean handleSignals) {

    /** The eos.history checks' default seed, as {@code --history-seed} has it. */
    public static final long DEFAULT_HISTORY_SEED = 13;
    /** The eos.history checks' default workload in seconds, as {@code --history-duration} has it. */
    public static final int DEFAULT_HISTORY_SECONDS = 3;

    public RunRequest {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(failOn, "failOn");
        Objects.requireNonNull(formats, "formats");
    }

    /** The options the checks read for the history workload, by name ({@link RunOptions#checkOptions()}). */
    public static Map<String, String> historyOptions(long seed, int durationSeconds) {
        return Map.of(CheckOptions.HISTORY_SEED, Long.toString(seed),
                CheckOptions.HISTORY_DURATION_SECONDS, Integer.toString(durationSeconds));
    }

    /**
     * Which targets a run certifies: one of an endpoint ({@code bootstrap} with client properties from a file or
     * given inline), targets of a targets file by name, or an embedded Apache Kafka release; none of them gives the
     * default target of ./targets.yaml (the built-in embedded Apache Kafka when there is none). {@code ${env:NAME}}
     * in client properties is resolved from the environment, in a file or inline alike.
     *
     * @param targetsFile       a targets.yaml, or null for ./targets.yaml when present
     * @param targetNames       targets of the targets file; empty for its default
     * @param bootstrap         an endpoint's bootstrap servers, or null
     * @param commandConfig     a properties file of client properties for {@code bootstrap}, or null
     * @param clientProperties  client properties for {@code bootstrap} given inline; empty for none
     * @param propertiesSource  where the inline client properties are written, for messages
     * @param embeddedVersion   an Apache Kafka release to launch embedded, or empty
     * @param brokerProperties  broker properties of the embedded release
     */
    public record Targets(Path targetsFile, List<String> targetNames, String bootstrap, Path commandConfig,
                          Map<String, String> clientProperties, String propertiesSource,
                          Optional<String> embeddedVersion, Map<String, String> brokerProperties) {

        public Targets {
            targetNames = List.copyOf(targetNames);
            clientProperties = Map.copyOf(clientProperties);
            brokerProperties = Map.copyOf(brokerProperties);
            Objects.requireNonNull(embeddedVersion, "embeddedVersion");
        }

        /** The default target of ./targets.yaml, or the built-in one. */
        public static Targets defaults() {
            return new Targets(null, List.of(), null, null, Map.of(), "", Optional.empty(), Map.of());
        }
    }
}
