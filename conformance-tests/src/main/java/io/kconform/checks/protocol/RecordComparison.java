package io.kconform.checks.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compares what was produced with what was fetched back and names every anomaly in the vocabulary
 * of Jepsen's Kafka histories: lost writes, duplicates, unexpected records, records on the wrong
 * partition or with the wrong key, acknowledged offsets that differ from the fetched ones, records
 * out of order, non-monotonic offsets. Pure logic, unit-tested. Every record's value must be
 * unique: it is the record's identity.
 */
final class RecordComparison {

    /** How many examples each problem line shows. */
    private static final int EXAMPLES = 3;

    /**
     * One record as produced or as fetched.
     *
     * @param partition the partition
     * @param offset    the offset; for a produced record, the acknowledged offset, or -1 when the
     *                  producer was not told (acks=0)
     * @param key       the key, may be null
     * @param value     the value, unique among the records compared
     */
    record Rec(int partition, long offset, String key, String value) {
        @Override
        public String toString() {
            return abbreviate(value) + "(key " + key + ", p" + partition + (offset >= 0 ? "@" + offset : "") + ")";
        }
    }

    private RecordComparison() {
    }

    /** A value short enough for a report line. */
    static String abbreviate(String value) {
        return value == null || value.length() <= 24 ? String.valueOf(value) : value.substring(0, 21) + "...";
    }

    /**
     * The anomalies, one line each with examples; empty when the fetched records are exactly the
     * produced ones, on the same partitions, with the same keys and acknowledged offsets, in the
     * order they were produced within each partition.
     */
    static List<String> problems(List<Rec> produced, List<Rec> fetched) {
        List<String> problems = new ArrayList<>();
        Map<String, Rec> producedByValue = new LinkedHashMap<>();
        produced.forEach(r -> producedByValue.put(r.value(), r));
        Map<String, Integer> fetchedCount = new HashMap<>();
        Map<String, Rec> fetchedByValue = new LinkedHashMap<>();
        for (Rec r : fetched) {
            fetchedCount.merge(r.value(), 1, Integer::sum);
            fetchedByValue.putIfAbsent(r.value(), r);
        }

        List<Rec> lost = produced.stream().filter(r -> !fetchedByValue.containsKey(r.value())).toList();
        add(problems, "lost: " + lost.size() + " of " + produced.size() + " produced records never fetched", lost);
        List<Rec> duplicated = fetchedByValue.values().stream().filter(r -> fetchedCount.get(r.value()) > 1).toList();
        add(problems, "duplicated: " + duplicated.size() + " records fetched more than once", duplicated);
        List<Rec> unexpected = fetchedByValue.values().stream()
                .filter(r -> !producedByValue.containsKey(r.value())).toList();
        add(problems, "unexpected: " + unexpected.size() + " fetched records were never produced", unexpected);

        List<String> wrongPartition = new ArrayList<>();
        List<String> wrongKey = new ArrayList<>();
        List<String> wrongOffset = new ArrayList<>();
        for (Rec got : fetchedByValue.values()) {
            Rec sent = producedByValue.get(got.value());
            if (sent == null) {
                continue;
            }
            if (sent.partition() != got.partition()) {
                wrongPartition.add(abbreviate(got.value()) + " produced to p" + sent.partition() + ", fetched from p" + got.partition());
            }
            if (!Objects.equals(sent.key(), got.key())) {
                wrongKey.add(abbreviate(got.value()) + " produced with key " + sent.key() + ", fetched with key " + got.key());
            }
            if (sent.offset() >= 0 && sent.offset() != got.offset()) {
                wrongOffset.add(abbreviate(got.value()) + " acknowledged at offset " + sent.offset() + ", fetched at " + got.offset());
            }
        }
        addLines(problems, "wrong partition: " + wrongPartition.size() + " records", wrongPartition);
        addLines(problems, "wrong key: " + wrongKey.size() + " records", wrongKey);
        addLines(problems, "offset mismatch: " + wrongOffset.size() + " records fetched at another offset than"
                + " acknowledged", wrongOffset);

        Map<Integer, List<Rec>> fetchedByPartition = byPartition(fetched);
        Map<Integer, List<Rec>> producedByPartition = byPartition(produced);
        List<String> disorder = new ArrayList<>();
        List<String> nonMonotonic = new ArrayList<>();
        for (Map.Entry<Integer, List<Rec>> entry : fetchedByPartition.entrySet()) {
            List<Rec> got = entry.getValue();
            for (int i = 1; i < got.size(); i++) {
                if (got.get(i).offset() <= got.get(i - 1).offset()) {
                    nonMonotonic.add("p" + entry.getKey() + ": offset " + got.get(i).offset() + " after "
                            + got.get(i - 1).offset());
                    break;
                }
            }
            // compare the order of the records both sides have, so that a loss is not also reported as disorder
            List<String> gotOrder = got.stream().map(Rec::value).filter(producedByValue::containsKey).distinct()
                    .toList();
            List<String> sentOrder = producedByPartition.getOrDefault(entry.getKey(), List.of()).stream()
                    .map(Rec::value).filter(fetchedByValue::containsKey).toList();
            for (int i = 0; i < Math.min(gotOrder.size(), sentOrder.size()); i++) {
                if (!gotOrder.get(i).equals(sentOrder.get(i))) {
                    disorder.add("p" + entry.getKey() + ": position " + i + " holds " + abbreviate(gotOrder.get(i))
                            + ", produced there: " + abbreviate(sentOrder.get(i)));
                    break;
                }
            }
        }
        addLines(problems, "out of order: " + disorder.size() + " partitions fetched in another order than produced",
                disorder);
        addLines(problems, "non-monotonic offsets: " + nonMonotonic.size() + " partitions", nonMonotonic);
        return problems;
    }

    /** Records grouped by partition, each list in the order given. */
    static Map<Integer, List<Rec>> byPartition(List<Rec> records) {
        return records.stream().collect(Collectors.groupingBy(Rec::partition, TreeMap::new, Collectors.toList()));
    }

    private static void add(List<String> problems, String headline, List<Rec> examples) {
        if (!examples.isEmpty()) {
            problems.add(headline + " (e.g. " + examples.stream().limit(EXAMPLES).map(Rec::toString)
                    .collect(Collectors.joining(", ")) + ")");
        }
    }

    private static void addLines(List<String> problems, String headline, List<String> examples) {
        if (!examples.isEmpty()) {
            problems.add(headline + " (e.g. " + examples.stream().limit(EXAMPLES).collect(Collectors.joining("; "))
                    + ")");
        }
    }
}
