package io.kconform.harness.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes the scratch directories of targets. */
final class Directories {

    private Directories() {
    }

    /** Deletes {@code dir} and everything in it, as far as it can; a process still writing may leave some behind. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // what is left stays in the run's output folder
        }
    }
}
