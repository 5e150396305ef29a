package io.kconform.api.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.api.target.ApiRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class ApiBaselineTest {

    private static final ApiBaseline SMALL = ApiBaseline.parse(List.of(
            "# a comment",
            "0\tProduce\t0\t13",
            "",
            "1\tFetch\t4\t18",
            "3\tMetadata\t0\t13"));

    @Test
    void sameRangesCoverTheBaseline() {
        ApiBaseline.Comparison comparison = SMALL.compare(Map.of(
                0, range(0, 13), 1, range(4, 18), 3, range(0, 13)));
        assertThat(comparison.covers()).isTrue();
        assertThat(comparison.missing()).isEmpty();
        assertThat(comparison.behind()).isEmpty();
        assertThat(comparison.ahead()).isEmpty();
        assertThat(comparison.malformed()).isEmpty();
    }

    @Test
    void missingKeysAndOlderMaxVersionsAreGaps() {
        ApiBaseline.Comparison comparison = SMALL.compare(Map.of(0, range(0, 6), 3, range(0, 13)));
        assertThat(comparison.covers()).isFalse();
        assertThat(comparison.missing()).containsExactly("Fetch(1)");
        assertThat(comparison.behind()).containsExactly("Produce max v6 < v13");
    }

    @Test
    void newerVersionsRaisedFloorsAndExtraKeysAreNotGaps() {
        ApiBaseline.Comparison comparison = SMALL.compare(Map.of(
                0, range(3, 14), 1, range(4, 18), 3, range(0, 13), 999, range(0, 0)));
        assertThat(comparison.covers()).isTrue();
        assertThat(comparison.ahead()).containsExactly("Produce max v14 > v13");
        assertThat(comparison.floorRaised()).containsExactly("Produce min v3 > v0");
        assertThat(comparison.extra()).containsExactly("key-999(999)");
    }

    @Test
    void keysAdvertisedWithRangesThatHoldNoVersionAreMalformedNotBehindOrAhead() {
        ApiBaseline.Comparison comparison = SMALL.compare(Map.of(
                0, range(14, 13), 1, range(-1, 18), 3, range(0, 13)));
        assertThat(comparison.covers()).isFalse();
        assertThat(comparison.malformed()).containsExactly("Produce v14-13 (baseline v0-13)",
                "Fetch v-1-18 (baseline v4-18)");
        assertThat(comparison.behind()).isEmpty();
        assertThat(comparison.ahead()).isEmpty();
        assertThat(comparison.floorRaised()).isEmpty();
        assertThat(comparison.missing()).isEmpty();
    }

    @Test
    void malformedLinesAreRejectedWithTheirNumber() {
        assertThatThrownBy(() -> ApiBaseline.parse(List.of("0\tProduce\t0"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> ApiBaseline.parse(List.of("0\tProduce\t5\t1"))).hasMessageContaining("min above max");
        assertThatThrownBy(() -> ApiBaseline.parse(List.of("0\tProduce\t0\t1", "0\tProduce\t0\t2")))
                .hasMessageContaining("line 2").hasMessageContaining("twice");
        assertThatThrownBy(() -> ApiBaseline.parse(List.of("x\tProduce\t0\t1"))).hasMessageContaining("not a number");
    }

    @Test
    void thePinnedKafka44BaselineIsTheClientListenerOfTheReference() {
        ApiBaseline baseline = ApiBaseline.kafka44();
        Map<Integer, ApiBaseline.Entry> entries = baseline.entries();
        assertThat(entries.get((int) ApiKeys.PRODUCE.id).range()).isEqualTo(range(0, 13));
        assertThat(entries.get((int) ApiKeys.FETCH.id).range()).isEqualTo(range(4, 18));
        assertThat(entries).containsKeys((int) ApiKeys.CONSUMER_GROUP_HEARTBEAT.id, (int) ApiKeys.DESCRIBE_CLUSTER.id);
        // controller-only and inter-broker APIs are not on a client listener, so not in the baseline
        assertThat(entries).doesNotContainKeys((int) ApiKeys.LEADER_AND_ISR.id, (int) ApiKeys.VOTE.id,
                (int) ApiKeys.BROKER_REGISTRATION.id, (int) ApiKeys.BROKER_HEARTBEAT.id);
        entries.values().forEach(e -> assertThat(e.name()).as("name of key %d", e.key())
                .isEqualTo(ApiBaseline.nameOf(e.key())));
        Map<Integer, ApiRange> same = new HashMap<>();
        entries.values().forEach(e -> same.put(e.key(), e.range()));
        assertThat(baseline.compare(same).covers()).isTrue();
    }

    private static ApiRange range(int min, int max) {
        return new ApiRange((short) min, (short) max);
    }
}
