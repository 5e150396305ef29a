package io.kconform.report.model;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.report.ReportFixture;
import io.kconform.report.model.LevelStatus.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificationTest {

    private static final String BASELINE = ReportFixture.BASELINE;

    /** One passing MUST check per level, of the battery that level belongs to. */
    private static List<CheckResult> passingLadder() {
        List<CheckResult> checks = new ArrayList<>();
        checks.add(check("protocol.produce.acks-all").level(Level.INGEST).build());
        checks.add(check("groups.offsets.commit-fetch").level(Level.MESSAGING).build());
        checks.add(check("storage.replay.from-beginning").level(Level.STORAGE).build());
        checks.add(check("eos.txn.abort-invisible-read-committed").level(Level.EXACTLY_ONCE).build());
        checks.add(check("streams.eos-v2.no-duplicates-after-crash").level(Level.PLATFORM).build());
        return checks;
    }

    private static List<CheckResult> ladderWith(CheckResult... extra) {
        List<CheckResult> checks = passingLadder();
        checks.addAll(List.of(extra));
        return checks;
    }

    private static State state(Verdict verdict, Level level) {
        return status(verdict, level).state();
    }

    private static LevelStatus status(Verdict verdict, Level level) {
        return verdict.levels().stream().filter(s -> s.level() == level).findFirst().orElseThrow();
    }

    @Test
    void everyMustCheckPassingCertifiesThePlatform() {
        Verdict verdict = Certification.evaluate(passingLadder(), BASELINE);

        assertThat(verdict.highest()).contains(Level.PLATFORM);
        assertThat(verdict.levels()).extracting(LevelStatus::state).containsOnly(State.CERTIFIED);
        assertThat(verdict.levels()).extracting(LevelStatus::level).containsExactly(Level.values());
        assertThat(verdict.headline()).startsWith("Certified: PLATFORM (Apache Kafka 4.4 baseline).")
                .doesNotContain("Not certified");
    }

    @Test
    void oneMustFailureAtStorageStopsCertificationThereAndAbove() {
        CheckResult compaction = check("storage.compaction.tombstone-removed").level(Level.STORAGE)
                .outcome(Outcome.FAIL).message("tombstone still present").build();

        Verdict verdict = Certification.evaluate(ladderWith(compaction), BASELINE);

        assertThat(verdict.highest()).contains(Level.MESSAGING);
        assertThat(state(verdict, Level.INGEST)).isEqualTo(State.CERTIFIED);
        assertThat(state(verdict, Level.MESSAGING)).isEqualTo(State.CERTIFIED);
        assertThat(status(verdict, Level.STORAGE).state()).isEqualTo(State.NOT_CERTIFIED);
        assertThat(status(verdict, Level.STORAGE).blockers()).containsExactly(compaction);
        assertThat(state(verdict, Level.EXACTLY_ONCE)).isEqualTo(State.BLOCKED_BELOW);
        assertThat(state(verdict, Level.PLATFORM)).isEqualTo(State.BLOCKED_BELOW);
        assertThat(verdict.headline())
                .startsWith("Certified: MESSAGING")
                .contains("STORAGE — storage.compaction.tombstone-removed FAIL");
    }

    @Test
    void shouldAndMayFailuresNeverBlock() {
        CheckResult should = check("protocol.compression.zstd").strength(Strength.SHOULD).outcome(Outcome.FAIL).build();
        CheckResult may = check("protocol.produce.lz4-level").strength(Strength.MAY).outcome(Outcome.UNSUPPORTED).build();

        Verdict verdict = Certification.evaluate(ladderWith(should, may), BASELINE);

        assertThat(verdict.highest()).contains(Level.PLATFORM);
        assertThat(status(verdict, Level.INGEST).blockers()).isEmpty();
    }

    @Test
    void aSelectedSkippedCheckNeitherPassesNorBlocks() {
        CheckResult skipped = check("storage.retention.time").level(Level.STORAGE).outcome(Outcome.SKIPPED)
                .message("needs broker control").build();

        Verdict verdict = Certification.evaluate(ladderWith(skipped), BASELINE);

        assertThat(state(verdict, Level.STORAGE)).isEqualTo(State.CERTIFIED);
        assertThat(verdict.highest()).contains(Level.PLATFORM);
    }

    @Test
    void aLevelWhoseOnlyMustChecksWereSkippedIsNotAssessed() {
        List<CheckResult> checks = new ArrayList<>(passingLadder());
        checks.removeIf(c -> c.level() == Level.STORAGE);
        checks.add(check("storage.retention.time").level(Level.STORAGE).outcome(Outcome.SKIPPED).build());

        Verdict verdict = Certification.evaluate(checks, BASELINE);

        assertThat(status(verdict, Level.STORAGE).state()).isEqualTo(State.NOT_ASSESSED);
        assertThat(status(verdict, Level.STORAGE).summary()).isEqualTo("no MUST check applied to this target");
        assertThat(verdict.highest()).contains(Level.MESSAGING);
    }

    @Test
    void aMustCheckNotSelectedLeavesItsLevelNotAssessed() {
        CheckResult notSelected = check("storage.compaction.latest-value-kept").level(Level.STORAGE).notSelected()
                .build();

        Verdict verdict = Certification.evaluate(ladderWith(notSelected), BASELINE);

        LevelStatus storage = status(verdict, Level.STORAGE);
        assertThat(storage.state()).isEqualTo(State.NOT_ASSESSED);
        assertThat(storage.missing()).containsExactly("storage.compaction.latest-value-kept");
        assertThat(storage.blockers()).isEmpty();
        assertThat(storage.summary()).isEqualTo("1 MUST check not selected");
        assertThat(state(verdict, Level.EXACTLY_ONCE)).isEqualTo(State.BLOCKED_BELOW);
        assertThat(verdict.highest()).contains(Level.MESSAGING);
        assertThat(verdict.headline()).contains("Not assessed: STORAGE (1 MUST check not selected)");
    }

    @Test
    void anErrorBlocksLikeAFailure() {
        CheckResult error = check("groups.offsets.commit-fetch-after-restart").level(Level.MESSAGING)
                .outcome(Outcome.ERROR).message("timeout in set-up").build();

        Verdict verdict = Certification.evaluate(ladderWith(error), BASELINE);

        assertThat(status(verdict, Level.MESSAGING).state()).isEqualTo(State.NOT_CERTIFIED);
        assertThat(status(verdict, Level.MESSAGING).blockers()).containsExactly(error);
        assertThat(verdict.highest()).contains(Level.INGEST);
        assertThat(verdict.headline()).contains("MESSAGING").contains("groups.offsets.commit-fetch-after-restart ERROR");
    }

    @Test
    void severalFailuresOfOneAreaAreGroupedInTheHeadline() {
        Verdict verdict = Certification.evaluate(ladderWith(
                check("storage.compaction.latest-value-kept").level(Level.STORAGE).outcome(Outcome.FAIL).build(),
                check("storage.compaction.tombstone-removed").level(Level.STORAGE).outcome(Outcome.FAIL).build(),
                check("storage.compaction.dirty-ratio").level(Level.STORAGE).outcome(Outcome.FAIL).build(),
                check("storage.timestamps.log-append-time").level(Level.STORAGE).outcome(Outcome.UNSUPPORTED)
                        .message("LogAppendTime refused").build()), BASELINE);

        assertThat(status(verdict, Level.STORAGE).summary()).isEqualTo(
                "compaction FAIL (3 checks), storage.timestamps.log-append-time UNSUPPORTED (LogAppendTime refused)");
        assertThat(status(verdict, Level.STORAGE).blockers()).hasSize(4);
        assertThat(verdict.headline()).contains("STORAGE — compaction FAIL (3 checks)");
    }

    @Test
    void aMultiLineMessageFromTheEndpointCannotBreakTheOneLineHeadline() {
        Verdict verdict = Certification.evaluate(ladderWith(
                check("eos.txn.init-producer-id").level(Level.EXACTLY_ONCE).outcome(Outcome.UNSUPPORTED)
                        .message("InitProducerId\nnot advertised\r\n\u001b[31mred").build()), BASELINE);

        assertThat(verdict.headline()).doesNotContain("\n", "\r", "\u001b")
                .contains("eos.txn.init-producer-id UNSUPPORTED (InitProducerId not advertised [31mred)");
    }

    @Test
    void aTargetThatCouldNotBeReachedIsAssessedAtNoLevel() {
        Verdict verdict = Certification.unavailable("connection refused\nat localhost:9092", BASELINE);

        assertThat(verdict.highest()).isEmpty();
        assertThat(verdict.levels()).extracting(LevelStatus::state).containsOnly(State.NOT_ASSESSED);
        assertThat(verdict.headline())
                .isEqualTo("Not assessed (Apache Kafka 4.4 baseline): connection refused at localhost:9092");
    }

    @Test
    void durationsAreKeptToWholeMilliseconds() {
        CheckResult result = new CheckResult("protocol.produce.acks-all", "t", io.kconform.api.Battery.PROTOCOL,
                Level.INGEST, Strength.MUST, List.of(), "h", true, Outcome.PASS,
                java.time.Duration.ofNanos(1_999_999), "", List.of());

        assertThat(result.duration()).isEqualTo(java.time.Duration.ofMillis(1));
    }
}
