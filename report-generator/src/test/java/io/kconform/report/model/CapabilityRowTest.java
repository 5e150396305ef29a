package io.kconform.report.model;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.report.ReportFixture;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CapabilityRowTest {

    private static Map<String, CapabilityRow.Entry> row(TargetReport target) {
        return CapabilityRow.of(target).stream().collect(Collectors.toMap(CapabilityRow.Entry::name,
                Function.identity()));
    }

    @Test
    void theRowNamesWhatAnArchitectAsksAboutInAFixedOrder() {
        assertThat(CapabilityRow.of(ReportFixture.reference())).extracting(CapabilityRow.Entry::name)
                .containsExactly("transactions", "compaction", "KIP-848 groups", "share groups", "streams groups",
                        "transactions v2", "DescribeTopicPartitions", "Connect", "Streams");
    }

    @Test
    void aFailIsBrokenAPassWorksOnlyRefusalsAreNotOfferedAndNothingRunIsUnknown() {
        TargetReport target = ReportFixture.target("t")
                .check(check("eos.txn.commit").level(Level.EXACTLY_ONCE))
                .check(check("eos.txn.abort").level(Level.EXACTLY_ONCE).outcome(Outcome.UNSUPPORTED))
                .check(check("storage.compaction.kept").level(Level.STORAGE).outcome(Outcome.FAIL).message("lost"))
                .check(check("storage.compaction.other").level(Level.STORAGE))
                .check(check("connect.worker.starts").level(Level.PLATFORM).outcome(Outcome.UNSUPPORTED))
                .check(check("streams.join.works").level(Level.PLATFORM).strength(Strength.MAY))
                .build();

        Map<String, CapabilityRow.Entry> row = row(target);

        assertThat(row.get("transactions").mark()).isEqualTo(CapabilityRow.Mark.YES);
        assertThat(row.get("transactions").reason()).isEqualTo("1 PASS, 1 UNSUPPORTED");
        assertThat(row.get("compaction").mark()).isEqualTo(CapabilityRow.Mark.BROKEN);
        assertThat(row.get("compaction").checks()).extracting(CheckResult::id).containsExactly("storage.compaction.kept");
        assertThat(row.get("Connect").mark()).isEqualTo(CapabilityRow.Mark.NO);
        assertThat(row.get("Streams").mark()).as("a MAY check decides nothing").isEqualTo(CapabilityRow.Mark.UNKNOWN);
    }

    @Test
    void capabilitiesKeepTheStateTheVerdictGaveThem() {
        Map<String, CapabilityRow.Entry> row = row(ReportFixture.reference());

        // refused and not advertised by the fixture: absent, hence not offered
        assertThat(row.get("KIP-848 groups").mark()).isEqualTo(CapabilityRow.Mark.NO);
        assertThat(row.get("share groups").mark()).isEqualTo(CapabilityRow.Mark.UNKNOWN);
    }

    @Test
    void aTargetNotReachedHasNoRow() {
        assertThat(CapabilityRow.of(ReportFixture.unreachable())).isEmpty();
    }
}
