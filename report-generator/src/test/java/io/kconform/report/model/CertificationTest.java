package io.kconform.report.model;

import static io.kconform.report.ReportFixture.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Capability;
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
        Verdict verdict = Certification.evaluate(passingLadder(), BASELINE, Advertisement.NOTHING);

        assertThat(verdict.highest()).contains(Level.PLATFORM);
        assertThat(verdict.levels()).extracting(LevelStatus::state).containsOnly(State.CERTIFIED);
        assertThat(verdict.levels()).extracting(LevelStatus::level).containsExactly(Level.values());
        assertThat(verdict.headline()).isEqualTo("Certified: PLATFORM (Apache Kafka 4.4 baseline).");
    }

    @Test
    void theHeadlineSaysWhichJavaClientsAssessedATargetCurrentOnesCannotConnectTo() {
        CheckResult handshake = check("protocol.apiversions.current-client-handshake").outcome(Outcome.FAIL)
                .message("current Java clients 4.4.0 cannot connect").build();
        AssessedWith older = new AssessedWith("3.8.1", "4.4.0", "current Java clients cannot connect: ApiVersions v5:"
                + " no response (the target closed the connection); ApiVersions v3 is answered", "3.9 and later");

        Verdict verdict = Certification.evaluate(ladderWith(handshake), BASELINE, Advertisement.NOTHING, older);

        assertThat(verdict.highest()).isEmpty();
        assertThat(verdict.headline()).startsWith("Not certified at any level (Apache Kafka 4.4 baseline)."
                + "  Assessed with Java clients 3.8.1; 3.9 and later cannot connect."
                + "  Not certified: INGEST — protocol.apiversions.current-client-handshake FAIL;");
        assertThat(Certification.evaluate(passingLadder(), BASELINE, Advertisement.NOTHING,
                AssessedWith.currentClients()).headline()).isEqualTo("Certified: PLATFORM (Apache Kafka 4.4 baseline).");
    }

    @Test
    void whereNoOlderReleaseCouldAssessATargetTheHeadlineSaysSo() {
        AssessedWith none = new AssessedWith("4.4.0", "4.4.0", "current Java clients cannot connect: ...; no Java"
                + " client release from 3.3.2 to 4.3.2 sends ApiVersions v2 or older", "3.3 and later");

        Verdict verdict = Certification.evaluate(passingLadder(), BASELINE, Advertisement.NOTHING, none);

        assertThat(verdict.headline()).isEqualTo("Certified: PLATFORM (Apache Kafka 4.4 baseline)."
                + "  Java clients 3.3 and later cannot connect; no older release could assess it.");
    }

    @Test
    void oneMustFailureAtStorageStopsCertificationThereAndAbove() {
        CheckResult compaction = check("storage.compaction.tombstone-removed").level(Level.STORAGE)
                .outcome(Outcome.FAIL).message("tombstone still present").build();

        Verdict verdict = Certification.evaluate(ladderWith(compaction), BASELINE, Advertisement.NOTHING);

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

        Verdict verdict = Certification.evaluate(ladderWith(should, may), BASELINE, Advertisement.NOTHING);

        assertThat(verdict.highest()).contains(Level.PLATFORM);
        assertThat(status(verdict, Level.INGEST).blockers()).isEmpty();
    }

    @Test
    void aSelectedSkippedCheckNeitherPassesNorBlocks() {
        CheckResult skipped = check("storage.retention.time").level(Level.STORAGE).outcome(Outcome.SKIPPED)
                .message("needs broker control").build();

        Verdict verdict = Certification.evaluate(ladderWith(skipped), BASELINE, Advertisement.NOTHING);

        assertThat(state(verdict, Level.STORAGE)).isEqualTo(State.CERTIFIED);
        assertThat(verdict.highest()).contains(Level.PLATFORM);
    }

    @Test
    void aMustCheckSkippedForWantOfAClaimIsNotNamedInTheHeadline() {
        CheckResult unclaimed = check("protocol.sweep.fetch.v18").level(Level.MESSAGING).outcome(Outcome.SKIPPED)
                .message("the target does not advertise Fetch v18 (advertised: 0-17)").build();

        Verdict verdict = Certification.evaluate(ladderWith(unclaimed), BASELINE, Advertisement.NOTHING);

        assertThat(verdict.highest()).contains(Level.PLATFORM);
        assertThat(status(verdict, Level.MESSAGING).unassessed()).isEmpty();
        assertThat(verdict.headline()).isEqualTo("Certified: PLATFORM (Apache Kafka 4.4 baseline).");
    }

    @Test
    void aLevelWhoseOnlyMustChecksWereSkippedIsNotAssessed() {
        List<CheckResult> checks = new ArrayList<>(passingLadder());
        checks.removeIf(c -> c.level() == Level.STORAGE);
        checks.add(check("storage.retention.time").level(Level.STORAGE).outcome(Outcome.SKIPPED).build());

        Verdict verdict = Certification.evaluate(checks, BASELINE, Advertisement.NOTHING);

        assertThat(status(verdict, Level.STORAGE).state()).isEqualTo(State.NOT_ASSESSED);
        assertThat(status(verdict, Level.STORAGE).summary()).isEqualTo("no MUST check applied to this target");
        assertThat(verdict.highest()).contains(Level.MESSAGING);
    }

    @Test
    void aMustCheckNotSelectedLeavesItsLevelNotAssessed() {
        CheckResult notSelected = check("storage.compaction.latest-value-kept").level(Level.STORAGE).notSelected()
                .build();

        Verdict verdict = Certification.evaluate(ladderWith(notSelected), BASELINE, Advertisement.NOTHING);

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
    void anErrorIsNeverCountedAgainstTheTargetButLeavesItsLevelNotAssessed() {
        CheckResult error = check("groups.offsets.commit-fetch-after-restart").level(Level.MESSAGING)
                .outcome(Outcome.ERROR).message("timeout in set-up").build();

        Verdict verdict = Certification.evaluate(ladderWith(error), BASELINE, Advertisement.NOTHING);

        LevelStatus messaging = status(verdict, Level.MESSAGING);
        assertThat(messaging.state()).isEqualTo(State.NOT_ASSESSED);
        assertThat(messaging.blockers()).isEmpty();
        assertThat(messaging.unassessed()).containsExactly(error);
        assertThat(messaging.summary()).contains("1 MUST check ended in ERROR, the harness's fault")
                .contains("groups.offsets.commit-fetch-after-restart");
        assertThat(verdict.highest()).contains(Level.INGEST);
        assertThat(verdict.headline()).doesNotContain("MESSAGING —").contains("Not assessed: MESSAGING");
    }

    @Test
    void checksTheTargetStoppedBeforeLeaveTheirLevelNotAssessed() {
        CheckResult notRun = check("storage.log.replay-identical").level(Level.STORAGE)
                .notRun("not run: the target stopped answering during protocol.malformed.unknown-api-key").build();

        Verdict verdict = Certification.evaluate(ladderWith(notRun), BASELINE, Advertisement.NOTHING);

        assertThat(state(verdict, Level.STORAGE)).isEqualTo(State.NOT_ASSESSED);
        assertThat(status(verdict, Level.STORAGE).summary()).isEqualTo("1 MUST check not run (not run: the target"
                + " stopped answering during protocol.malformed.unknown-api-key)");
        assertThat(verdict.highest()).contains(Level.MESSAGING);
    }

    @Test
    void aMustCheckNotApplicableHereIsNamedInTheHeadlineOfACertifiedLevel() {
        CheckResult brokerLoss = check("storage.durability.acks-all-survives-broker-loss").level(Level.STORAGE)
                .notAssessableHere("needs broker control, which an external target does not give")
                .build();

        Verdict verdict = Certification.evaluate(ladderWith(brokerLoss), BASELINE, Advertisement.NOTHING);

        assertThat(verdict.highest()).contains(Level.PLATFORM);
        assertThat(status(verdict, Level.STORAGE).unassessed()).containsExactly(brokerLoss);
        assertThat(status(verdict, Level.STORAGE).summary()).isEqualTo("every MUST check that applies here passed");
        assertThat(verdict.headline()).contains("MUST check not assessable here:"
                + " storage.durability.acks-all-survives-broker-loss (needs broker control");
    }

    @Test
    void aCapabilityNeverDecidesALevelEvenWhenItsMustCheckIsRefused() {
        CheckResult heartbeat = check("protocol.sweep.consumer-group-heartbeat.v0").level(Level.MESSAGING)
                .capability(Capability.KIP_848_GROUPS).outcome(Outcome.UNSUPPORTED)
                .message("ConsumerGroupHeartbeat v0 is advertised (0-0) but answered UNSUPPORTED_VERSION").build();
        Advertisement advertised = new Advertisement(java.util.Map.of("ConsumerGroupHeartbeat", "0-0"),
                java.util.Map.of());

        Verdict verdict = Certification.evaluate(ladderWith(heartbeat), BASELINE, advertised);

        assertThat(verdict.highest()).contains(Level.PLATFORM);
        assertThat(status(verdict, Level.MESSAGING).blockers()).isEmpty();
        CapabilityStatus kip848 = capability(verdict, Capability.KIP_848_GROUPS);
        assertThat(kip848.state()).isEqualTo(CapabilityStatus.State.ADVERTISED_NOT_ENABLED);
        assertThat(kip848.findings()).containsExactly(heartbeat);
        assertThat(verdict.headline()).startsWith("Certified: PLATFORM (Apache Kafka 4.4 baseline)"
                + " · KIP-848 groups: advertised, not enabled.");
    }

    @Test
    void capabilitiesAreWorkingBrokenAbsentOrNotAssessed() {
        Verdict verdict = Certification.evaluate(ladderWith(
                check("groups.consumer-protocol.assignment").level(Level.MESSAGING).strength(Strength.SHOULD)
                        .capability(Capability.KIP_848_GROUPS).build(),
                check("streams.streams-group.output-matches-reference").level(Level.PLATFORM)
                        .capability(Capability.STREAMS_GROUPS).outcome(Outcome.FAIL).message("duplicates").build(),
                check("protocol.sweep.share-fetch.v1").capability(Capability.SHARE_GROUPS).outcome(Outcome.SKIPPED)
                        .message("the target does not advertise ShareFetch v1").build(),
                check("eos.txn.v2.epoch-bumped-per-transaction").level(Level.EXACTLY_ONCE)
                        .capability(Capability.TRANSACTIONS_V2).notSelected().build()),
                BASELINE, Advertisement.NOTHING);

        assertThat(capability(verdict, Capability.KIP_848_GROUPS).state()).isEqualTo(CapabilityStatus.State.WORKING);
        assertThat(capability(verdict, Capability.STREAMS_GROUPS).state()).isEqualTo(CapabilityStatus.State.BROKEN);
        assertThat(capability(verdict, Capability.SHARE_GROUPS).state()).isEqualTo(CapabilityStatus.State.ABSENT);
        assertThat(capability(verdict, Capability.TRANSACTIONS_V2).state())
                .isEqualTo(CapabilityStatus.State.NOT_ASSESSED);
        // A broken capability is the target's finding, never a level's blocker.
        assertThat(verdict.highest()).contains(Level.PLATFORM);
        assertThat(verdict.headline()).contains(" · KIP-848 groups ✓ · share groups — · streams groups ✗")
                .doesNotContain("transactions v2");
    }

    private static CapabilityStatus capability(Verdict verdict, Capability capability) {
        return verdict.capabilities().stream().filter(c -> c.capability() == capability).findFirst().orElseThrow();
    }

    @Test
    void severalFailuresOfOneAreaAreGroupedInTheHeadline() {
        Verdict verdict = Certification.evaluate(ladderWith(
                check("storage.compaction.latest-value-kept").level(Level.STORAGE).outcome(Outcome.FAIL).build(),
                check("storage.compaction.tombstone-removed").level(Level.STORAGE).outcome(Outcome.FAIL).build(),
                check("storage.compaction.dirty-ratio").level(Level.STORAGE).outcome(Outcome.FAIL).build(),
                check("storage.timestamps.log-append-time").level(Level.STORAGE).outcome(Outcome.UNSUPPORTED)
                        .message("LogAppendTime refused").build()), BASELINE, Advertisement.NOTHING);

        assertThat(status(verdict, Level.STORAGE).summary()).isEqualTo(
                "compaction FAIL (3 checks), storage.timestamps.log-append-time UNSUPPORTED (LogAppendTime refused)");
        assertThat(status(verdict, Level.STORAGE).blockers()).hasSize(4);
        assertThat(verdict.headline()).contains("STORAGE — compaction FAIL (3 checks)");
    }

    @Test
    void aMultiLineMessageFromTheEndpointCannotBreakTheOneLineHeadline() {
        Verdict verdict = Certification.evaluate(ladderWith(
                check("eos.txn.init-producer-id").level(Level.EXACTLY_ONCE).outcome(Outcome.UNSUPPORTED)
                        .message("InitProducerId\nnot advertised\r\n\u001b[31mred").build()), BASELINE, Advertisement.NOTHING);

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
                Level.INGEST, Strength.MUST, java.util.Optional.empty(), List.of(), "h", CheckResult.Execution.RAN,
                Outcome.PASS,
                java.time.Duration.ofNanos(1_999_999), "", List.of());

        assertThat(result.duration()).isEqualTo(java.time.Duration.ofMillis(1));
    }
}
