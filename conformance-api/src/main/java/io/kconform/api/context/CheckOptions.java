package io.kconform.api.context;

/**
 * The run options checks read through {@link CheckContext#option(String)}: the names, and what each value means.
 * {@code kconform run} takes them on its command line and hands them to the checks as JUnit configuration parameters
 * named {@value #PREFIX}{@code <name>}, in whichever JVM runs the checks (its own, or one with an older Java client
 * release); in a plain JUnit run they are set like any configuration parameter (a system property
 * {@code -Dkconform.option.history.seed=7}, junit-platform.properties). An option not given is absent, and the
 * check uses its own default. Values are plain text and never secrets.
 */
public final class CheckOptions {

    /** What the configuration parameter of an option is named: this prefix and the option's name. */
    public static final String PREFIX = "kconform.option.";

    /** The seed of the eos.history checks' workload, a long: the same seed makes the same operations in each client. */
    public static final String HISTORY_SEED = "history.seed";

    /** How long the eos.history checks' writers write, in whole seconds. */
    public static final String HISTORY_DURATION_SECONDS = "history.duration-seconds";

    private CheckOptions() {
    }
}
