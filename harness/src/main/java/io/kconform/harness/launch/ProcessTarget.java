package io.kconform.harness.launch;

import io.kconform.harness.config.ProcessTargetSpec;
import io.kconform.harness.run.Redactor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A {@code process} target that is up. Closing it closes its watchdog's standard input, upon which
 * the watchdog stops the command's whole process tree (SIGTERM, the grace period, SIGKILL); should
 * the watchdog not be gone a few seconds after the grace period, the harness kills the tree itself.
 * Close returns once the log is complete and the target's scratch directory deleted. Idempotent and
 * thread-safe.
 */
final class ProcessTarget extends ReachableTarget {

    /** How long the harness gives the watchdog beyond the grace period before stepping in. */
    private static final Duration WATCHDOG_MARGIN = Duration.ofSeconds(10);
    private static final Duration BACKSTOP_GRACE = Duration.ofSeconds(1);
    private static final long LOG_END_MILLIS = 2000;

    private final ProcessPlan plan;
    private final Process watchdog;
    private final LogCapture capture;
    private final Duration grace;
    private final Redactor redactor;
    private boolean closed;

    ProcessTarget(ProcessTargetSpec spec, ProcessPlan plan, Process watchdog, LogCapture capture, Path log,
                  Duration grace, Redactor redactor) {
        super(spec, plan.bootstrap(), spec.clientProperties(), spec.secretValues(), Optional.of(log));
        this.plan = plan;
        this.watchdog = watchdog;
        this.capture = capture;
        this.grace = grace;
        this.redactor = redactor;
    }



    @Override
    public String description() {
        return "process: " + redactor.apply(plan.commandLine());
    }





    /** The watchdog's process, the root of what this target started. */
    ProcessHandle watchdog() {
        return watchdog.toHandle();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ExitCleanup.unregister(this);
        Set<ProcessHandle> started = new LinkedHashSet<>();
        watchdog.descendants().forEach(started::add);
        try {
            watchdog.getOutputStream().close(); // the watchdog's signal to stop the command
        } catch (IOException e) {
            // the watchdog is gone already; the backstop below stops what it left
        }
        try {
            watchdog.waitFor(grace.plus(WATCHDOG_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Normally everything is gone by now; this only acts when the watchdog could not do its job.
        ProcessTrees.stop(watchdog.toHandle(), started, BACKSTOP_GRACE);
        capture.awaitEnd(LOG_END_MILLIS);
        Directories.deleteRecursively(plan.dataDir());
    }

    @Override
    public String toString() {
        return description() + " at " + plan.bootstrap();
    }
}
