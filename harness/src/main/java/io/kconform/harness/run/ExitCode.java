package io.kconform.harness.run;

/** The exit codes of kconform, as scripts and CI pipelines rely on them. */
public final class ExitCode {

    /** The run completed and no {@code --fail-on} condition was met. */
    public static final int DONE = 0;
    /** The run completed and a {@code --fail-on} condition was met (by default: a MUST check FAILED). */
    public static final int FAIL_ON_MET = 1;
    /** Usage or configuration error: nothing was run. */
    public static final int USAGE = 2;
    /**
     * A target could not be started or reached, or stopped answering while its checks ran (the checks after
     * that were not run), or the harness itself failed (a check ended in ERROR).
     */
    public static final int UNREACHABLE_OR_HARNESS_ERROR = 3;

    /**
     * Interrupted by SIGINT (Ctrl-C): the checks were stopped, what the run created deleted and the reports written,
     * marked interrupted. 128 + the signal's number, as shells report it; SIGTERM gives 143.
     */
    public static final int INTERRUPTED_BY_SIGINT = 130;
    /** Interrupted by SIGTERM (a cancelled CI job); otherwise as {@link #INTERRUPTED_BY_SIGINT}. */
    public static final int INTERRUPTED_BY_SIGTERM = 143;

    private ExitCode() {
    }
}
