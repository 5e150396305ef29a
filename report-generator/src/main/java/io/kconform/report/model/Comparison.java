package io.kconform.report.model;

import io.kconform.api.Battery;
import io.kconform.api.Level;
import io.kconform.api.Strength;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Targets side by side: one matrix, checks down and targets across, from one run with several targets or from
 * results.json files of different days and suite versions. Rows whose outcomes differ come first. Immutable.
 *
 * <p>Guarantees: every target of every source is one {@link Column}, in the order given; a check is a row when at
 * least one column selected it ({@link #leftOut()} counts the others); a cell says why a column has no outcome (not
 * selected, not in that suite's check list, target not reached) rather than leaving a gap; where the columns ran
 * different check lists, {@link #checkLists()} says which checks are only in some, and which changed level or
 * strength. Two columns with the same {@link CheckList} digest ran the same checks, so the per-id comparison is
 * made only where digests differ or are unknown.
 *
 * @param columns    one per target, in source order
 * @param rows       differences first ({@link Row.Kind#DIFFERENT}, a FAIL before an ERROR, an UNSUPPORTED and a
 *                   SKIPPED), then {@link Row.Kind#PARTIAL}, then {@link Row.Kind#SAME}; catalog order otherwise
 * @param checkLists how the columns' check lists differ
 * @param leftOut    checks no column selected, not shown
 * @param filter     the filter the rows were chosen by
 * @param filteredOut rows the filter left out
 */
public record Comparison(List<Column> columns, List<Row> rows, CheckLists checkLists, int leftOut, Filter filter,
                         int filteredOut) {

    /**
     * A results.json, or a run in memory, whose targets become columns.
     *
     * @param file        the file as the user named it ({@code results.json} for the run in memory)
     * @param run         what it holds
     * @param detailsHref where its targets' full report is, relative to the comparison's own files
     *                    ({@code report.html}); empty when there is none to link to
     */
    public record Source(String file, RunReport run, String detailsHref) {
        public Source {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(run, "run");
            detailsHref = detailsHref == null ? "" : detailsHref;
        }
    }

    /**
     * One target of one source.
     *
     * @param label       how the matrix heads it: the target's name, with the file where two columns share a name
     * @param file        the source file
     * @param toolVersion the kconform version that wrote the file: the suite version
     * @param finishedAt  when that run finished
     * @param checkList   that run's check list
     * @param target      the target's report
     * @param detailsAnchor the target's full report with its section anchor, {@code report.html#t2}; empty when none
     */
    public record Column(String label, String file, String toolVersion, Instant finishedAt, CheckList checkList,
                         TargetReport target, String detailsAnchor) {
        /** Whether the run reached the target; an unreached column has no outcome in any row. */
        public boolean reached() {
            return target.error().isEmpty();
        }
    }

    /** What one cell shows: an outcome, or why the column has none. */
    public enum Result {
        PASS, FAIL, UNSUPPORTED, SKIPPED, ERROR,
        /** Selected but not run: the target stopped answering first. */
        NOT_RUN,
        /** The run did not select it. */
        NOT_SELECTED,
        /** That file's suite has no check of this id (an older or newer kconform). */
        NOT_IN_SUITE,
        /** The target could not be started or reached. */
        NOT_REACHED;

        /** Whether this says something about the target, so it can differ from another column's. */
        public boolean isOutcome() {
            return ordinal() <= ERROR.ordinal();
        }

        /** For people: {@code NOT IN SUITE}. */
        public String label() {
            return name().replace('_', ' ');
        }

        /** Reads {@code fail}, {@code not-selected}, {@code NOT_IN_SUITE}. */
        public static Result parse(String text) {
            String name = text.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_').replace(' ', '_');
            for (Result result : values()) {
                if (result.name().equals(name)) {
                    return result;
                }
            }
            throw new IllegalArgumentException("unknown outcome '" + text + "' (valid: " + String.join(", ",
                    java.util.Arrays.stream(values()).map(r -> r.name().toLowerCase(java.util.Locale.ROOT)
                            .replace('_', '-')).toList()) + ")");
        }

        static Result of(CheckResult check) {
            return switch (check.execution()) {
                case RAN -> Result.valueOf(check.outcome().name());
                case NOT_RUN -> NOT_RUN;
                case NOT_ASSESSABLE_HERE -> SKIPPED;
                case NOT_SELECTED -> NOT_SELECTED;
            };
        }
    }

    /** One cell: the column's result, and its check where the column has one. */
    public record Cell(Result result, Optional<CheckResult> check) {
    }

    /**
     * One check across the columns.
     *
     * @param level    its level in the first column that has it
     * @param strength its strength in the first column that has it
     * @param kind     whether the columns differ
     */
    public record Row(String id, String title, Battery battery, Level level, Strength strength, List<Cell> cells,
                      Kind kind) {

        /** How the columns relate on one check. */
        public enum Kind {
            /** At least two columns have different outcomes. */
            DIFFERENT,
            /** The columns with an outcome agree, but some have none (not selected, not in suite, not reached). */
            PARTIAL,
            /** Every column has the same outcome. */
            SAME
        }

        public Row {
            cells = List.copyOf(cells);
        }

        /**
         * Whether this is a sweep check that every column passed or makes no claim for ({@link ApiMatrix#condensed}):
         * such a row differs only in which API versions a target advertises, and short formats count it.
         */
        public boolean condensed() {
            return cells.stream().allMatch(c -> c.check().map(ApiMatrix::condensed).orElse(true))
                    && cells.stream().anyMatch(c -> c.check().isPresent());
        }
    }

    /**
     * How the check lists of the columns differ.
     *
     * @param same       whether every reached column ran the same check list (same digest)
     * @param unknown    files whose check list is not recorded (an older writer), compared by id all the same
     * @param onlyIn     checks missing from the suite of some reached columns: id to the columns (1-based) that
     *                   have it, in catalog order
     * @param redefined  checks whose level or strength differs between columns: id to each column's
     *                   {@code LEVEL/STRENGTH}
     */
    public record CheckLists(boolean same, List<String> unknown, Map<String, List<Integer>> onlyIn,
                             Map<String, List<String>> redefined) {
        public CheckLists {
            unknown = List.copyOf(unknown);
            onlyIn = Collections.unmodifiableMap(new LinkedHashMap<>(onlyIn));
            redefined = Collections.unmodifiableMap(new LinkedHashMap<>(redefined));
        }
    }

    /**
     * Which rows to keep. Empty sets keep everything.
     *
     * @param batteries       only checks of these batteries
     * @param levels          only checks of these levels (exactly these, not "up to")
     * @param results         only rows where at least one column shows one of these
     * @param onlyDifferences only rows whose outcomes differ ({@link Row.Kind#DIFFERENT})
     */
    public record Filter(Set<Battery> batteries, Set<Level> levels, Set<Result> results, boolean onlyDifferences) {

        /** Keeps every row. */
        public static final Filter NONE = new Filter(Set.of(), Set.of(), Set.of(), false);

        public Filter {
            batteries = Set.copyOf(batteries);
            levels = Set.copyOf(levels);
            results = Set.copyOf(results);
        }

        /** Whether {@code row} is kept. */
        public boolean keeps(Row row) {
            return (batteries.isEmpty() || batteries.contains(row.battery()))
                    && (levels.isEmpty() || levels.contains(row.level()))
                    && (results.isEmpty() || row.cells().stream().anyMatch(c -> results.contains(c.result())))
                    && (!onlyDifferences || row.kind() == Row.Kind.DIFFERENT);
        }

        /** Whether it keeps everything. */
        public boolean none() {
            return batteries.isEmpty() && levels.isEmpty() && results.isEmpty() && !onlyDifferences;
        }

        /** For people: {@code battery protocol; outcome FAIL; only differences}; empty when it keeps everything. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (!batteries.isEmpty()) {
                parts.add("battery " + String.join(", ", java.util.Arrays.stream(Battery.values())
                        .filter(batteries::contains).map(Battery::id).toList()));
            }
            if (!levels.isEmpty()) {
                parts.add("level " + String.join(", ", java.util.Arrays.stream(Level.values())
                        .filter(levels::contains).map(Level::name).toList()));
            }
            if (!results.isEmpty()) {
                parts.add("outcome " + String.join(", ", java.util.Arrays.stream(Result.values())
                        .filter(results::contains).map(Result::label).toList()));
            }
            if (onlyDifferences) {
                parts.add("only differences");
            }
            return String.join("; ", parts);
        }
    }

    public Comparison {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        Objects.requireNonNull(checkLists, "checkLists");
        Objects.requireNonNull(filter, "filter");
    }

    /** The whole matrix of the targets of {@code sources}, unfiltered. */
    public static Comparison of(List<Source> sources) {
        List<Column> columns = columns(sources);
        // every id in the order the columns list it: catalog order, then the checks only a later column's suite has
        Map<String, CheckResult> first = new LinkedHashMap<>();
        List<Map<String, CheckResult>> byColumn = new ArrayList<>();
        for (Column column : columns) {
            Map<String, CheckResult> checks = new HashMap<>();
            column.target().checks().forEach(c -> {
                checks.putIfAbsent(c.id(), c);
                first.putIfAbsent(c.id(), c);
            });
            byColumn.add(checks);
        }
        List<Set<String>> suites = suites(sources, columns);
        List<Row> different = new ArrayList<>();
        List<Row> partial = new ArrayList<>();
        List<Row> same = new ArrayList<>();
        int leftOut = 0;
        for (CheckResult check : first.values()) {
            List<Cell> cells = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                CheckResult own = byColumn.get(i).get(check.id());
                if (!columns.get(i).reached()) {
                    cells.add(new Cell(Result.NOT_REACHED, Optional.empty()));
                } else if (own != null) {
                    cells.add(new Cell(Result.of(own), Optional.of(own)));
                } else {
                    cells.add(new Cell(suites.get(i).contains(check.id()) ? Result.NOT_SELECTED : Result.NOT_IN_SUITE,
                            Optional.empty()));
                }
            }
            if (cells.stream().noneMatch(c -> c.check().map(CheckResult::selected).orElse(false))) {
                leftOut++;
                continue;
            }
            Set<Result> outcomes = new HashSet<>();
            cells.stream().map(Cell::result).filter(Result::isOutcome).forEach(outcomes::add);
            boolean complete = cells.stream().allMatch(c -> c.result().isOutcome());
            Row.Kind kind = outcomes.size() > 1 ? Row.Kind.DIFFERENT : complete ? Row.Kind.SAME : Row.Kind.PARTIAL;
            Row row = new Row(check.id(), check.title(), check.battery(), check.level(), check.strength(), cells, kind);
            (kind == Row.Kind.DIFFERENT ? different : kind == Row.Kind.PARTIAL ? partial : same).add(row);
        }
        // the worst first: a FAIL somewhere, then an ERROR, a refusal, a skip; catalog order among equals
        different.sort(java.util.Comparator.comparingInt(Comparison::severity));
        List<Row> rows = new ArrayList<>(different);
        rows.addAll(partial);
        rows.addAll(same);
        return new Comparison(columns, rows, checkLists(sources, columns, byColumn, suites, first.keySet()), leftOut,
                Filter.NONE, 0);
    }

    private static int severity(Row row) {
        return row.cells().stream().mapToInt(c -> switch (c.result()) {
            case FAIL -> 0;
            case ERROR -> 1;
            case UNSUPPORTED -> 2;
            case SKIPPED -> 3;
            default -> 4;
        }).min().orElse(4);
    }

    /** This comparison with only the rows {@code filter} keeps; columns, summaries and check lists stay whole. */
    public Comparison filtered(Filter filter) {
        List<Row> kept = rows.stream().filter(filter::keeps).toList();
        return new Comparison(columns, kept, checkLists, leftOut, filter, rows.size() - kept.size() + filteredOut);
    }

    /** The rows of one kind. */
    public List<Row> rows(Row.Kind kind) {
        return rows.stream().filter(r -> r.kind() == kind).toList();
    }

    private static List<Column> columns(List<Source> sources) {
        Map<String, Integer> names = new HashMap<>();
        sources.forEach(s -> s.run().targets().forEach(t -> names.merge(t.name(), 1, Integer::sum)));
        List<Column> columns = new ArrayList<>();
        for (Source source : sources) {
            List<TargetReport> targets = source.run().targets();
            for (int i = 0; i < targets.size(); i++) {
                TargetReport target = targets.get(i);
                String label = names.get(target.name()) > 1 ? target.name() + " (" + source.file() + ")"
                        : target.name();
                String details = source.detailsHref().isEmpty() ? "" : source.detailsHref() + "#t" + (i + 1);
                columns.add(new Column(label, source.file(), source.run().toolVersion(), source.run().finishedAt(),
                        source.run().checkList(), target, details));
            }
        }
        return columns;
    }

    /**
     * The ids of each column's suite: every check its targets list (a reached target lists the whole catalog,
     * selected or not), taken from any reached target of the same file.
     */
    private static List<Set<String>> suites(List<Source> sources, List<Column> columns) {
        Map<Source, Set<String>> perSource = new HashMap<>();
        for (Source source : sources) {
            Set<String> ids = new LinkedHashSet<>();
            source.run().targets().forEach(t -> t.checks().forEach(c -> ids.add(c.id())));
            perSource.put(source, ids);
        }
        List<Set<String>> suites = new ArrayList<>();
        for (Source source : sources) {
            source.run().targets().forEach(t -> suites.add(perSource.get(source)));
        }
        return suites;
    }

    private static CheckLists checkLists(List<Source> sources, List<Column> columns,
                                         List<Map<String, CheckResult>> byColumn, List<Set<String>> suites,
                                         Set<String> allIds) {
        List<String> unknown = new ArrayList<>();
        // a file whose targets were all out of reach has no outcome to compare, whatever its list
        sources.stream().filter(s -> s.run().checkList().sha256().isEmpty())
                .filter(s -> s.run().targets().stream().anyMatch(t -> t.error().isEmpty()))
                .map(Source::file).distinct().forEach(unknown::add);
        Set<String> digests = new HashSet<>();
        for (Column column : columns) {
            if (column.reached()) {
                digests.add(column.checkList().sha256());
            }
        }
        boolean same = unknown.isEmpty() && digests.size() <= 1;
        Map<String, List<Integer>> onlyIn = new LinkedHashMap<>();
        Map<String, List<String>> redefined = new LinkedHashMap<>();
        if (same) {
            return new CheckLists(true, unknown, onlyIn, redefined);
        }
        for (String id : allIds) {
            List<Integer> having = new ArrayList<>();
            boolean missing = false;
            Set<String> definitions = new LinkedHashSet<>();
            List<String> perColumn = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                if (!columns.get(i).reached() || suites.get(i).isEmpty()) {
                    perColumn.add("—");
                    continue;
                }
                if (suites.get(i).contains(id)) {
                    having.add(i + 1);
                    CheckResult check = byColumn.get(i).get(id);
                    String definition = check == null ? "—" : check.level() + "/" + check.strength();
                    perColumn.add(definition);
                    if (check != null) {
                        definitions.add(definition);
                    }
                } else {
                    missing = true;
                    perColumn.add("—");
                }
            }
            if (missing) {
                onlyIn.put(id, having);
            }
            if (definitions.size() > 1) {
                redefined.put(id, perColumn);
            }
        }
        return new CheckLists(false, unknown, onlyIn, redefined);
    }
}
