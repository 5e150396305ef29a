package io.kconform.report.render;

import io.kconform.api.Level;
import io.kconform.report.model.ApiMatrix;
import io.kconform.report.model.CapabilityStatus;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.Comparison;
import io.kconform.report.model.LevelStatus;
import io.kconform.report.model.TargetReport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Comparison} prepared for the templates of compare.html and compare.md: every string present and free of
 * control characters, outcomes labelled, one section per kind of row. Templates only lay out.
 *
 * <p>Public only because FreeMarker reads public records; callers pass a {@link Comparison} to
 * {@link ComparisonReport}.
 *
 * @param tool          "kconform" and the version that drew the comparison
 * @param columns       one per target, numbered from 1
 * @param levelRow      per column, the level held, e.g. "STORAGE", "none held", "not assessed", "not reached"
 * @param capabilities  the capability row of report.html's summary (transactions, compaction, the optional
 *                      capabilities, Connect, Streams), one row each, a mark per column
 * @param sections      the rows that differ, those with an outcome in some columns only, those the same everywhere
 * @param sameCheckList whether every column ran the same check list
 * @param checkListNotes what differs between the check lists, one line each
 * @param suiteVersions the distinct kconform versions of the columns, "0.1.0 (columns 1, 2)"
 * @param filter        the filter, for people; empty when none
 * @param filteredOut   rows the filter left out
 * @param leftOut       checks no column selected
 * @param differing     how many rows differ
 */
