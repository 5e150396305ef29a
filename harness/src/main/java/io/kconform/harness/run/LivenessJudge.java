package io.kconform.harness.run;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides, from the {@link LivenessWatch}'s attempts, when a target is dead: pure, clock-free (times are
 * {@link System#nanoTime()} values passed in) and unit-tested. Not thread-safe: the watch's thread alone
 * feeds it; {@link #hold} may come from a check's thread and is synchronized with it.
 *
 * <p>It takes evidence no healthy target gives, even on a loaded 2-core CI machine running a broker, a
 * Connect worker and four checks at once:
 * <ul>
 *   <li><b>Refused</b>: every bootstrap address refused a TCP connection in {@value #REFUSALS_FOR_DEATH}
 *       consecutive attempts, at least {@link LivenessWatch#PERIOD} apart. A refusal means that nothing
 *       listens on the port: a server under load lets connections queue (or drops their SYN, which is a
 *       timeout, not a refusal), it does not refuse them. The second attempt covers a listener being
 *       re-bound at that instant.</li>
 *   <li><b>Silent</b>: no answer for {@link #SILENCE_FOR_DEATH} since the last one, over at least
 *       {@value #FAILED_ATTEMPTS_FOR_DEATH} consecutive failed attempts (unanswered within
 *       {@link LivenessWatch#ATTEMPT_TIMEOUT}, connections closed, refusals). Apache Kafka answers
 *       ApiVersions in milliseconds; a garbage-collection pause or a broker busy with every check of a run
 *       delays an answer by a second or two, not by fifteen, and one slow answer resets the count. Each
 *       attempt may take up to {@link LivenessWatch#ATTEMPT_TIMEOUT}, so three of them span the whole
 *       silence: a stall of the harness's own JVM cannot make three attempts fail in a row without also
 *       stalling the checks it would cut short.</li>
 * </ul>
 * An answer of any kind — an error code included — is a sign of life. While a check has a broker of the
 * target down on purpose ({@link #hold}), nothing counts against the target, and the count starts afresh
 * when the broker is back.
 */
final class LivenessJudge {

    /** Consecutive attempts in which every address refused the connection. */
    static final int REFUSALS_FOR_DEATH = 2;
    /** How long without any answer makes a target dead, together with {@link #FAILED_ATTEMPTS_FOR_DEATH}. */
    static final Duration SILENCE_FOR_DEATH = Duration.ofSeconds(15);
    /** Consecutive failed attempts the silence must span. */
    static final int FAILED_ATTEMPTS_FOR_DEATH = 3;

    /** What one attempt found. */
    enum Kind {
        /** ApiVersions was answered (with any error code). */
        ANSWERED,
        /** Every bootstrap address refused the TCP connection: nothing listens there. */
        REFUSED,
        /** A connection was made, or could not be made in time, but no answer came. */
        UNANSWERED
    }

    /**
     * One attempt.
     *
     * @param endNanos when it ended
     * @param took     how long it took
     * @param detail   what happened, for the evidence, e.g. "127.0.0.1:9092: connection refused"
     */
    record Attempt(Kind kind, long endNanos, Duration took, String detail) {
    }

    /**
     * The verdict: the target is dead.
     *
     * @param lastAnswerNanos when the last answer came (or when watching began, or a deliberate outage ended)
     * @param declaredNanos   when the verdict was reached
     * @param evidence        one line: what was seen, e.g. "connection refused by every bootstrap address in 2
     *                        attempts over 1.0 s"
     */
    record Dead(long lastAnswerNanos, long declaredNanos, String evidence) {
    }

    private long lastAnswerNanos;
    private int refusals;
    private int failures;
    private String lastDetail = "";
    private boolean held;

    /** @param startNanos when watching began: the probe had just been answered */
    LivenessJudge(long startNanos) {
        this.lastAnswerNanos = startNanos;
    }

    /** Records an attempt; the verdict when the target is now dead. */
    synchronized Optional<Dead> record(Attempt attempt) {
        if (attempt.kind() == Kind.ANSWERED) {
            lastAnswerNanos = Math.max(lastAnswerNanos, attempt.endNanos());
            refusals = 0;
            failures = 0;
            return Optional.empty();
        }
        if (held) {
            return Optional.empty();
        }
        failures++;
        refusals = attempt.kind() == Kind.REFUSED ? refusals + 1 : 0;
        lastDetail = attempt.detail();
        Duration silence = Duration.ofNanos(attempt.endNanos() - lastAnswerNanos);
        if (refusals >= REFUSALS_FOR_DEATH) {
            return Optional.of(new Dead(lastAnswerNanos, attempt.endNanos(), String.format(Locale.ROOT,
                    "connection refused by every bootstrap address in %d consecutive attempts; no answer for %.1f s"
                            + " (%s)", refusals, seconds(silence), lastDetail)));
        }
        if (failures >= FAILED_ATTEMPTS_FOR_DEATH && silence.compareTo(SILENCE_FOR_DEATH) >= 0) {
            return Optional.of(new Dead(lastAnswerNanos, attempt.endNanos(), String.format(Locale.ROOT,
                    "no answer to ApiVersions for %.1f s, in %d consecutive attempts (last: %s)", seconds(silence),
                    failures, lastDetail)));
        }
        return Optional.empty();
    }

    /**
     * A check took a broker down on purpose ({@code true}) or has it back ({@code false}); failures while
     * held do not count, and the count starts afresh at {@code nowNanos} when released.
     */
    synchronized void hold(boolean on, long nowNanos) {
        if (held && !on) {
            lastAnswerNanos = Math.max(lastAnswerNanos, nowNanos);
            refusals = 0;
            failures = 0;
        }
        held = on;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
