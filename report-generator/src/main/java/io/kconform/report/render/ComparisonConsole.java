package io.kconform.report.render;

import io.kconform.report.model.Comparison;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Comparison} as a plain-text table for the terminal: a numbered legend of the columns (target, file,
 * suite version, when it ran, level held), the check-list differences, then checks down and column numbers
 * across. Without a filter it lists the checks that differ and counts the others (compare.html lists them);
 * with a filter it lists every row the filter keeps. Sweep checks that differ only in which API versions a target
 * advertises (PASS against SKIPPED) are counted, not listed. Control characters from the files are removed; lines other
 * than the legend fit the width given. Thread-safe.
 */
public final class ComparisonConsole {

    private static final int CELL = 12;

    private ComparisonConsole() {
    }

    /** The table for a terminal {@code width} columns wide, lines separated by {@code \n}. */
    public static String render(Comparison comparison, int width) {
        ComparisonView view = ComparisonView.of(comparison, "");
        int columns = Math.max(ConsoleSummary.MIN_WIDTH, width);
        StringBuilder out = new StringBuilder();
        out.append(view.columns().size()).append(" targets side by side: ")
                .append(view.differing() == 0 ? "no check differs" : view.differing() == 1 ? "1 check differs"
                        : view.differing() + " checks differ")
                .append(view.filter().isEmpty() ? "" : " (filter: " + view.filter() + ")").append('\n');
        for (int i = 0; i < view.columns().size(); i++) {
            ComparisonView.ColumnView c = view.columns().get(i);
            out.append(Text.padLeft(String.valueOf(c.number()), 3)).append(". ").append(c.label()).append(" — level ")
                    .append(view.levelRow().get(i).text()).append("; ").append(c.file()).append(", kconform ")
                    .append(c.toolVersion()).append(", ").append(c.finished())
                    .append(c.error().isEmpty() ? "" : "; not reached: " + c.error()).append('\n');
        }
        List<String> notes = view.checkListNotes();
        if (!notes.isEmpty()) {
            out.append("Check lists differ:\n");
            notes.stream().limit(20).forEach(n -> out.append("  ").append(Text.truncate(n, columns - 2)).append('\n'));
            if (notes.size() > 20) {
                out.append("  ... and ").append(notes.size() - 20).append(" more (compare.html lists all)\n");
            }
        }
        List<ComparisonView.RowView> rows = new ArrayList<>();
        List<String> counted = new ArrayList<>();
        for (ComparisonView.Section section : view.sections()) {
            if (section.kind().equals("DIFFERENT") || !view.filter().isEmpty()) {
                rows.addAll(section.listed());
                if (section.condensed() > 0) {
                    counted.add("and " + section.condensed() + " sweep checks of API versions not every target"
                            + " advertises");
                }
            } else {
                counted.add(section.rows().size() + (section.kind().equals("SAME") ? " with the same outcome everywhere"
                        : " with an outcome in some columns only"));
            }
        }
        if (!rows.isEmpty()) {
            int idWidth = Math.min(rows.stream().mapToInt(r -> Text.width(r.id())).max().orElse(0),
                    Math.max(20, columns - view.columns().size() * CELL));
            StringBuilder header = new StringBuilder(Text.padRight("check", idWidth));
            view.columns().forEach(c -> header.append(' ').append(Text.padRight(String.valueOf(c.number()), CELL - 1)));
            out.append('\n').append(Text.truncate(header.toString().stripTrailing(), columns)).append('\n');
            for (ComparisonView.RowView row : rows) {
                StringBuilder line = new StringBuilder(Text.padRight(Text.truncate(row.id(), idWidth), idWidth));
                row.cells().forEach(cell -> line.append(' ').append(Text.padRight(cell.short_(), CELL - 1)));
                out.append(Text.truncate(line.toString().stripTrailing(), columns)).append('\n');
            }
        }
        counted.forEach(c -> out.append(Text.truncate(c + " (compare.html lists them)", columns)).append('\n'));
        if (view.sections().isEmpty()) {
            out.append("No check to show").append(view.filter().isEmpty() ? "" : " with this filter").append(".\n");
        }
        return out.toString();
    }
}
