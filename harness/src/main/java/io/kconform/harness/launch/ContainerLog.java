package io.kconform.harness.launch;

import io.kconform.harness.run.Redactor;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.testcontainers.containers.output.OutputFrame;

/**
 * Writes what a container prints into its log file, secrets masked, each frame flushed as it
 * comes so that the log's tail is current when a start fails. Thread-safe: Docker's frames arrive
 * on threads of docker-java.
 */
final class ContainerLog implements Consumer<OutputFrame>, AutoCloseable {

    private final Path file;
    private final Writer writer;
    private final Redactor redactor;
    private boolean closed;

    private ContainerLog(Path file, Writer writer, Redactor redactor) {
        this.file = file;
        this.writer = writer;
        this.redactor = redactor;
    }

    static ContainerLog open(Path file, boolean append, Redactor redactor) throws IOException {
        Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        return new ContainerLog(file, writer, redactor);
    }

    Path file() {
        return file;
    }

    @Override
    public synchronized void accept(OutputFrame frame) {
        if (closed || frame.getType() == OutputFrame.OutputType.END) {
            return;
        }
        try {
            writer.write(redactor.apply(frame.getUtf8String()));
            writer.flush();
        } catch (IOException e) {
            // the disk refused; what was written stays
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
        } catch (IOException e) {
            // nothing more to write
        }
    }
}
