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
     * A target's address accepted the connection, and what answered there does not speak Kafka: bytes that
     * are not a Kafka response (an HTTP server, a TLS listener, garbage), a connection closed or left silent
     * on ApiVersions. The target's failure, not the harness's: no check was run, the reports say what it did.
     */
    public static final int NOT_KAFKA = 4;

    private ExitCode() {
    }
}