public record ComparisonView(String tool, List<ColumnView> columns, List<SummaryCell> levelRow,
                             List<CapabilityRow> capabilities, List<Section> sections, boolean sameCheckList,
                             List<String> checkListNotes, List<String> suiteVersions, String filter, int filteredOut,
                             int leftOut, int differing) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /**
     * One target.
     *
     * @param number    1-based, as the console and notes refer to it
     * @param finished  when its run finished
     * @param checkList "386 checks, 1a2b3c4d5e6f", or "not recorded"
     * @param headline  its verdict headline
     * @param error     why it was not reached; empty when it was
     * @param tallies   counts per result, e.g. "289 PASS"
     * @param details   its full report, "report.html#t1"; empty when none is beside the comparison
     */
    public record ColumnView(int number, String label, String target, String kind, String file, String toolVersion,
                             String finished, String checkList, String headline, String error, List<String> tallies,
                             String details) {
    }

    /** One summary cell: a text and its style class. */
    public record SummaryCell(String text, String cssClass) {
    }

    /** One capability across the columns. */
    public record CapabilityRow(String name, List<SummaryCell> cells) {
    }

    /**
     * The rows of one kind.
     *
     * @param kind  DIFFERENT, PARTIAL or SAME
     * @param title for people
     * @param open  whether it starts unfolded (the differences do)
     */
    public record Section(String kind, String title, boolean open, List<RowView> rows) {

        /** The rows short formats list: all but the {@linkplain RowView#condensed() condensed} sweep rows. */
        public List<RowView> listed() {
            return rows.stream().filter(r -> !r.condensed()).toList();
        }

        /** How many sweep rows short formats count instead of listing. */
        public int condensed() {
            return (int) rows.stream().filter(RowView::condensed).count();
        }
    }

    /**
     * One check across the columns.
     *
     * @param condensed a sweep check every column passed or makes no claim for: short formats count it
     */
    public record RowView(String id, String title, String battery, String level, String strength, String kind,
                          boolean condensed, List<CellView> cells) {
    }

    /**
     * One cell.
     *
     * @param result  the result's name, e.g. NOT_IN_SUITE
     * @param label   for people, "NOT IN SUITE"
     * @param short_  for the console and Markdown, at most 12 characters
     * @param message the check's message in this column, one line
     * @param href    the check's row in the column's full report (a condensed sweep check: its API-versions matrix);
     *                empty when there is none
     */
    public record CellView(String result, String label, String short_, String cssClass, String message, String href) {
    }

    /** Prepares {@code comparison} for display; {@code toolVersion} is the version drawing it. */
    static ComparisonView of(Comparison comparison, String toolVersion) {
        List<Comparison.Column> columns = comparison.columns();
        List<ColumnView> columnViews = new ArrayList<>();
        List<SummaryCell> levels = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Comparison.Column column = columns.get(i);
            columnViews.add(column(i + 1, column));
            levels.add(levelHeld(column.target()));
        }
        // the row report.html's summary shows, so that both read alike: transactions, compaction, the optional
        // capabilities, Connect, Streams
        List<String> names = columns.stream().filter(Comparison.Column::reached)
                .map(c -> io.kconform.report.model.CapabilityRow.of(c.target())).filter(row -> !row.isEmpty())
                .findFirst().map(row -> row.stream().map(io.kconform.report.model.CapabilityRow.Entry::name).toList())
                .orElse(List.of());
        List<CapabilityRow> capabilities = new ArrayList<>();
        for (String name : names) {
            List<SummaryCell> cells = columns.stream().map(c -> capability(c.target(), name)).toList();
            capabilities.add(new CapabilityRow(name, cells));
        }
        List<Section> sections = new ArrayList<>();
        for (Comparison.Row.Kind kind : Comparison.Row.Kind.values()) {
            List<RowView> rows = comparison.rows(kind).stream().map(r -> row(r, columns)).toList();
            if (!rows.isEmpty()) {
                sections.add(new Section(kind.name(), title(kind, rows.size()), kind == Comparison.Row.Kind.DIFFERENT,
                        rows));
            }
        }
        Map<String, List<Integer>> versions = new java.util.LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            versions.computeIfAbsent(Text.oneLine(columns.get(i).toolVersion()), v -> new ArrayList<>()).add(i + 1);
        }
        List<String> suiteVersions = versions.entrySet().stream().map(e -> "kconform " + e.getKey() + " ("
                + (e.getValue().size() == 1 ? "column " : "columns ") + join(e.getValue()) + ")").toList();
        return new ComparisonView("kconform " + Text.oneLine(toolVersion), columnViews, levels, capabilities, sections,
                comparison.checkLists().same(), checkListNotes(comparison), suiteVersions,
                Text.oneLine(comparison.filter().describe()), comparison.filteredOut(), comparison.leftOut(),
                comparison.rows(Comparison.Row.Kind.DIFFERENT).size());
    }

    /** The lines that say how the check lists differ; empty when they are the same. */
    static List<String> checkListNotes(Comparison comparison) {
        Comparison.CheckLists lists = comparison.checkLists();
        List<String> notes = new ArrayList<>();
        if (lists.same()) {
            return notes;
        }
        lists.unknown().forEach(file -> notes.add(Text.oneLine(file) + " does not record its check list (an older"
                + " kconform); its checks were compared by id"));
        lists.onlyIn().forEach((id, having) -> notes.add(Text.oneLine(id) + ": " + (having.isEmpty() ? "in no reached column's suite"
                : "only in the suite of " + (having.size() == 1 ? "column " : "columns ") + join(having))));
        lists.redefined().forEach((id, definitions) -> notes.add(Text.oneLine(id) + ": level/strength differs between"
                + " suites: " + String.join(" | ", definitions)));
        if (notes.isEmpty()) {
            notes.add("the check lists' digests differ, but every check id is in every suite with the same level"
                    + " and strength");
        }
        return notes;
    }

    private static ColumnView column(int number, Comparison.Column column) {
        TargetReport target = column.target();
        String checkList = column.checkList().sha256().isEmpty() ? "not recorded"
                : column.checkList().count() + " checks, " + column.checkList().sha256().substring(0,
                        Math.min(12, column.checkList().sha256().length()));
        List<String> tallies = new ArrayList<>();
        if (column.reached()) {
            for (Comparison.Result result : Comparison.Result.values()) {
                long count = target.checks().stream().filter(c -> c.selected() && Text.key(c).equals(result.name()))
                        .count();
                if (count > 0) {
                    tallies.add(count + " " + result.label());
                }
            }
        }
        return new ColumnView(number, Text.oneLine(column.label()), Text.oneLine(target.name()), Text.oneLine(target.kind()),
                Text.oneLine(column.file()), Text.oneLine(column.toolVersion()), time(column.finishedAt()), checkList,
                target.verdict() == null ? "" : Text.oneLine(target.verdict().headline()),
                Text.oneLine(target.error().orElse("")), tallies, column.detailsAnchor());
    }

    private static SummaryCell levelHeld(TargetReport target) {
        if (target.error().isPresent()) {
            return new SummaryCell("not reached", "not-reached");
        }
        if (target.verdict() == null) {
            return new SummaryCell("unknown", "not-assessed");
        }
        if (target.verdict().highest().isPresent()) {
            Level level = target.verdict().highest().get();
            return new SummaryCell(level.name(), level == Level.PLATFORM ? "certified" : "partial");
        }
        boolean assessed = target.verdict().levels().stream().anyMatch(l -> l.state() != LevelStatus.State.NOT_ASSESSED);
        return assessed ? new SummaryCell("none held", "not-certified") : new SummaryCell("not assessed", "not-assessed");
    }

    private static SummaryCell capability(TargetReport target, String name) {
        if (target.error().isPresent() || target.verdict() == null) {
            return new SummaryCell("—", "not-reached");
        }
        return io.kconform.report.model.CapabilityRow.of(target).stream().filter(e -> e.name().equals(name))
                .findFirst().map(e -> {
                    // the row's "not offered" hides what the verdict knows of an optional capability: switched off
                    boolean off = target.verdict().capabilities().stream().anyMatch(c -> c.capability().displayName()
                            .equals(name) && c.state() == CapabilityStatus.State.ADVERTISED_NOT_ENABLED);
                    String text = off ? "— advertised, not enabled" : e.mark().sign() + " " + e.mark().word();
                    String css = switch (e.mark()) {
                        case YES -> "working";
                        case BROKEN -> "broken";
                        case NO -> off ? "advertised-not-enabled" : "absent";
                        case UNKNOWN -> "not-assessed";
                    };
                    return new SummaryCell(text, css);
                }).orElse(new SummaryCell("? not assessed", "not-assessed"));
    }

    private static RowView row(Comparison.Row row, List<Comparison.Column> columns) {
        List<CellView> cells = new ArrayList<>();
        for (int i = 0; i < row.cells().size(); i++) {
            Comparison.Cell cell = row.cells().get(i);
            String message = cell.check().filter(CheckResult::selected).map(c -> Text.oneLine(c.message())).orElse("");
            String details = columns.get(i).detailsAnchor();
            // report.html shows a condensed sweep check only as a cell of its API-versions matrix, not as a row
            String href = details.isEmpty() || cell.check().isEmpty() || !cell.check().get().selected() ? ""
                    : ApiMatrix.condensed(cell.check().get()) ? details + "-matrix" : details + "-" + row.id();
            cells.add(new CellView(cell.result().name(), cell.result().label(), shortLabel(cell.result()),
                    Text.cssClass(cell.result().name()), message, href));
        }
        return new RowView(row.id(), Text.oneLine(row.title()), row.battery().id(), row.level().name(), row.strength().name(),
                row.kind().name(), row.condensed(), cells);
    }

    /** At most 12 characters, for the console and Markdown tables. */
    static String shortLabel(Comparison.Result result) {
        return switch (result) {
            case NOT_RUN -> "not run";
            case NOT_SELECTED -> "not sel.";
            case NOT_IN_SUITE -> "not in suite";
            case NOT_REACHED -> "unreached";
            default -> result.name();
        };
    }

    private static String title(Comparison.Row.Kind kind, int count) {
        return switch (kind) {
            case DIFFERENT -> count + (count == 1 ? " check differs" : " checks differ");
            case PARTIAL -> count + (count == 1 ? " check has" : " checks have")
                    + " an outcome in some columns only (not selected, not in the suite or not reached elsewhere)";
            case SAME -> count + (count == 1 ? " check has" : " checks have") + " the same outcome everywhere";
        };
    }

    static String join(List<Integer> numbers) {
        return String.join(", ", numbers.stream().map(String::valueOf).toList());
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }
}
