package io.kconform.harness.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.CheckDescriptor;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.harness.run.CheckCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The proof figure: how many checks are shown to FAIL on at least one negative control. Only a FAIL
 * counts as proof that a check can catch a broken feature; an UNSUPPORTED control shows that the
 * check notices a missing feature, which is a second proof, not a substitute, so the checks proven
 * only that way are counted and listed apart. The build fails on any MUST check without a FAIL proof
 * and on any check without a proof of either kind; SHOULD and MAY checks without a FAIL proof are
 * listed (the aim is none).
 */
class ProofCoverageTest {

    private final List<NegativeControl> controls = ControlsFile.loadAll();
    private final CheckCatalog catalog = CheckCatalog.discover();

    @Test
    void everyMustCheckFailsOnSomeNegativeControl() {
        Set<String> failing = idsExpectedAs(Outcome.FAIL);
        Set<String> unsupported = idsExpectedAs(Outcome.UNSUPPORTED);
        List<CheckDescriptor> checks = catalog.checks();
        List<CheckDescriptor> unsupportedOnly = select(checks,
                c -> !failing.contains(c.id()) && unsupported.contains(c.id()));
        List<CheckDescriptor> unproven = select(checks, c -> !failing.contains(c.id()) && !unsupported.contains(c.id()));
        List<CheckDescriptor> mustWithoutFail = select(checks,
                c -> c.strength() == Strength.MUST && !failing.contains(c.id()));

        // One line each, so that README's figures can be checked with grep.
        System.out.printf("kconform proof figure: %d of %d checks are shown to FAIL on a negative control (%d controls)%n",
                checks.size() - unsupportedOnly.size() - unproven.size(), checks.size(), controls.size());
        System.out.printf("kconform proof figure: %d checks are shown only to be UNSUPPORTED on a negative control,"
                + " never to FAIL%n", unsupportedOnly.size());
        unsupportedOnly.forEach(c -> System.out.println("  proven only by UNSUPPORTED: " + describe(c)));
        unproven.forEach(c -> System.out.println("  not proven at all: " + describe(c)));
        select(checks, c -> c.strength() != Strength.MUST && !failing.contains(c.id()))
                .forEach(c -> System.out.println("  SHOULD/MAY without a FAIL proof: " + describe(c)));

        assertThat(mustWithoutFail.stream().map(CheckDescriptor::id).toList())
                .as("MUST checks with no negative control that makes them FAIL").isEmpty();
        assertThat(unproven.stream().map(CheckDescriptor::id).toList())
                .as("checks with no negative control that makes them FAIL or UNSUPPORTED").isEmpty();
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

    private Set<String> idsExpectedAs(Outcome outcome) {
        Set<String> ids = new HashSet<>();
        for (NegativeControl control : controls) {
            control.expectations(catalog).forEach((id, expected) -> {
                if (expected == outcome) {
                    ids.add(id);
                }
            });
        }
        return ids;
    }

    private static List<CheckDescriptor> select(List<CheckDescriptor> checks, Predicate<CheckDescriptor> which) {
        return checks.stream().filter(which).sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    private static String describe(CheckDescriptor check) {
        return check.id() + " (" + check.strength() + ")";
    }
}
