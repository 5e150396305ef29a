package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.cli.CatalogText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The committed list of every check (id, battery, level, strength, spec): any check that appears,
 * disappears or changes id, level or strength must change {@code golden/checks.tsv} with it, so the
 * change shows up in review. Regenerate with {@code ./kconform list --format tsv >
 * harness/src/test/resources/golden/checks.tsv}.
 */
class CheckCatalogGoldenTest {

    @Test
    void theCatalogMatchesTheCommittedList() throws IOException {
        List<String> actual = new ArrayList<>();
        actual.add(CatalogText.TSV_HEADER);
        CheckCatalog.discover().checks().forEach(c -> actual.add(CatalogText.tsv(c)));
        List<String> golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/checks.tsv")) {
            assertThat(in).as("golden/checks.tsv on the test class path").isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        Set<String> added = new TreeSet<>(actual);
        golden.forEach(added::remove);
        Set<String> removed = new TreeSet<>(golden);
        actual.forEach(removed::remove);
        StringBuilder diff = new StringBuilder();
        removed.forEach(line -> diff.append("\n- ").append(line));
        added.forEach(line -> diff.append("\n+ ").append(line));
        assertThat(diff.toString()).as("difference between the checks and golden/checks.tsv (regenerate with"
                + " './kconform list --format tsv > harness/src/test/resources/golden/checks.tsv')").isEmpty();
        assertThat(actual).as("order of golden/checks.tsv").containsExactlyElementsOf(golden);
    }
}
