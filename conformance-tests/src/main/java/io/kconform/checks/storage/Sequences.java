package io.kconform.checks.storage;

import java.util.List;
import java.util.Optional;

/**
 * Compares two sequences and describes the first difference in one line, so that a FAIL about a
 * partition of hundreds of records says where it went wrong instead of printing both lists.
 */
final class Sequences {

    private Sequences() {
    }

    /**
     * The first difference between what was expected and what was read, or empty when they are equal.
     * It names the index, the expected and the actual element, or which side is longer.
     */
    static <T> Optional<String> firstDifference(List<T> expected, List<T> actual) {
        int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return Optional.of("at #" + i + " expected " + expected.get(i) + " but read " + actual.get(i)
                        + " (" + expected.size() + " expected, " + actual.size() + " read)");
            }
        }
        if (expected.size() > actual.size()) {
            return Optional.of("read only " + actual.size() + " of " + expected.size() + " records; first missing: "
                    + expected.get(actual.size()));
        }
        if (actual.size() > expected.size()) {
            return Optional.of("read " + actual.size() + " records where " + expected.size()
                    + " were expected; first extra: " + actual.get(expected.size()));
        }
        return Optional.empty();
    }

    /**
     * The first place where offsets are not consecutive, or empty when every offset is its
     * predecessor plus one.
     */
    static Optional<String> firstGap(List<Long> offsets) {
        for (int i = 1; i < offsets.size(); i++) {
            if (offsets.get(i) != offsets.get(i - 1) + 1) {
                return Optional.of("offset " + offsets.get(i) + " at #" + i + " follows " + offsets.get(i - 1));
            }
        }
        return Optional.empty();
    }
}
