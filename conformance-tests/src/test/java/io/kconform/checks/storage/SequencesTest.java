package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequencesTest {

    @Test
    void equalSequencesHaveNoDifference() {
        assertThat(Sequences.firstDifference(List.of("a", "b"), List.of("a", "b"))).isEmpty();
        assertThat(Sequences.firstDifference(List.of(), List.of())).isEmpty();
    }

    @Test
    void namesTheFirstDifferingElement() {
        assertThat(Sequences.firstDifference(List.of("a", "b", "c"), List.of("a", "c", "b")))
                .hasValueSatisfying(d -> assertThat(d).startsWith("at #1 expected b but read c"));
    }

    @Test
    void namesTheFirstMissingOrExtraElement() {
        assertThat(Sequences.firstDifference(List.of("a", "b"), List.of("a")))
                .hasValueSatisfying(d -> assertThat(d).isEqualTo("read only 1 of 2 records; first missing: b"));
        assertThat(Sequences.firstDifference(List.of("a"), List.of("a", "a")))
                .hasValueSatisfying(d -> assertThat(d).isEqualTo("read 2 records where 1 were expected; first extra: a"));
    }

    @Test
    void consecutiveOffsetsHaveNoGap() {
        assertThat(Sequences.firstGap(List.of(5L, 6L, 7L))).isEmpty();
        assertThat(Sequences.firstGap(List.of())).isEmpty();
    }

    @Test
    void findsGapsAndReordering() {
        assertThat(Sequences.firstGap(List.of(0L, 1L, 3L))).hasValue("offset 3 at #2 follows 1");
        assertThat(Sequences.firstGap(List.of(0L, 2L, 1L))).hasValue("offset 2 at #1 follows 0");
        assertThat(Sequences.firstGap(List.of(4L, 4L))).hasValue("offset 4 at #1 follows 4");
    }
}
