package io.kconform.report.render;

import io.kconform.report.model.RunReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Placeholder until the renderers land: writes nothing. */
public final class ReportWriter {
    private ReportWriter() {
    }

    public static List<Path> writeAll(RunReport report, Path outputDir) throws IOException {
        return List.of();
    }
}
