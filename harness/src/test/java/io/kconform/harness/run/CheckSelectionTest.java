package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.Battery;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.Level;
import io.kconform.api.Strength;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckSelectionTest {

    private static CheckDescriptor check(String id, Battery battery, Level level) {
        return new CheckDescriptor(id, "t", battery, level, Strength.MUST, List.of(), "h", List.of(), List.of(),
                "C", id.replace('.', '_').replace('-', '_'));
    }

    private static final CheckCatalog CATALOG = new CheckCatalog(List.of(
            check("storage.compaction.latest-value-kept", Battery.STORAGE, Level.STORAGE),
            check("storage.log.order", Battery.STORAGE, Level.STORAGE),
            check("protocol.produce.acks-all", Battery.PROTOCOL, Level.INGEST),
            check("eos.txn.fencing", Battery.EOS, Level.EXACTLY_ONCE)));

    @Test
    void criteriaOfOneKindAreAlternativesOfDifferentKindsAllMustHold() {
        CheckSelection selection = new CheckSelection(Set.of(Battery.STORAGE, Battery.EOS), List.of("*.compaction.*",
                "eos.*"), Optional.empty());
        assertThat(selection.apply(CATALOG)).extracting(CheckDescriptor::id)
                .containsExactly("storage.compaction.latest-value-kept", "eos.txn.fencing");
    }

    @Test
    void aLevelSelectsThatLevelAndTheOnesBelow() {
        CheckSelection upToStorage = new CheckSelection(Set.of(), List.of(), Optional.of(Level.STORAGE));
        assertThat(upToStorage.apply(CATALOG)).extracting(CheckDescriptor::id).doesNotContain("eos.txn.fencing")
                .contains("protocol.produce.acks-all");
    }

    @Test
    void theCatalogIsInBatteryOrderThenById() {
        assertThat(CheckSelection.all().apply(CATALOG)).extracting(CheckDescriptor::id).containsExactly(
                "protocol.produce.acks-all", "storage.compaction.latest-value-kept", "storage.log.order",
                "eos.txn.fencing");
    }

    @Test
    void aGlobMatchingNothingIsAUsageError() {
        assertThatThrownBy(() -> new CheckSelection(Set.of(), List.of("storage.compactoin.*"), Optional.empty())
                .apply(CATALOG)).hasMessageStartingWith("no check matches storage.compactoin.*");
        assertThatThrownBy(() -> new CheckSelection(Set.of(Battery.CONNECT), List.of(), Optional.empty()).apply(CATALOG))
                .hasMessage("the selection --battery connect takes no check");
    }

    @Test
    void aCatalogWithADuplicateIdIsRefused() {
        CheckDescriptor a = check("storage.log.order", Battery.STORAGE, Level.STORAGE);
        assertThatThrownBy(() -> new CheckCatalog(List.of(a, a))).hasMessageContaining("declared twice");
    }
}
