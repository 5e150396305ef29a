package io.kconform.harness.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.Outcome;
import io.kconform.report.model.Expectations;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpectedOutcomesFileTest {

    private static final Set<String> IDS = Set.of("storage.compaction.latest-value-kept", "protocol.admin.acls");

    @Test
    void readsIdOutcomeReasonAndLinkInOrder() {
        Expectations expected = ExpectedOutcomesFile.parse("expected.yaml", """
                expected:
                  - id: storage.compaction.latest-value-kept
                    outcome: unsupported
                    reason: compaction is not offered yet
                    link: https://tracker.example.com/STOR-12
                  - id: protocol.admin.acls
                    outcome: FAIL
                    reason: ACLs stored, not enforced
                """, IDS);

        assertThat(expected.outcomes().keySet()).containsExactly("storage.compaction.latest-value-kept",
                "protocol.admin.acls");
        assertThat(expected.outcomes().get("storage.compaction.latest-value-kept")).isEqualTo(new Expectations.Expected(
                "storage.compaction.latest-value-kept", Outcome.UNSUPPORTED, "compaction is not offered yet",
                "https://tracker.example.com/STOR-12"));
        assertThat(expected.outcomes().get("protocol.admin.acls").link()).isEmpty();
        assertThat(expected.expectedOf("protocol.other")).isEqualTo(Outcome.PASS);
    }

    @Test
    void everyMistakeNamesFileLineColumnAndField() {
        assertThatThrownBy(() -> ExpectedOutcomesFile.parse("e.yaml", """
                expected:
                  - id: protocol.admin.acls
                    outcome: UNSUPORTED
                    reason: r
                """, IDS)).isInstanceOf(ConfigException.class).hasMessage("e.yaml:3:14: expected[0].outcome: unknown"
                + " outcome 'UNSUPORTED' (valid: PASS, FAIL, UNSUPPORTED, SKIPPED; ERROR is the harness's fault, never"
                + " expected)");
        assertThatThrownBy(() -> ExpectedOutcomesFile.parse("e.yaml", """
                expected:
                  - id: protocol.admin.acls
                    outcome: FAIL
                    reason: r
                  - id: protocol.admin.aclz
                    outcome: FAIL
                    reason: r
                """, IDS)).hasMessage("e.yaml:5:9: expected[1].id: unknown check 'protocol.admin.aclz' (kconform list"
                + " shows every check)");
        assertThatThrownBy(() -> ExpectedOutcomesFile.parse("e.yaml", """
                expected:
                  - id: protocol.admin.acls
                    outcome: FAIL
                """, IDS)).hasMessage("e.yaml:2:5: expected[0].reason: missing");
        assertThatThrownBy(() -> ExpectedOutcomesFile.parse("e.yaml", """
                expected:
                  - id: protocol.admin.acls
                    outcome: ERROR
                    reason: r
                """, IDS)).hasMessageContaining("expected[0].outcome: unknown outcome 'ERROR'");
        assertThatThrownBy(() -> ExpectedOutcomesFile.parse("e.yaml", """
                expected:
                  - id: protocol.admin.acls
                    outcome: FAIL
                    reason: r
                    url: x
                """, IDS)).hasMessage("e.yaml:5:5: expected[0].url: unknown field (valid: id, outcome, reason, link)");
        assertThatThrownBy(() -> ExpectedOutcomesFile.parse("e.yaml", """
                expected:
                  - id: protocol.admin.acls
                    outcome: FAIL
                    reason: r
                  - id: protocol.admin.acls
                    outcome: PASS
                    reason: r
                """, IDS)).hasMessageContaining("e.yaml:5:9: expected[1].id: check 'protocol.admin.acls' is listed twice");
        assertThatThrownBy(() -> ExpectedOutcomesFile.parse("e.yaml", "expected: [\n  - id: x\n", IDS))
                .hasMessageStartingWith("e.yaml:").hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> ExpectedOutcomesFile.parse("e.yaml", "gaps: []\n", IDS))
                .hasMessageContaining("e.yaml:1:1: gaps: unknown field (valid: expected)");
    }
}
