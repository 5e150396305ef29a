package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.harness.run.CheckCatalog;
import io.kconform.report.model.CheckResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden outcome files themselves: readable, complete for the catalog, and their differences
 * rendered so that a reader sees what changed. The runs that compare against them are
 * {@link GoldenOutcomesIT}'s.
 */
class GoldenOutcomesTest {

    private static final CheckCatalog CATALOG = CheckCatalog.discover();

    /**
     * The checks that do not PASS on the reference in its default configuration, and why; golden
     * outcomes/README.md says more. Nothing else may join this list without the same justification.
     */
    private static final Map<String, Outcome> NOT_PASSING_ON_THE_REFERENCE = Map.of(
            // no authorizer by default: SECURITY_DISABLED; PASSES with ACLs enforced (SecuredKafkaIT,
            // control acls-enforced)
            "protocol.admin.acls", Outcome.UNSUPPORTED,
            // no second principal to be refused: SKIPPED, with how to give one; PASSES where ACLs are enforced
            // and a restricted principal exists (SecuredKafkaIT), FAILS where it is a super user (control
            // acls-stored-not-enforced)
            "protocol.admin.acls-enforced", Outcome.SKIPPED,
            // 4.4.0 advertises the API and refuses it cleanly: a finding about the reference itself; the
            // sweep's code is the same for every member, 281 of which PASS here
            "protocol.sweep.streams-group-topology-description-update.v0", Outcome.UNSUPPORTED);

    @TempDir
    Path dir;

    @Test
    void everyGoldenFileListsEveryCheckOfTheCatalogInCatalogOrder() throws IOException {
        List<String> ids = CATALOG.checks().stream().map(CheckDescriptor::id).toList();
        List<Path> files;
        try (Stream<Path> listing = Files.list(GoldenOutcomes.DIR)) {
            files = listing.filter(p -> p.toString().endsWith(".tsv")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("kafka-4.4.tsv", "kafka-4.4-classic-groups.tsv", "kafka-4.2.tsv",
                        "kafka-4.0.tsv", "kafka-3.9.tsv", "kafka-3.6.tsv", "kafka-3.3.tsv", "kroxylicious.tsv");
        for (Path file : files) {
            assertThat(List.copyOf(GoldenOutcomes.read(file).keySet()))
                    .as("checks of %s (a check added or removed needs its golden outcome: %s)", file,
                            GoldenOutcomes.REGENERATE)
                    .containsExactlyElementsOf(ids);
            List<String> lines = Files.readAllLines(file);
            assertThat(lines.get(0)).as("first line of %s: what the target is", file).startsWith("# ");
            assertThat(lines.get(1)).as("second line of %s: how to regenerate", file)
                    .contains(GoldenOutcomes.REGENERATE);
        }
        // The reference is a single node: a check that needs several brokers is SKIPPED there (and shown
        // to PASS on the embedded cluster, EmbeddedClusterIT); every other check PASSES, but for the few
        // named in NOT_PASSING_ON_THE_REFERENCE, each with the reason and where it is shown to pass.
        Map<String, Outcome> reference = GoldenOutcomes.read(GoldenOutcomes.file("kafka-4.4"));
        for (CheckDescriptor check : CATALOG.checks()) {
            Outcome allowed = NOT_PASSING_ON_THE_REFERENCE.get(check.id());
            assertThat(reference.get(check.id())).as("outcome of %s on the reference", check.id())
                    .isIn(allowed != null ? List.of(allowed)
                            : check.minBrokers() > 1 ? List.of(Outcome.PASS, Outcome.SKIPPED) : List.of(Outcome.PASS));
        }
    }

    @Test
    void aDifferenceNamesTheCheckBothOutcomesAndTheMessage() {
        CheckDescriptor first = CATALOG.checks().get(0);
        CheckDescriptor second = CATALOG.checks().get(1);
        List<CheckResult> actual = List.of(
                CheckResult.ran(first, Outcome.FAIL, Duration.ZERO, "expected 3 records, got 2", List.of()),
                CheckResult.ran(second, Outcome.PASS, Duration.ZERO, "", List.of()));
        List<String> differences = GoldenOutcomes.differences(
                Map.of(first.id(), Outcome.PASS, second.id(), Outcome.PASS), actual);
        assertThat(differences).containsExactly(first.id() + ": expected PASS, was FAIL: expected 3 records, got 2");
        assertThat(GoldenOutcomes.describe("t", differences)).contains("1 check(s) differ", "-Dgolden.update=true");
    }

    @Test
    void checksOnlyOneSideKnowsAreDifferencesToo() {
        CheckDescriptor known = CATALOG.checks().get(0);
        List<String> differences = GoldenOutcomes.differences(Map.of("protocol.gone.check", Outcome.PASS),
                List.of(CheckResult.ran(known, Outcome.UNSUPPORTED, Duration.ZERO, "not advertised", List.of()),
                        CheckResult.notSelected(CATALOG.checks().get(1))));
        assertThat(differences).containsExactly(
                "protocol.gone.check: expected PASS, but the catalog has no such check",
                known.id() + ": not in the golden file, was UNSUPPORTED: not advertised",
                CATALOG.checks().get(1).id() + ": not in the golden file, was not run: not selected");
    }

    @Test
    void aRenderedFileReadsBackAsTheRunsOutcomes() throws IOException {
        List<CheckResult> results = CATALOG.checks().stream()
                .map(c -> CheckResult.ran(c, Outcome.UNSUPPORTED, Duration.ZERO, "why", List.of())).toList();
        Path file = dir.resolve("x.tsv");
        Files.writeString(file, GoldenOutcomes.render("a target", results));
        assertThat(GoldenOutcomes.differences(GoldenOutcomes.read(file), results)).isEmpty();
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("# a target");
    }

    @Test
    void aMalformedLineIsReportedWithFileAndLine() throws IOException {
        Path file = dir.resolve("bad.tsv");
        Files.writeString(file, "# what\n# how\nprotocol.x PASS\n");
        assertThatThrownBy(() -> GoldenOutcomes.read(file)).hasMessageContaining("bad.tsv:3:");
        Files.writeString(file, "protocol.x\tPASSED\n");
        assertThatThrownBy(() -> GoldenOutcomes.read(file)).hasMessageContaining("unknown outcome 'PASSED'");
    }
}
