package io.kconform.maven;

import io.kconform.api.Battery;
import io.kconform.api.Level;
import io.kconform.harness.engine.RunRequest;
import io.kconform.harness.run.CheckSelection;
import io.kconform.harness.run.RunOptions;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code certify} goal's parameters turned into the {@link RunRequest} of {@code kconform run} with the same
 * options: comma-separated lists as the CLI splits them, the same defaults, the same rules. Values come as
 * {@link CertifyMojo#parameters()} gives them (JDK types, by parameter name). Stateless.
 */
final class CertifyParameters {

    /** What a history check needs of the check timeout beyond its workload, as the CLI asks. */
    private static final int HISTORY_MARGIN_SECONDS = 60;

    private CertifyParameters() {
    }

    /**
     * The request for these parameters.
     *
     * @throws IllegalArgumentException for a value the CLI would refuse too (an unknown battery or level, no target)
     */
    static RunRequest toRequest(Map<String, Object> p) {
        String bootstrap = text(p, "bootstrap");
        File targetsFile = (File) p.get("targetsFile");
        String embedded = text(p, "embedded");
        if (bootstrap == null && targetsFile == null && embedded == null) {
            // The CLI's default (./targets.yaml, else an embedded Apache Kafka) would certify something else than
            // the vendor's endpoint without a word: a build must name what it certifies.
            throw new IllegalArgumentException("name the target to certify: <bootstrap> (with <clientProperties> or"
                    + " <commandConfig>), <targetsFile> (with <target>), or <embedded> (an Apache Kafka release)");
        }
        int checkTimeout = (Integer) p.get("checkTimeout");
        int historyDuration = (Integer) p.get("historyDuration");
        if (historyDuration != RunRequest.DEFAULT_HISTORY_SECONDS
                && historyDuration + HISTORY_MARGIN_SECONDS > checkTimeout) {
            throw new IllegalArgumentException("historyDuration " + historyDuration + " leaves the history checks too"
                    + " little of checkTimeout " + checkTimeout + "; give checkTimeout "
                    + (historyDuration + HISTORY_MARGIN_SECONDS) + " or more");
        }
        RunOptions options = new RunOptions((Integer) p.get("parallelism"), Duration.ofSeconds(checkTimeout),
                (Boolean) p.get("noClusterChanges"),
                RunRequest.historyOptions((Long) p.get("historySeed"), historyDuration));
        RunRequest.Targets targets = new RunRequest.Targets(path(targetsFile), list(text(p, "target")), bootstrap,
                path((File) p.get("commandConfig")), strings(p, "clientProperties"), "<clientProperties> of the pom",
                Optional.ofNullable(embedded), strings(p, "brokerProperties"));
        Set<Battery> batteries = new LinkedHashSet<>();
        list(text(p, "battery")).forEach(id -> batteries.add(Battery.fromId(id)));
        String level = text(p, "level");
        CheckSelection selection = new CheckSelection(batteries, list(text(p, "check")),
                Optional.ofNullable(level).map(Level::fromName));
        // The output folder is the build's own: each build replaces the reports of the one before.
        return new RunRequest(targets, selection, options, (Integer) p.get("parallelTargets"), text(p, "failOn"),
                path((File) p.get("baseline")), path((File) p.get("expected")), path((File) p.get("outputDirectory")),
                true, text(p, "formats"), false, true);
    }

    private static String text(Map<String, Object> p, String name) {
        Object value = p.get(name);
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    /** A comma-separated list, as picocli splits {@code --check a,b}. */
    private static List<String> list(String text) {
        return text == null ? List.of()
                : Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> strings(Map<String, Object> p, String name) {
        Object value = p.get(name);
        return value == null ? Map.of() : (Map<String, String>) value;
    }

    private static Path path(File file) {
        return file == null ? null : file.toPath();
    }
}
