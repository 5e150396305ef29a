package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.harness.run.CheckCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The proof figure: how many checks are shown to fail or be unsupported on at least one negative
 * control. The goal is all of them; the build fails on any check without such a proof, and prints
 * the figure and the list.
 */
class ProofCoverageTest {

    private final List<NegativeControl> controls = ControlsFile.loadAll();
    private final CheckCatalog catalog = CheckCatalog.discover();

    @Test
    void everyCheckFailsOrIsUnsupportedOnSomeNegativeControl() {
        Set<String> proven = new HashSet<>();
        for (NegativeControl control : controls) {
            control.expectations(catalog).forEach((id, outcome) -> {
                if (outcome == Outcome.FAIL || outcome == Outcome.UNSUPPORTED) {
                    proven.add(id);
                }
            });
        }
        Set<String> unproven = new TreeSet<>();
        for (CheckDescriptor check : catalog.checks()) {
            if (!proven.contains(check.id())) {
                unproven.add(check.id());
            }
        }
        int total = catalog.checks().size();
        System.out.printf("kconform proof figure: %d of %d checks are shown to FAIL or be UNSUPPORTED on a negative"
                + " control (%d controls)%n", total - unproven.size(), total, controls.size());
        unproven.forEach(id -> System.out.println("  not yet proven: " + id));
        assertThat(unproven).as("checks with no negative control that makes them FAIL or UNSUPPORTED").isEmpty();
    }

    @Test
    void controlsNameOnlyChecksThatExistAndHaveUniqueNames() {
        Set<String> names = new HashSet<>();
        for (NegativeControl control : controls) {
            assertThat(names.add(control.name())).as("control name %s is unique", control.name()).isTrue();
            for (String id : control.expectations(catalog).keySet()) {
                assertThat(catalog.find(id)).as("%s: control %s expects an outcome of unknown check %s",
                        control.source(), control.name(), id).isPresent();
            }
            assertThat(control.why()).as("control %s says why", control.name()).isNotBlank();
        }
    }
}
