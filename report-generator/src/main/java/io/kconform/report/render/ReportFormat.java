package io.kconform.report.render;

import io.kconform.report.model.RunReport;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * One file rendering of a run, as {@link ReportWriter} writes it. Implementations are stateless and
 * thread-safe, and write the whole rendering or throw: {@link ReportWriter} relies on that to never
 * leave a partial file in place.
 */
public interface ReportFormat {

    /** The file name in the output directory, e.g. {@code results.json}. */
    String fileName();

    /** Writes the rendering of {@code report} as UTF-8 text; does not close {@code out}. */
    void write(RunReport report, Writer out) throws IOException;

    /**
     * The files this format writes for {@code report}: {@link #fileName()} alone, unless the format writes one
     * file per target (the badge with several targets).
     */
    default List<String> fileNames(RunReport report) {
        return List.of(fileName());
    }

    /** Writes the file {@code fileName}, one of {@link #fileNames(RunReport)}; does not close {@code out}. */
    default void write(RunReport report, String fileName, Writer out) throws IOException {
        write(report, out);
    }
}
