package io.kconform.harness.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Outcome;
import io.kconform.harness.cli.KconformMain;
import io.kconform.harness.config.EmbeddedTargetSpec;
import io.kconform.harness.config.TargetsFile;
import io.kconform.harness.maven.ArtifactResolver;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.harness.run.CheckListener;
import io.kconform.harness.run.ExitCode;
import io.kconform.harness.run.RunOptions;
import io.kconform.harness.run.TargetSession;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import io.kconform.report.render.JsonReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every release target of the project's targets.yaml starts as an embedded target and answers ApiVersions, each
 * on its own class path, in one run side by side (the golden releases run the whole catalog in
 * {@code GoldenOutcomesIT}; the others are started here, so that {@code ./kconform run --target kafka-3.x} works
 * for every line the file names); a release that cannot run is a start error naming it.
 */
class KafkaReleasesIT {

    private static final Path OUT = Path.of("target", "releases");
    private static final Path TARGETS = Path.of("..", "targets.yaml");
    /** A target with a golden outcome file here runs the whole catalog in GoldenOutcomesIT; the others start here. */
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "outcomes");

    @Test
    void everyOtherReleaseOfTargetsYamlStartsInKraftModeAndAnswersApiVersions() throws Exception {
        TargetsFile file = TargetsFile.load(TARGETS);
        List<EmbeddedTargetSpec> releases = file.names().stream().filter(n -> n.matches("kafka-\\d+\\.\\d+"))
                .filter(n -> !Files.exists(GOLDEN.resolve(n + ".tsv"))).map(n -> (EmbeddedTargetSpec) file.resolve(n)).toList();
        assertThat(releases).as("release targets of targets.yaml besides the golden ones").isNotEmpty();
        Path out = OUT.resolve("others");
        StringWriter console = new StringWriter();
        int exit = KconformMain.execute(new PrintWriter(console, true), new PrintWriter(console, true), "run",
                "--targets", TARGETS.toString(), "--target",
                String.join(",", releases.stream().map(EmbeddedTargetSpec::name).toList()),
                "--parallel-targets", String.valueOf(releases.size()), "--check", "protocol.apiversions.answered",
                "--output", out.toString(), "--overwrite", "--no-color");
        System.out.println(console);
        assertThat(exit).as("exit code").isEqualTo(ExitCode.DONE);
        RunReport run = JsonReport.read(out.resolve("results.json"));
        assertThat(run.targets()).extracting(TargetReport::name)
                .containsExactlyElementsOf(releases.stream().map(EmbeddedTargetSpec::name).toList());
        for (EmbeddedTargetSpec release : releases) {
            TargetReport report = run.targets().get(releases.indexOf(release));
            assertThat(report.error()).as("%s could not run", release.name()).isEmpty();
            assertThat(report.apiVersions()).as("APIs %s advertises", release.name()).containsKey("Produce");
            assertThat(report.finalizedFeatures()).as("finalized features of %s", release.name())
                    .containsKey("metadata.version");
            assertThat(report.checks()).filteredOn(CheckResult::selected).singleElement()
                    .satisfies(c -> assertThat(c.outcome()).as("%s on %s", c.id(), release.name())
                            .isEqualTo(Outcome.PASS));
            // its own class path: the broker logs the version it was built as, through slf4j-simple into broker.log
            Path workDir = out.resolve("targets").resolve(release.name());
            assertThat(Files.readString(workDir.resolve("broker.log"), StandardCharsets.UTF_8)).as("broker.log of %s",
                    release.name()).contains("INFO org.apache.kafka.common.utils.AppInfoParser - Kafka version: "
                    + release.version());
            String config = Files.readString(workDir.resolve("server.properties"), StandardCharsets.UTF_8);
            if (release.version().startsWith("3.")) {
                assertThat(config).as("server.properties of %s", release.name()).doesNotContain("share.coordinator.");
            } else {
                assertThat(config).as("server.properties of %s", release.name())
                        .contains("share.coordinator.state.topic.min.isr=1");
            }
        }
    }

    @Test
    void releasesThatCannotRunAreStartErrorsNamingTheVersionAndTheRunGoesOn() {
        TargetSession session = new TargetSession(new TargetLauncher(new ArtifactResolver()), CheckCatalog.discover(),
                RunOptions.DEFAULTS);
        List<String> progress = new ArrayList<>();
        TargetSession.SessionResult tooOld = session.run(new EmbeddedTargetSpec("kafka-3.2", "3.2.0", Map.of()),
                List.of(), OUT.resolve("3.2.0"), progress::add, CheckListener.NONE);
        TargetSession.SessionResult unknown = session.run(new EmbeddedTargetSpec("kafka-9.9", "9.9.9", Map.of()),
                List.of(), OUT.resolve("9.9.9"), progress::add, CheckListener.NONE);

        assertThat(tooOld.availability()).isEqualTo(TargetSession.Availability.UNAVAILABLE);
        assertThat(tooOld.report().error()).hasValue("target kafka-3.2 did not start: Apache Kafka 3.2.0 has no KRaft"
                + " mode kconform supports (3.3 or later)");
        assertThat(unknown.availability()).isEqualTo(TargetSession.Availability.UNAVAILABLE);
        assertThat(unknown.report().error()).hasValueSatisfying(e -> assertThat(e)
                .startsWith("target kafka-9.9 did not start: cannot resolve org.apache.kafka:kafka_2.13:9.9.9"));
        assertThat(progress).as("progress of both sessions: neither formatted nor started a broker")
                .noneMatch(l -> l.contains("formatting") || l.contains("starting"));
    }
}
