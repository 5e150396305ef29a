package io.kconform.harness.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The {@code --output} rules every command that writes reports follows: a folder with files in it is refused unless
 * {@code --overwrite} is given (the reports would mix with what is there), and without {@code --output} a new
 * folder under {@code reports/} named by the time is chosen. Stateless.
 */
public final class OutputFolder {

    private OutputFolder() {
    }

    /**
     * Refuses an {@code --output} that is a file, or a folder with files in it unless {@code overwrite}.
     *
     * @throws IllegalArgumentException naming the folder and up to four of its files
     */
    public static void checkWritable(Path output, boolean overwrite) {
        if (output == null || overwrite || !Files.exists(output)) {
            return;
        }
        if (!Files.isDirectory(output)) {
            throw new IllegalArgumentException("--output " + output + " is a file, not a folder");
        }
        try (java.util.stream.Stream<Path> entries = Files.list(output)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).sorted().limit(5).toList();
            if (!names.isEmpty()) {
                throw new IllegalArgumentException("--output " + output + " already holds files ("
                        + String.join(", ", names.subList(0, Math.min(4, names.size())))
                        + (names.size() > 4 ? ", ..." : "") + "); name an empty or new folder, or add --overwrite"
                        + " to write into it");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--output " + output + " cannot be read: " + e.getMessage());
        }
    }

    /** A folder under {@code reports/} that does not exist yet: {@code <prefix>yyyyMMdd-HHmmss}, numbered if taken. */
    public static Path dated(String prefix) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path folder = Path.of("reports", prefix + stamp);
        for (int i = 2; Files.exists(folder); i++) {
            folder = Path.of("reports", prefix + stamp + "-" + i);
        }
        return folder;
    }
}
