package io.kconform.harness.run;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How a target's session ended when the target stopped answering while its checks ran. Immutable.
 *
 * @param where    during which check, e.g. "during check protocol.malformed.unknown-api-key", or "while the
 *                 checks of ConnectWorkerChecks were being set up", or "between checks"
 * @param after    how long after the checks began the watch found the target dead
 * @param notRun   how many selected checks did not run
 * @param running  the checks that ran while the target died, in the order they started
 * @param evidence what the watch saw
 */
public record Stoppage(String where, Duration after, int notRun, List<String> running, String evidence) {

    public Stoppage {
        running = List.copyOf(running);
    }

    /** One line: "target x stopped answering during check y after 12.3 s; 40 checks not run". */
    public String headline(String target) {
        return String.format(Locale.ROOT, "target %s stopped answering %s after %.1f s; %d %s not run", target, where,
                after.toMillis() / 1000.0, notRun, notRun == 1 ? "check" : "checks");
    }

    /** The {@link #headline} with what the watch saw, for the console. */
    public String describe(String target) {
        return headline(target) + " (" + evidence + ")";
    }
}
