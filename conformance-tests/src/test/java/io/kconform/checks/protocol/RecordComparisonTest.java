package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.checks.protocol.RecordComparison.Rec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordComparisonTest {

    private static List<Rec> produced(boolean withOffsets) {
        List<Rec> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            records.add(new Rec(i % 2, withOffsets ? i / 2 : -1, "k" + i % 2, "v" + i));
        }
        return records;
    }

    private static List<Rec> fetchedAsProduced() {
        List<Rec> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            records.add(new Rec(i % 2, i / 2, "k" + i % 2, "v" + i));
        }
        return records;
    }

    @Test
    void identicalHistoriesHaveNoProblem() {
        assertThat(RecordComparison.problems(produced(true), fetchedAsProduced())).isEmpty();
        assertThat(RecordComparison.problems(produced(false), fetchedAsProduced())).isEmpty();
    }

    @Test
    void partitionsInterleavedDifferentlyAreNotDisorder() {
        List<Rec> fetched = new ArrayList<>(fetchedAsProduced());
        fetched.sort((a, b) -> Integer.compare(b.partition(), a.partition()));
        assertThat(RecordComparison.problems(produced(true), fetched)).isEmpty();
    }

    @Test
    void everythingLostIsOneLostLine() {
        assertThat(RecordComparison.problems(produced(true), List.of()))
                .singleElement().asString().startsWith("lost: 6 of 6");
    }

    @Test
    void duplicatesAreNamed() {
        List<Rec> fetched = new ArrayList<>(fetchedAsProduced());
        fetched.add(new Rec(0, 3, "k0", "v4"));
        assertThat(RecordComparison.problems(produced(true), fetched))
                .singleElement().asString().startsWith("duplicated: 1");
    }

    @Test
    void reversedValuesWithinAPartitionAreDisorderAndOffsetMismatch() {
        List<Rec> fetched = new ArrayList<>();
        fetched.add(new Rec(0, 0, "k0", "v4"));
        fetched.add(new Rec(0, 1, "k0", "v2"));
        fetched.add(new Rec(0, 2, "k0", "v0"));
        fetched.add(new Rec(1, 0, "k1", "v1"));
        fetched.add(new Rec(1, 1, "k1", "v3"));
        fetched.add(new Rec(1, 2, "k1", "v5"));
        List<String> problems = RecordComparison.problems(produced(true), fetched);
        assertThat(problems).anyMatch(p -> p.startsWith("offset mismatch: 2"));
        assertThat(problems).anyMatch(p -> p.startsWith("out of order: 1"));
        // without acknowledged offsets (acks=0) only the order can tell
        assertThat(RecordComparison.problems(produced(false), fetched))
                .singleElement().asString().startsWith("out of order: 1");
    }

    @Test
    void wrongKeysPartitionsUnexpectedRecordsAndOffsetGoingBackAreNamed() {
        List<Rec> fetched = new ArrayList<>(fetchedAsProduced());
        fetched.set(0, new Rec(0, 0, "other", "v0"));
        fetched.set(1, new Rec(0, 5, "k1", "v1"));
        fetched.add(new Rec(1, 1, "k1", "never-sent"));
        List<String> problems = RecordComparison.problems(produced(true), fetched);
        assertThat(problems).anyMatch(p -> p.startsWith("wrong key: 1"));
        assertThat(problems).anyMatch(p -> p.startsWith("wrong partition: 1"));
        assertThat(problems).anyMatch(p -> p.startsWith("unexpected: 1"));
        assertThat(problems).anyMatch(p -> p.startsWith("non-monotonic offsets: "));
    }

    @Test
    void longValuesAreAbbreviatedInMessages() {
        String longValue = "value-0001-" + String.join("", Collections.nCopies(50, "x"));
        List<String> problems = RecordComparison.problems(List.of(new Rec(0, 0, "k", longValue)), List.of());
        assertThat(problems.get(0)).contains("value-0001-xxxxxxxxxx...").doesNotContain(longValue);
    }
}
