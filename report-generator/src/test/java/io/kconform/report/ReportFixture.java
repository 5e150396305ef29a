package io.kconform.report;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.Level;
import io.kconform.api.Outcome;
import io.kconform.api.Strength;
import io.kconform.report.model.Advertisement;
import io.kconform.report.model.AssessedWith;
import io.kconform.report.model.Certification;
import io.kconform.report.model.CheckResult;
import io.kconform.report.model.RunReport;
import io.kconform.report.model.TargetReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds realistic run reports for tests: the verdict is always computed by {@link Certification},
 * as the harness does, so a fixture can never hold a verdict its checks contradict.
 */
public final class ReportFixture {

    public static final String BASELINE = "Apache Kafka 4.4";
    public static final Instant STARTED = Instant.parse("2025-11-26T10:15:30.123456789Z");
    public static final Instant FINISHED = Instant.parse("2025-11-26T10:19:02.5Z");

    /** A message as a hostile or broken endpoint might send it. */
    public static final String HOSTILE_MESSAGE = "expected 1 record | got 0 <script>alert(1)</script>\nsecond line";

    private ReportFixture() {
    }

    /** A check of the battery its id names, MUST at INGEST, passing in 12 ms, until told otherwise. */
    public static CheckBuilder check(String id) {
        return new CheckBuilder(id);
    }

    public static TargetBuilder target(String name) {
        return new TargetBuilder(name);
    }

    public static RunReport run(TargetReport... targets) {
        return new RunReport(RunReport.SCHEMA_VERSION, "kconform", "0.1.0-SNAPSHOT", BASELINE, STARTED, FINISHED,
                "--battery protocol,groups,storage,eos", List.of(targets));
    }

    /**
     * Two targets: an embedded Kafka with every outcome across four batteries, a not-selected
     * check, evidence and a hostile message; and an endpoint that could not be reached at all.
     */
    public static RunReport realistic() {
        return run(reference(), unreachable());
    }

    /** The embedded target of {@link #realistic()}: certified MESSAGING, STORAGE blocked by compaction. */
    public static TargetReport reference() {
        return target("kafka-4.4")
                .check(check("protocol.api-versions.advertised").duration(4))
                .check(check("protocol.produce.acks-all").duration(87))
                .check(check("protocol.produce.idempotent").duration(130)
                        .evidence("producerId=1000 epoch=0", "sequence 0..99 accepted once"))
                .check(check("protocol.compression.zstd").strength(Strength.SHOULD).outcome(Outcome.UNSUPPORTED)
                        .message("UNSUPPORTED_COMPRESSION_TYPE for zstd"))
                .check(check("groups.offsets.commit-fetch").level(Level.MESSAGING).duration(410))
                .check(check("groups.consumer-protocol.heartbeat").level(Level.MESSAGING).strength(Strength.SHOULD)
                        .capability(Capability.KIP_848_GROUPS).outcome(Outcome.UNSUPPORTED).message("ConsumerGroupHeartbeat refused: UNSUPPORTED_VERSION"))
                .check(check("storage.replay.from-beginning").level(Level.STORAGE).duration(1_250))
                .check(check("storage.compaction.latest-value-kept").level(Level.STORAGE).outcome(Outcome.FAIL)
                        .duration(61_500).message(HOSTILE_MESSAGE)
                        .evidence("key k1: expected v3, read v1", "log start offset 0, cleaner never ran"))
                .check(check("storage.compaction.tombstone-removed").level(Level.STORAGE).outcome(Outcome.FAIL)
                        .duration(30_000).message("tombstone for k2 still present after delete.retention.ms"))
                .check(check("storage.compaction.dirty-ratio").level(Level.STORAGE).outcome(Outcome.FAIL)
                        .duration(30_000).message("segment never cleaned"))
                .check(check("storage.retention.time").level(Level.STORAGE).outcome(Outcome.SKIPPED)
                        .message("needs broker control the target does not give"))
                .check(check("storage.delete-records.low-watermark").level(Level.STORAGE).strength(Strength.SHOULD)
                        .outcome(Outcome.ERROR).duration(20_000).message("timed out creating topic in set-up"))
                .check(check("eos.txn.abort-invisible-read-committed").level(Level.EXACTLY_ONCE).duration(2_200))
                .check(check("connect.source.exactly-once").level(Level.PLATFORM).notSelected())
                .build();
    }

    /** A target that could not be started: no checks, an error, nothing assessed. */
    public static TargetReport unreachable() {
        return target("vendor-x").kind("external").description("Vendor X cloud endpoint")
                .error("connection refused: broker-1.vendor-x.internal:9092").build();
    }

