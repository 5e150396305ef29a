package io.kconform.harness.launch;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The last lines of a target's log, to show with an error. Reads only the end of the file, so a
 * large log costs nothing; bytes that are not UTF-8 are shown as replacement characters.
 */
public final class LogTail {

    /** How many lines an error shows. */
    public static final int LINES = 20;
    private static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    /**
     * The last {@link #LINES} lines of {@code log}, each passed through {@code redact}; empty when
     * the log does not exist or cannot be read.
     */
    public static List<String> of(Path log, UnaryOperator<String> redact) {
        String text;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - MAX_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
            if (start > 0) {
                text = text.substring(text.indexOf('\n') + 1); // the first line is cut
            }
        } catch (IOException e) {
            return List.of();
        }
        List<String> lines = text.lines().toList();
        return lines.subList(Math.max(0, lines.size() - LINES), lines.size()).stream().map(redact).toList();
    }
}
