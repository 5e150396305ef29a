package io.kconform.harness.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.run.LivenessJudge.Attempt;
import io.kconform.harness.run.LivenessJudge.Dead;
import io.kconform.harness.run.LivenessJudge.Kind;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The liveness watch's decision, without a broker or a clock: attempts are fed in at chosen times. A
 * target is dead on a refusal seen twice in a row, or on a long silence over several attempts, and
 * never because it is slow, because it refused once, or while a check has a broker down on purpose.
 */
class LivenessJudgeTest {

    private static final long START = 1_000_000_000L;

    private static long at(double seconds) {
        return START + (long) (seconds * 1e9);
    }

    private static Attempt attempt(Kind kind, double endSeconds, double tookSeconds) {
        return new Attempt(kind, at(endSeconds), Duration.ofMillis((long) (tookSeconds * 1000)), kind + " at "
                + endSeconds + " s");
    }

    @Test
    void aRefusalSeenTwiceInARowIsDeath() {
        LivenessJudge judge = new LivenessJudge(START);
        assertThat(judge.record(attempt(Kind.ANSWERED, 0.01, 0.01))).isEmpty();
        assertThat(judge.record(attempt(Kind.REFUSED, 1.02, 0.001))).as("one refusal").isEmpty();
        Optional<Dead> dead = judge.record(attempt(Kind.REFUSED, 2.03, 0.001));
        assertThat(dead).hasValueSatisfying(d -> {
            assertThat(d.lastAnswerNanos()).isEqualTo(at(0.01));
            assertThat(d.declaredNanos()).isEqualTo(at(2.03));
            assertThat(d.evidence()).startsWith("connection refused by every bootstrap address in 2 consecutive"
                    + " attempts; no answer for 2.0 s");
        });
    }

    @Test
    void aSingleRefusalBetweenAnswersIsNot() {
        LivenessJudge judge = new LivenessJudge(START);
        for (int i = 0; i < 10; i++) {
            assertThat(judge.record(attempt(Kind.REFUSED, 2 * i + 1, 0.001))).isEmpty();
            assertThat(judge.record(attempt(Kind.ANSWERED, 2 * i + 2, 0.01))).isEmpty();
        }
    }

    @Test
    void aLongSilenceOverSeveralAttemptsIsDeath() {
        LivenessJudge judge = new LivenessJudge(START);
        assertThat(judge.record(attempt(Kind.UNANSWERED, 5.0, 5.0))).isEmpty();
        assertThat(judge.record(attempt(Kind.UNANSWERED, 11.0, 5.0))).isEmpty();
        Optional<Dead> dead = judge.record(attempt(Kind.UNANSWERED, 17.0, 5.0));
        assertThat(dead).hasValueSatisfying(d -> {
            assertThat(d.lastAnswerNanos()).isEqualTo(START);
            assertThat(d.evidence()).isEqualTo("no answer to ApiVersions for 17.0 s, in 3 consecutive attempts (last:"
                    + " UNANSWERED at 17.0 s)");
        });
    }

    @Test
    void silenceNeedsBothTheTimeAndTheAttempts() {
        LivenessJudge fewAttempts = new LivenessJudge(START);
        // two attempts, the second after a long stall of the watch itself: long, but too little evidence
        assertThat(fewAttempts.record(attempt(Kind.UNANSWERED, 5.0, 5.0))).isEmpty();
        assertThat(fewAttempts.record(attempt(Kind.UNANSWERED, 30.0, 24.0))).isEmpty();

        LivenessJudge shortSilence = new LivenessJudge(START);
        // many quick failures (connections closed at once) within less than the silence
        for (int i = 1; i <= 10; i++) {
            assertThat(shortSilence.record(attempt(Kind.UNANSWERED, i * 1.0, 0.01))).isEmpty();
        }
        assertThat(shortSilence.record(attempt(Kind.UNANSWERED, 15.5, 0.01))).as("15 s of silence reached")
                .isPresent();
    }

    @Test
    void aSlowTargetThatAnswersIsAlive() {
        LivenessJudge judge = new LivenessJudge(START);
        double now = 0;
        for (int i = 0; i < 100; i++) {
            // every answer takes almost the whole attempt timeout, as a broker in a long GC pause would
            now += 4.9;
            assertThat(judge.record(attempt(Kind.ANSWERED, now, 4.9))).isEmpty();
            now += 1.0;
        }
    }

    @Test
    void oneAnswerStartsTheCountAfresh() {
        LivenessJudge judge = new LivenessJudge(START);
        assertThat(judge.record(attempt(Kind.UNANSWERED, 5, 5))).isEmpty();
        assertThat(judge.record(attempt(Kind.UNANSWERED, 11, 5))).isEmpty();
        assertThat(judge.record(attempt(Kind.ANSWERED, 16, 4))).isEmpty();
        assertThat(judge.record(attempt(Kind.UNANSWERED, 22, 5))).isEmpty();
        assertThat(judge.record(attempt(Kind.UNANSWERED, 28, 5))).isEmpty();
        assertThat(judge.record(attempt(Kind.REFUSED, 29, 0))).as("three failures since the answer at 16 s, but 13 s"
                + " of silence").isEmpty();
        assertThat(judge.record(attempt(Kind.UNANSWERED, 35, 5))).isPresent();
    }

    @Test
    void nothingCountsWhileABrokerIsDownOnPurpose() {
        LivenessJudge judge = new LivenessJudge(START);
        judge.hold(true, at(0.5));
        for (int i = 1; i <= 60; i++) {
            assertThat(judge.record(attempt(i % 2 == 0 ? Kind.REFUSED : Kind.UNANSWERED, i, 0.5)))
                    .as("attempt %d while held", i).isEmpty();
        }
        judge.hold(false, at(60.5));
        assertThat(judge.record(attempt(Kind.REFUSED, 61, 0))).as("the count starts afresh").isEmpty();
        assertThat(judge.record(attempt(Kind.REFUSED, 62, 0))).hasValueSatisfying(d ->
                assertThat(d.lastAnswerNanos()).as("silence counted from the release").isEqualTo(at(60.5)));
    }
}