    /** Builds one {@link CheckResult}. */
    public static final class CheckBuilder {
        private final String id;
        private Level level = Level.INGEST;
        private Strength strength = Strength.MUST;
        private Outcome outcome = Outcome.PASS;
        private CheckResult.Execution execution = CheckResult.Execution.RAN;
        private Optional<Capability> capability = Optional.empty();
        private Duration duration = Duration.ofMillis(12);
        private String message = "";
        private List<String> evidence = List.of();

        private CheckBuilder(String id) {
            this.id = id;
        }

        public CheckBuilder level(Level level) {
            this.level = level;
            return this;
        }

        public CheckBuilder strength(Strength strength) {
            this.strength = strength;
            return this;
        }

        public CheckBuilder outcome(Outcome outcome) {
            this.outcome = outcome;
            return this;
        }

        public CheckBuilder duration(long millis) {
            this.duration = Duration.ofMillis(millis);
            return this;
        }

        public CheckBuilder message(String message) {
            this.message = message;
            return this;
        }

        public CheckBuilder evidence(String... lines) {
            this.evidence = List.of(lines);
            return this;
        }

        /** As the harness records a check the run did not select. */
        public CheckBuilder notSelected() {
            this.execution = CheckResult.Execution.NOT_SELECTED;
            this.outcome = Outcome.SKIPPED;
            this.duration = Duration.ZERO;
            this.message = "not selected";
            return this;
        }

        /** As the harness records a selected check that never ran because the target stopped answering. */
        public CheckBuilder notRun(String reason) {
            this.execution = CheckResult.Execution.NOT_RUN;
            this.outcome = Outcome.SKIPPED;
            this.duration = Duration.ZERO;
            this.message = reason;
            return this;
        }

        /** As the harness records a selected check this deployment cannot assess (no broker control, ...). */
        public CheckBuilder notAssessableHere(String reason) {
            this.execution = CheckResult.Execution.NOT_ASSESSABLE_HERE;
            this.outcome = Outcome.SKIPPED;
            this.message = reason;
            return this;
        }

        /** A check of an optional capability. */
        public CheckBuilder capability(Capability capability) {
            this.capability = Optional.of(capability);
            return this;
        }

        public CheckResult build() {
            Battery battery = Battery.fromId(id.substring(0, id.indexOf('.')));
            return new CheckResult(id, "Verifies " + id.substring(id.indexOf('.') + 1).replace('.', ' ') + ".",
                    battery, level, strength, capability, List.of("KIP-98", "Produce v3+"),
                    "Look at how " + id + " is implemented.", execution, outcome, duration, message, evidence);
        }
    }

    /** Builds one {@link TargetReport}, its verdict computed from its checks. */
    public static final class TargetBuilder {
        private static final Map<String, Short> FEATURES = Map.of("metadata.version", (short) 27,
                "transaction.version", (short) 2);
        private final String name;
        private String kind = "embedded";
        private String description = "Apache Kafka 4.4.0, KRaft, 1 broker";
        private String error;
        private AssessedWith assessedWith = AssessedWith.currentClients();
        private final List<CheckResult> checks = new ArrayList<>();

        private TargetBuilder(String name) {
            this.name = name;
        }

        public TargetBuilder kind(String kind) {
            this.kind = kind;
            return this;
        }

        public TargetBuilder description(String description) {
            this.description = description;
            return this;
        }

        public TargetBuilder error(String error) {
            this.error = error;
            return this;
        }

        /** Which Java clients assessed the target; the current ones by default. */
        public TargetBuilder assessedWith(AssessedWith assessedWith) {
            this.assessedWith = assessedWith;
            return this;
        }

        public TargetBuilder check(CheckBuilder check) {
            checks.add(check.build());
            return this;
        }

        public TargetBuilder check(CheckResult check) {
            checks.add(check);
            return this;
        }

        public TargetReport build() {
            if (error != null) {
                return new TargetReport(name, kind, description, "", null, List.of(), Map.of(), Map.of(),
                        "kconform-20251126-ab12", Optional.of(error), Certification.unavailable(error, BASELINE),
                        List.of(), Duration.ofMillis(3_004));
            }
            Map<String, String> apis = new LinkedHashMap<>();
            apis.put("Produce", "3-13");
            apis.put("Fetch", "4-18");
            apis.put("ListOffsets", "1-10");
            apis.put("Metadata", "0-13");
            apis.put("InitProducerId", "0-6");
            return new TargetReport(name, kind, description, "sha256:9f86d081884c7d65", "q1Sh-9_ISia_zwGINzRvyQ",
                    List.of("1@localhost:39092"), apis, FEATURES, "kconform-20251126-ab12", Optional.empty(),
                    Certification.evaluate(checks, BASELINE, new Advertisement(apis, FEATURES), assessedWith), checks,
                    Duration.ofMillis(211_377), assessedWith);
        }
    }
}
