package io.kconform.report.render;

import io.kconform.report.model.RunReport;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes every file rendering of a run into one directory: results.json, report.html, junit.xml,
 * report.md and badge.svg (or one badge per target), in that order (the data first, so it survives a
 * failing renderer), or the formats asked for ({@link OutputFormats}).
 *
 * <p>Guarantees: the directory is created when missing; each file is rendered into a temporary file
 * beside it and then moved into place (atomically where the file system allows), so a crash or a
 * failing renderer never leaves a partial file, and an existing file from an earlier run is replaced
 * whole or not at all. Temporary files are removed on failure. Thread-safe for different
 * directories.
 */
public final class ReportWriter {

    private final List<ReportFormat> formats;

    /** Writes every standard format: results.json, report.html, junit.xml, report.md and the badge. */
    public ReportWriter() {
        this(OutputFormats.ALL);
    }

    /** Writes the given formats, in the given order. */
    public ReportWriter(List<ReportFormat> formats) {
        this.formats = List.copyOf(formats);
    }

    /**
     * Writes every format of {@code report} into {@code outputDir}.
     *
     * @return the files written, in order
     * @throws IOException when the directory cannot be created or a file cannot be rendered or
     *                     written; files written before the failure stay in place, whole
     */
    public List<Path> writeAll(RunReport report, Path outputDir) throws IOException {
        Files.createDirectories(outputDir);
        List<Path> written = new ArrayList<>();
        for (ReportFormat format : formats) {
            for (String name : format.fileNames(report)) {
                Path file = outputDir.resolve(name);
                writeAtomically(file, out -> format.write(report, name, out));
                written.add(file);
            }
        }
        return List.copyOf(written);
    }

    /** Something that writes a whole file's text. */
    @FunctionalInterface
    interface Content {
        void writeTo(Writer out) throws IOException;
    }

    static void writeAtomically(Path file, Content content) throws IOException {
        // Beside the target, so the move stays on one file system and can be atomic; created through
        // a plain open rather than createTempFile so it gets the usual permissions, not owner-only.
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        boolean moved = false;
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
