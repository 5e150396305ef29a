package io.kconform.report.render;

import io.kconform.report.model.RunReport;
import java.io.IOException;
import java.io.Writer;

/**
 * Writes {@code report.html}, the report a person reads, from the FreeMarker template
 * {@code templates/report.ftlh}.
 *
 * <p>Guarantees: one self-contained file that works offline — inline CSS and inline SVG, no script at
 * all (the outcome filter is CSS), no reference to anything on the network. The first visible text is
 * the verdict headline of each target; then per target the summary ({@link SummaryView}: the level
 * held and what it means, the level ladder and a bar per battery as SVG, the capability row, the
 * blockers of each level not held, FAIL apart from UNSUPPORTED); every detail below is folded in a
 * {@code <details class="fold">}. Every value is
 * HTML-escaped by FreeMarker's HTML output format, so a message such as
 * {@code <script>alert(1)</script>} from an endpoint shows as text. Each outcome carries a text
 * label as well as a colour, and a check the run did not select reads "NOT SELECTED", so the page
 * works without colour and on paper. Thread-safe.
 */
public final class HtmlReport implements ReportFormat {

    /** The file name {@link ReportWriter} uses. */
    public static final String FILE_NAME = "report.html";

    @Override
    public String fileName() {
        return FILE_NAME;
    }

    @Override
    public void write(RunReport report, Writer out) throws IOException {
        Templates.render("report.ftlh", ReportView.of(report), out);
    }
}
