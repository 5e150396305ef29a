package io.kconform.checks.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputsTest {

    private static OutputRecord r(String key, String value) {
        return new OutputRecord(key, value, 0L);
    }

    @Test
    void groupsValuesByKeyInEmissionOrder() {
        Map<String, List<String>> byKey = Outputs.valuesByKey(List.of(r("b", "1"), r("a", "1"), r("b", "3"), r("a", "2")));
        assertThat(byKey).containsExactly(Map.entry("a", List.of("1", "2")), Map.entry("b", List.of("1", "3")));
    }

    @Test
    void equalSequencesHaveNoDifference() {
        Map<String, List<String>> same = Map.of("a", List.of("1", "2"));
        assertThat(Outputs.firstDifference(same, Map.of("a", List.of("1", "2")))).isEmpty();
        assertThat(Outputs.firstDifference(List.of(r("a", "1")), List.of(r("a", "1")))).isEmpty();
    }

    @Test
    void namesTheFirstDifferingUpdate() {
        String diff = Outputs.firstDifference(Map.of("a", List.of("1", "2", "3")), Map.of("a", List.of("1", "5", "3")));
        assertThat(diff).startsWith("key a, update 2: reference 2, target 5");
    }

    @Test
    void namesADuplicatedUpdate() {
        String diff = Outputs.firstDifference(Map.of("a", List.of("1", "2")), Map.of("a", List.of("1", "2", "2")));
        assertThat(diff).startsWith("key a: reference has 2 updates, target 3");
    }

    @Test
    void namesAKeyMissingOnTheTarget() {
        String diff = Outputs.firstDifference(Map.of("a", List.of("1"), "b", List.of("7")), Map.of("a", List.of("1")));
        assertThat(diff).startsWith("key b: reference has 1 updates, target 0");
    }

    @Test
    void namesTheFirstDifferingRecordOfASequence() {
        assertThat(Outputs.firstDifference(List.of(r("a", "1"), r("a", "2")), List.of(r("a", "1"), r("a", "9"))))
                .isEqualTo("record 2: reference a=2@0, target a=9@0");
        assertThat(Outputs.firstDifference(List.of(r("a", "1")), List.of(r("a", "1"), r("b", "1"))))
                .isEqualTo("reference has 1 records, target 2; first unmatched: target b=1@0");
    }
}
