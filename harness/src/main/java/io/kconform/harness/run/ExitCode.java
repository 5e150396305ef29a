package io.kconform.harness.run;

/**
 * The exit codes of kconform, as scripts and CI pipelines rely on them. Where several apply, {@link #USAGE} (nothing
 * ran) wins, then {@link #FAIL_ON_MET}, then {@link #UNREACHABLE_OR_HARNESS_ERROR}: a finding about a target that was
 * tested is never hidden by another target that could not be ({@link GateSummary}).
 */
public final class ExitCode {

    /** The run completed and no {@code --fail-on} condition was met. */
    public static final int DONE = 0;
    /**
     * The run completed and a {@code --fail-on} condition was met by a target that answered to the end (by default:
     * a MUST check FAILED, or a level the run assessed is not held).
     */
    public static final int FAIL_ON_MET = 1;
    /**
     * Usage or configuration error, or a {@code --baseline} or {@code --expected} file that cannot be used: nothing was
     * run. Also {@code kconform verify} on a results.json that is not valid.
     */
    public static final int USAGE = 2;
    /**
     * A target could not be started or reached, or stopped answering while its checks ran (the checks after
     * that were not run), or the harness itself failed (a check ended in ERROR).
     */
    public static final int UNREACHABLE_OR_HARNESS_ERROR = 3;
    /**
     * A target's address accepted the connection, and what answered there does not speak Kafka: bytes that
     * are not a Kafka response (an HTTP server, a TLS listener, garbage), a connection closed or left silent
     * on ApiVersions. The target's failure, not the harness's: no check was run, the reports say what it did.
     */
    public static final int NOT_KAFKA = 4;

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
