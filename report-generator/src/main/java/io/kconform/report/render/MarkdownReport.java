package io.kconform.report.render;

import io.kconform.report.model.RunReport;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes {@code report.md}, for pull-request and merge-request comments, from the FreeMarker
 * template {@code templates/report.md.ftl}.
 *
 * <p>Guarantees: the first line is the verdict headline (one line per target, prefixed with its
 * name, when there are several); then per target the summary of {@link SummaryView}: the verdict
 * sentence, the state of every level, the capability row, the checks holding levels back, changes
 * since the baseline and other FAILs and ERRORs, each list capped at ten; every detail is left to
 * report.html, linked at the end. Short enough for a pull-request comment. Every value is escaped for Markdown by {@link MarkdownOutputFormat}:
 * a {@code |} or a line break in a message cannot break a table, and no text from the endpoint turns
 * into markup. Thread-safe.
 */
public final class MarkdownReport implements ReportFormat {

    /** The file name {@link ReportWriter} uses. */
    public static final String FILE_NAME = "report.md";

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        Templates.render("report.md.ftl", ReportView.of(report), out);
    }
}
