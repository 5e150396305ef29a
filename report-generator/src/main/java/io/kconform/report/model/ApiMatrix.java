package io.kconform.report.model;

import io.kconform.api.Outcome;
import io.kconform.api.baseline.ApiBaseline;
import io.kconform.api.baseline.SweepIds;
import io.kconform.api.target.ApiRange;
import io.kconform.api.target.TargetFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The API-versions matrix of one target: for every API key of the baseline or the target, the
 * baseline's range, the target's advertised range, how the two relate, and the sweep's outcome per
 * version. Derived from a {@link TargetReport} and the pinned baseline only, so every format draws
 * the same matrix and results.json need not be trusted for it. Immutable.
 *
 * @param rows one per API key, by key id
 */
public record ApiMatrix(List<Row> rows) {

    /** How a target's advertisement of one API relates to the baseline's. */
    public enum Status {
        /** In the baseline, not advertised: a gap. */
        MISSING,
        /** Advertised with a lower maximum than the baseline's: a gap. */
        BEHIND,
        /** Same maximum as the baseline. */
        SAME,
        /** A higher maximum than the baseline's: not a gap. */
        AHEAD,
        /** Not in the baseline at all. */
        EXTRA
    }

    /**
     * One API key.
     *
     * @param key      the API key id
     * @param name     its protocol name, or {@code key-<id>}
     * @param baseline the baseline's range, {@code 0-13}; empty when the baseline lacks the key
     * @param target   the target's advertised range; empty when it does not advertise the key
     * @param status   how the two relate
     * @param sweep    the sweep's result for each version swept, in version order
     */
    public record Row(int key, String name, String baseline, String target, Status status, List<Cell> sweep) {
        public Row {
            sweep = List.copyOf(sweep);
        }
    }

    /**
     * The sweep's result for one version.
     *
     * @param version  the version
     * @param checkId  the sweep check's id
     * @param outcome  its outcome; SKIPPED also for a version the run did not select
     * @param selected whether the run selected it
     */
    public record Cell(short version, String checkId, Outcome outcome, boolean selected) {
    }

    public ApiMatrix {
        rows = List.copyOf(rows);
    }

    /**
     * Whether a check is shown only as a cell of the matrix: a sweep check that passed, or makes no
     * claim here (skipped, not selected). Summaries list it in a count; a sweep check that failed, was
     * refused or broke keeps its own line, with message and evidence.
     */
    public static boolean condensed(CheckResult check) {
        return SweepIds.parse(check.id()).isPresent()
                && (!check.selected() || check.outcome() == Outcome.PASS || check.outcome() == Outcome.SKIPPED);
    }

    /** The matrix of {@code target} against the Apache Kafka 4.4 baseline. */
    public static ApiMatrix of(TargetReport target) {
        return of(target, ApiBaseline.kafka44());
    }

    /** The matrix of {@code target} against {@code baseline}. */
    public static ApiMatrix of(TargetReport target, ApiBaseline baseline) {
        SortedMap<Integer, ApiRange> advertised = new TreeMap<>();
        target.apiVersions().forEach((name, range) -> keyOf(name).ifPresent(key -> parse(range)
                .ifPresent(r -> advertised.put(key, r))));
        Map<Integer, List<Cell>> sweep = new HashMap<>();
        for (CheckResult check : target.checks()) {
            SweepIds.parse(check.id()).ifPresent(v -> sweep.computeIfAbsent((int) v.api().id, k -> new ArrayList<>())
                    .add(new Cell(v.version(), check.id(), check.outcome(), check.selected())));
        }
        sweep.values().forEach(cells -> cells.sort((a, b) -> Short.compare(a.version(), b.version())));
        SortedMap<Integer, Row> rows = new TreeMap<>();
        baseline.entries().forEach((key, entry) -> {
            ApiRange range = advertised.get(key);
            rows.put(key, new Row(key, entry.name(), entry.range().toString(), range == null ? "" : range.toString(),
                    status(entry.range(), range), sweep.getOrDefault(key, List.of())));
        });
        advertised.forEach((key, range) -> rows.computeIfAbsent(key, k -> new Row(k, TargetFacts.apiName(k), "",
                range.toString(), Status.EXTRA, sweep.getOrDefault(k, List.of()))));
        return new ApiMatrix(new ArrayList<>(rows.values()));
    }

    private static Status status(ApiRange baseline, ApiRange target) {
        if (target == null) {
            return Status.MISSING;
        }
        if (target.max() < baseline.max()) {
            return Status.BEHIND;
        }
        return target.max() > baseline.max() ? Status.AHEAD : Status.SAME;
    }

    private static java.util.Optional<Integer> keyOf(String name) {
        for (ApiKeys api : ApiKeys.values()) {
            if (api.name.equals(name)) {
                return java.util.Optional.of((int) api.id);
            }
        }
        if (name.startsWith("key-")) {
            try {
                return java.util.Optional.of(Integer.parseInt(name.substring(4)));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<ApiRange> parse(String range) {
        String[] bounds = range.split("-");
        try {
            return bounds.length == 2 ? java.util.Optional.of(new ApiRange(Short.parseShort(bounds[0].strip()),
                    Short.parseShort(bounds[1].strip()))) : java.util.Optional.empty();
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
