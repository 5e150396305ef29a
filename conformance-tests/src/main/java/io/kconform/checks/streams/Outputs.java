package io.kconform.checks.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares a topology's output on the target with the reference's, and says in one line where they
 * first differ, so that a FAIL message names the key and the update that went wrong.
 *
 * <p>Where the output topic has several producers (tasks) writing into it, only the order per key is
 * defined, so outputs are compared as the sequence of values per key; where one task writes the
 * whole output, the full sequence is defined and compared record by record.
 */
final class Outputs {

    private Outputs() {
    }

    /** The sequence of values of each key, keys sorted, values in the order they were emitted. */
    static Map<String, List<String>> valuesByKey(List<OutputRecord> records) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (OutputRecord record : records) {
            byKey.computeIfAbsent(String.valueOf(record.key()), k -> new ArrayList<>()).add(record.value());
        }
        return byKey;
    }

    /**
     * Where two per-key sequences first differ, or an empty string when they are equal: the key, the
     * position, and the values on each side.
     */
    static String firstDifference(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        TreeSet<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            List<String> want = expected.getOrDefault(key, List.of());
            List<String> got = actual.getOrDefault(key, List.of());
            int common = Math.min(want.size(), got.size());
            for (int i = 0; i < common; i++) {
                if (!Objects.equals(want.get(i), got.get(i))) {
                    return String.format("key %s, update %d: reference %s, target %s (reference %s, target %s)",
                            key, i + 1, want.get(i), got.get(i), want, got);
                }
            }
            if (want.size() != got.size()) {
                return String.format("key %s: reference has %d updates, target %d (reference %s, target %s)",
                        key, want.size(), got.size(), want, got);
            }
        }
        return "";
    }

    /** Where two record sequences first differ, or an empty string when they are equal. */
    static String firstDifference(List<OutputRecord> expected, List<OutputRecord> actual) {
        int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return String.format("record %d: reference %s, target %s", i + 1, expected.get(i), actual.get(i));
            }
        }
        if (expected.size() != actual.size()) {
            List<OutputRecord> longer = expected.size() > actual.size() ? expected : actual;
            return String.format("reference has %d records, target %d; first unmatched: %s %s", expected.size(),
                    actual.size(), expected.size() > actual.size() ? "reference" : "target", longer.get(common));
        }
        return "";
    }
}
