package io.kconform.harness.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Copies what a started target writes into its log file, line by line, with every secret replaced
 * by {@code [hidden]} before it reaches the disk. Byte-transparent: output in any encoding passes
 * unchanged, and a secret is found in it as its UTF-8 bytes. Each line is flushed as it comes, so
 * the log's tail is current when a start fails. Runs on a daemon thread of its own.
 */
final class LogCapture {

    /** What a hidden secret looks like, as {@link io.kconform.harness.run.Redactor} shows it. */
    static final String MASK = io.kconform.harness.run.Redactor.MASK;
    private static final int MIN_SECRET_LENGTH = 4;

    private final Thread thread;

    private LogCapture(Thread thread) {
        this.thread = thread;
    }

    /**
     * Starts copying {@code output} into {@code log} until the output ends.
     *
     * @param append  whether to add to an existing log rather than replace it
     * @param secrets values never to be written
     * @throws UncheckedIOException when the log cannot be opened
     */
    static LogCapture start(String name, InputStream output, Path log, boolean append, Collection<String> secrets) {
        OutputStream file;
        try {
            file = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
        List<String> masked = latin1(secrets);
        Thread thread = new Thread(() -> copy(output, file, masked), "kconform-log-" + name);
        thread.setDaemon(true);
        thread.start();
        return new LogCapture(thread);
    }

    /** Waits up to {@code millis} for the output to end and the log to be complete. */
    void awaitEnd(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code line} with every secret replaced; secrets must be given longest first. */
    static String mask(String line, List<String> secrets) {
        String result = line;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }

    /** The secrets as they look when UTF-8 output is read byte for byte; longest first. */
    static List<String> latin1(Collection<String> secrets) {
        return secrets.stream().filter(s -> s.length() >= MIN_SECRET_LENGTH)
                .map(s -> new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    private static void copy(InputStream output, OutputStream file, List<String> secrets) {
        try (file; BufferedReader lines = new BufferedReader(new InputStreamReader(output, StandardCharsets.ISO_8859_1))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                file.write((mask(line, secrets) + "\n").getBytes(StandardCharsets.ISO_8859_1));
                file.flush();
            }
        } catch (IOException e) {
            // the process is gone, or the disk refused; what was written stays
        }
    }
}
