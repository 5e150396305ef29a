package io.kconform.checks.eos.history;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the checker found in one history: for each anomaly kind, every case, each a line naming the records that
 * show it; and notes on what Kafka's model allowed and the checker therefore did not report. Immutable.
 */
public final class Findings {

    /** How many cases of each kind a summary shows. */
    public static final int FIRST = 5;

    private final Map<Anomaly, List<String>> cases;
    private final List<String> notes;

    Findings(Map<Anomaly, List<String>> cases, List<String> notes) {
        EnumMap<Anomaly, List<String>> copy = new EnumMap<>(Anomaly.class);
        cases.forEach((kind, list) -> {
            if (!list.isEmpty()) {
                copy.put(kind, List.copyOf(list));
            }
        });
        this.cases = java.util.Collections.unmodifiableMap(copy);
        this.notes = List.copyOf(notes);
    }

    /** Whether no anomaly was found. */
    public boolean clean() {
        return cases.isEmpty();
    }

    /** The kinds found, in the order of {@link Anomaly}. */
    public List<Anomaly> kinds() {
        return new ArrayList<>(cases.keySet());
    }

    /** How many cases of a kind. */
    public int count(Anomaly kind) {
        return cases.getOrDefault(kind, List.of()).size();
    }

    /** Every case of a kind, in the order found. */
    public List<String> cases(Anomaly kind) {
        return cases.getOrDefault(kind, List.of());
    }

    /** What the model allowed and was not reported (skips across rebalances, writes of unknown outcome). */
    public List<String> notes() {
        return notes;
    }

    /** One line: {@code lost-write 3, duplicate 1}, or {@code none}. */
    public String counts() {
        if (clean()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        cases.forEach((kind, list) -> parts.add(kind.id() + " " + list.size()));
        return String.join(", ", parts);
    }

    /** One line per kind: its count, its meaning and its first {@link #FIRST} cases. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        cases.forEach((kind, list) -> lines.add(kind.id() + " (" + kind.meaning() + "): " + list.size()
                + (list.size() > FIRST ? ", first " + FIRST : "") + ": "
                + String.join("; ", list.subList(0, Math.min(FIRST, list.size())))));
        return lines;
    }

    @Override
    public String toString() {
        return counts();
    }
}
