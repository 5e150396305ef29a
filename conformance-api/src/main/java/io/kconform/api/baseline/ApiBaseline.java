package io.kconform.api.baseline;

import io.kconform.api.outcome.HarnessException;
import io.kconform.api.target.ApiRange;
import io.kconform.api.target.TargetFacts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A pinned set of advertised API ranges (the Apache Kafka 4.4.0 reference, kept as data in
 * {@value #KAFKA_4_4_RESOURCE}) and the comparison of a target's ApiVersions with it. Pure logic:
 * no network, unit-tested.
 */
public final class ApiBaseline {

    /** The resource, next to this class, holding what Apache Kafka 4.4.0 advertises to clients. */
    public static final String KAFKA_4_4_RESOURCE = "kafka-4.4-api-versions.tsv";

    /** One API key of the baseline. */
    public record Entry(int key, String name, ApiRange range) {
    }

    /**
     * How a target's advertisement relates to the baseline. Each list holds one description per API
     * key, in key order.
     *
     * @param missing     keys of the baseline the target does not advertise at all: a gap
     * @param behind      keys whose advertised max is below the baseline's: a gap (newer fields, newer
     *                    semantics missing)
     * @param ahead       keys whose advertised max is above the baseline's: not a gap
     * @param floorRaised keys whose advertised min is above the baseline's: older clients lose them,
     *                    reported but not a gap of the baseline's features
     * @param extra       keys the target advertises that the baseline does not have
     * @param malformed   keys of the baseline advertised with a range that holds no version (min above
     *                    max, or negative): listed, so claimed, yet unusable; not counted as behind or ahead
     */
    public record Comparison(List<String> missing, List<String> behind, List<String> ahead, List<String> floorRaised,
                      List<String> extra, List<String> malformed) {

        /**
         * Whether the target covers every key of the baseline up to the baseline's max version, each with
         * a well-formed range.
         */
        public boolean covers() {
            return missing.isEmpty() && behind.isEmpty() && malformed.isEmpty();
        }
    }

    private final SortedMap<Integer, Entry> entries;

    private ApiBaseline(SortedMap<Integer, Entry> entries) {
        this.entries = Collections.unmodifiableSortedMap(entries);
    }

    /** The Apache Kafka 4.4.0 baseline, read from the class path once (it is immutable). */
    public static ApiBaseline kafka44() {
        return Kafka44.BASELINE;
    }

    /** Holds the baseline, read when first asked for: every report and every sweep member uses it. */
    private static final class Kafka44 {
        static final ApiBaseline BASELINE = read();
    }

    private static ApiBaseline read() {
        try (InputStream in = ApiBaseline.class.getResourceAsStream(KAFKA_4_4_RESOURCE)) {
            if (in == null) {
                throw new HarnessException("resource " + KAFKA_4_4_RESOURCE + " is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return parse(reader.lines().toList());
        } catch (IOException e) {
            throw new HarnessException("cannot read " + KAFKA_4_4_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses tab-separated lines {@code key name min max}; lines starting with {@code #} and blank
     * lines are ignored.
     *
     * @throws IllegalArgumentException naming the bad line
     */
    public static ApiBaseline parse(List<String> lines) {
        SortedMap<Integer, Entry> entries = new TreeMap<>();
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 4) {
                throw new IllegalArgumentException("line " + number + ": expected 4 tab-separated fields: " + line);
            }
            try {
                int key = Integer.parseInt(fields[0].strip());
                ApiRange range = new ApiRange(Short.parseShort(fields[2].strip()), Short.parseShort(fields[3].strip()));
                if (range.min() > range.max()) {
                    throw new IllegalArgumentException("line " + number + ": min above max: " + line);
                }
                if (entries.put(key, new Entry(key, fields[1].strip(), range)) != null) {
                    throw new IllegalArgumentException("line " + number + ": API key " + key + " listed twice");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + number + ": not a number: " + line, e);
            }
        }
        return new ApiBaseline(entries);
    }

    /** The baseline's keys and ranges, by key id. */
    public SortedMap<Integer, Entry> entries() {
        return entries;
    }

    /** Compares what a target advertises (ranges by API key id) with the baseline. */
    public Comparison compare(Map<Integer, ApiRange> advertised) {
        List<String> missing = new ArrayList<>();
        List<String> behind = new ArrayList<>();
        List<String> ahead = new ArrayList<>();
        List<String> floorRaised = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        for (Entry entry : entries.values()) {
            ApiRange range = advertised.get(entry.key());
            if (range == null) {
                missing.add(entry.name() + "(" + entry.key() + ")");
                continue;
            }
            if (!range.wellFormed()) {
                malformed.add(entry.name() + " v" + range + " (baseline v" + entry.range() + ")");
                continue;
            }
            if (range.max() < entry.range().max()) {
                behind.add(entry.name() + " max v" + range.max() + " < v" + entry.range().max());
            } else if (range.max() > entry.range().max()) {
                ahead.add(entry.name() + " max v" + range.max() + " > v" + entry.range().max());
            }
            if (range.min() > entry.range().min()) {
                floorRaised.add(entry.name() + " min v" + range.min() + " > v" + entry.range().min());
            }
        }
        new TreeMap<>(advertised).keySet().stream().filter(key -> !entries.containsKey(key))
                .forEach(key -> extra.add(nameOf(key) + "(" + key + ")"));
        return new Comparison(List.copyOf(missing), List.copyOf(behind), List.copyOf(ahead),
                List.copyOf(floorRaised), List.copyOf(extra), List.copyOf(malformed));
    }

    /** The protocol name of an API key id, or {@code key-<id>} for a key this client does not know. */
    public static String nameOf(int key) {
        return TargetFacts.apiName(key);
    }
}
