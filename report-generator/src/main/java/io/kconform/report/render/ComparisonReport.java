package io.kconform.report.render;

import io.kconform.report.model.Comparison;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Comparison} as {@code compare.html} (the whole matrix, for people) and {@code compare.md} (short:
 * the summary and the rows that differ, for a pull-request comment), from the FreeMarker templates
 * {@code compare.ftlh} and {@code compare.md.ftl}.
 *
 * <p>Guarantees: both files are rendered in memory before either is written, so a rendering failure writes
 * nothing; each is then written whole or not at all ({@link ReportWriter}'s temporary-file-and-move). compare.html
 * is self-contained like report.html: inline CSS, no script, no reference to the network; it reads with scripts
 * off and prints. Every value is escaped by the templates' output formats. Thread-safe.
 */
public final class ComparisonReport {

    /** The HTML file's name. */
    public static final String HTML = "compare.html";

    /** The Markdown file's name. */
    public static final String MARKDOWN = "compare.md";

    private ComparisonReport() {
    }

    /**
     * Writes compare.html and compare.md into {@code dir}, creating it when missing.
     *
     * @param toolVersion the kconform version drawing the comparison, for the footer
     * @return the files written
     */
    public static List<Path> writeAll(Comparison comparison, String toolVersion, Path dir) throws IOException {
        ComparisonView view = ComparisonView.of(comparison, toolVersion);
        StringWriter html = new StringWriter();
        Templates.renderView("compare.ftlh", view, html);
        StringWriter markdown = new StringWriter();
        Templates.renderView("compare.md.ftl", view, markdown);
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (var file : List.of(java.util.Map.entry(HTML, html), java.util.Map.entry(MARKDOWN, markdown))) {
            Path path = dir.resolve(file.getKey());
            ReportWriter.writeAtomically(path, out -> out.write(file.getValue().toString()));
            written.add(path);
        }
        return List.copyOf(written);
    }

    /** Writes compare.html's content. */
    public static void html(Comparison comparison, String toolVersion, Writer out) throws IOException {
        Templates.renderView("compare.ftlh", ComparisonView.of(comparison, toolVersion), out);
    }

    /** Writes compare.md's content. */
    public static void markdown(Comparison comparison, String toolVersion, Writer out) throws IOException {
        Templates.renderView("compare.md.ftl", ComparisonView.of(comparison, toolVersion), out);
    }
}
