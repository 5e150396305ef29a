package io.kconform.harness.run;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers, on this machine, which runs are under way against which target, so that what a run killed outright
 * (SIGKILL, a lost machine: no cleanup of its own could run) left on a target that outlives it is deleted by the next
 * run against the same target. One small file per run, named by its resource prefix, holding the bootstrap
 * servers and the owner process (its pid and start time, so that a pid used again by another process does not
 * count as the owner); it is removed when the run deleted everything it created, and kept when it could not,
 * so that the next run tries again. A run whose owner is alive is never touched; the entry of a killed run no run
 * came back for within 30 days is forgotten. Thread-safe: each run has its own file.
 *
 * <p>The folder is {@code kconform-runs} in the system's temporary folder, or the system property
 * {@value #DIR_PROPERTY}.
 */
final class RunLedger {

    /** Overrides where the entries are kept. */
    static final String DIR_PROPERTY = "kconform.runs.dir";

    private static final Logger LOG = LoggerFactory.getLogger(RunLedger.class);
    private static final String SUFFIX = ".run";
    /** How long the entry of a killed run is kept for a next run against its target. */
    private static final java.time.Duration FORGET_AFTER = java.time.Duration.ofDays(30);

    private final Path dir;

    RunLedger(Path dir) {
        this.dir = dir;
    }

    /** The ledger of this machine. */
    static RunLedger ofThisMachine() {
        String configured = System.getProperty(DIR_PROPERTY);
        return new RunLedger(configured != null ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "kconform-runs-" + System.getProperty("user.name")));
    }

    /**
     * A run's entry.
     *
     * @param prefix       the run's resource prefix
     * @param bootstrap    the bootstrap servers it ran against
     * @param pid          its process
     * @param processStart when that process started, as the OS says; empty when not known
     */
    record Entry(String prefix, String bootstrap, long pid, String processStart, Instant written) {

        /** Whether the process that made this entry is still running. */
        boolean ownerAlive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> processStart.isEmpty() || processStart.equals(startOf(p))).orElse(false);
        }
    }

    /** Records that this process runs under {@code prefix} against {@code bootstrap}; false when it cannot. */
    boolean begin(String prefix, String bootstrap) {
        ProcessHandle self = ProcessHandle.current();
        Properties p = new Properties();
        p.setProperty("prefix", prefix);
        p.setProperty("bootstrap", bootstrap);
        p.setProperty("pid", String.valueOf(self.pid()));
        p.setProperty("processStart", startOf(self));
        p.setProperty("written", Instant.now().toString());
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(dir.resolve(prefix + SUFFIX), StandardCharsets.UTF_8)) {
                p.store(out, "a kconform run under way; deleted when it has deleted what it created");
            }
            return true;
        } catch (IOException e) {
            LOG.warn("could not record the run {} in {}: a leftover of it, if it is killed, is not found by the"
                    + " next run", prefix, dir, e);
            return false;
        }
    }

    /** Forgets a run: it deleted everything it created. */
    void end(String prefix) {
        try {
            Files.deleteIfExists(dir.resolve(prefix + SUFFIX));
        } catch (IOException e) {
            LOG.warn("could not remove the record of run {}", prefix, e);
        }
    }

    /** The runs against {@code bootstrap} whose process is gone, oldest file name first. */
    List<Entry> orphansOf(String bootstrap) {
        List<Entry> orphans = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return orphans;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            Instant forgotten = Instant.now().minus(FORGET_AFTER);
            for (Path file : files) {
                Optional<Entry> entry = read(file);
                if (entry.isPresent() && !entry.get().ownerAlive() && entry.get().written().isBefore(forgotten)) {
                    // a target nobody ran against for that long (a test's broker on a port of its own) is gone
                    Files.deleteIfExists(file);
                    continue;
                }
                entry.filter(e -> e.bootstrap().equals(bootstrap)).filter(e -> !e.ownerAlive())
                        .ifPresent(orphans::add);
            }
        } catch (IOException e) {
            LOG.warn("could not read the records of earlier runs in {}", dir, e);
        }
        orphans.sort(java.util.Comparator.comparing(Entry::prefix));
        return orphans;
    }

    private static Optional<Entry> read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
            String written = p.getProperty("written", "");
            return Optional.of(new Entry(p.getProperty("prefix", ""), p.getProperty("bootstrap", ""),
                    Long.parseLong(p.getProperty("pid", "-1")), p.getProperty("processStart", ""),
                    written.isEmpty() ? Instant.now() : Instant.parse(written)))
                    .filter(e -> !e.prefix().isEmpty());
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable record of an earlier run: {}", file, e);
            return Optional.empty();
        }
    }

    private static String startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toString).orElse("");
    }
}
