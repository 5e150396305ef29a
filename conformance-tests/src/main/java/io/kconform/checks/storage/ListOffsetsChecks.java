package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.target.ApiRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * ListOffsets as the protocol defines it at every version a target advertises, and the tiered-storage sentinels
 * (KIP-405, KIP-1005, KIP-1023) where the advertised version carries them. The Admin client and the consumer ask
 * the newest version both sides know, which the checks {@code storage.log.earliest-latest-offsets} and
 * {@code storage.timestamp.*} cover; an older client, a client of another language or a connector pinned to an
 * older protocol asks older versions, and a version advertised is a promise that it is answered right.
 *
 * <p>Sent as raw requests at exact versions, to the partition's leader. Versions this build's kafka-clients cannot
 * encode (v0, removed in Apache Kafka 4.0) are not asked, and said so in the evidence.
 */
class ListOffsetsChecks {

    private static final long SECOND = 1_000L;

    /**
     * MUST: an advertised version is a claim that clients pinned to it may rely on, and a wrong earliest, latest or
     * time lookup sends their consumers to the wrong records (a replay from the wrong place, a reset to the end).
     * MAX_TIMESTAMP (KIP-734) is left to the SHOULD check {@code storage.timestamp.max-timestamp}: it is an optional
     * capability, and a bug in it (Apache Kafka 3.7's KAFKA-16310) must not cost a target STORAGE.
     */
    @Check(id = "storage.list-offsets.every-advertised-version",
            title = "ListOffsets answers earliest, latest and lookups by time (exact, between records, after the last)"
                    + " alike at every version the target advertises, on an empty and a non-empty partition",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.MUST,
            spec = {"Kafka protocol guide: ListOffsets, every version", "KIP-79 (v1, by timestamp)"},
            hint = "If this fails, look at the version named: earliest (-2) is the log start offset, latest (-1) the"
                    + " log end offset, a timestamp T the first offset stamped at or after T (offset -1 after the last"
                    + " record and on an empty partition). Every advertised version must answer alike; clients pinned"
                    + " to older versions ask them.")
    @RequiresApi(value = ApiKeys.LIST_OFFSETS, minVersion = 1)
    void everyAdvertisedVersion(CheckContext ctx) {
        String emptyTopic = ctx.createTopic("lo-versions-empty", 1, Map.of());
        String topic = ctx.createTopic("lo-versions", 1, Map.of());
        long base = (System.currentTimeMillis() - 40 * 60 * SECOND) / SECOND * SECOND;
        // Ascending but one: the largest timestamp is in the middle, so a lookup after the last record's
        // timestamp still finds a record and only one after the largest finds none.
        long[] deltas = {0, 10, 20, 90, 30, 40};
        List<StoredRecord> log = produce(ctx, topic, base, deltas);
        ctx.evidence("produced %d records at offsets %d..%d, timestamps base+%s s (base %d); %s left empty",
                log.size(), log.get(0).offset(), log.get(log.size() - 1).offset(), java.util.Arrays.toString(deltas),
                base, emptyTopic);
        long start = log.get(0).offset();
        long end = log.get(log.size() - 1).offset() + 1;
        StoredRecord newest = TimeIndex.maxTimestamp(log).orElseThrow();
        StoredRecord last = log.get(log.size() - 1);

        ApiRange range = ctx.target().facts().range(ApiKeys.LIST_OFFSETS).orElseThrow();
        short lowest = (short) Math.max(range.min(), ApiKeys.LIST_OFFSETS.oldestVersion());
        short highest = (short) Math.min(range.max(), ApiKeys.LIST_OFFSETS.latestVersion());
        if (range.min() < lowest) {
            ctx.evidence("advertised v%d-%d; %s not asked: this build's client cannot encode it", range.min(),
                    range.max(), range.min() == lowest - 1 ? "v" + range.min() : "v" + range.min() + "-" + (lowest - 1));
        }
        List<String> wrong = new ArrayList<>();
        try (LeaderWire empty = LeaderWire.leaderOf(ctx, emptyTopic); LeaderWire filled = LeaderWire.leaderOf(ctx, topic)) {
            for (short v = lowest; v <= highest; v++) {
                List<String> seen = new ArrayList<>();
                // The empty partition: earliest = latest, and no record at or after any time.
                ListOffsetsPartitionResponse emptyEarliest = ask(empty, v, ListOffsetsRequest.EARLIEST_TIMESTAMP, seen,
                        "empty earliest");
                ListOffsetsPartitionResponse emptyLatest = ask(empty, v, ListOffsetsRequest.LATEST_TIMESTAMP, seen,
                        "empty latest");
                expect(wrong, v, "empty partition: latest = earliest", emptyLatest, emptyEarliest.offset());
                expect(wrong, v, "empty partition: lookup by time (no record)", ask(empty, v, base, seen, "empty T"),
                        -1L);
                // The partition with records.
                expect(wrong, v, "earliest", ask(filled, v, ListOffsetsRequest.EARLIEST_TIMESTAMP, seen, "earliest"),
                        start);
                expect(wrong, v, "latest", ask(filled, v, ListOffsetsRequest.LATEST_TIMESTAMP, seen, "latest"), end);
                StoredRecord exact = log.get(2);
                expectRecord(wrong, v, "lookup at the exact timestamp of offset " + exact.offset(),
                        ask(filled, v, exact.timestamp(), seen, "T exact"), Optional.of(exact));
                long between = exact.timestamp() + 1;
                expectRecord(wrong, v, "lookup between two records' timestamps",
                        ask(filled, v, between, seen, "T between"), TimeIndex.earliestAtOrAfter(log, between));
                long after = newest.timestamp() + 1;
                expectRecord(wrong, v, "lookup after the largest timestamp", ask(filled, v, after, seen, "T after"),
                        Optional.empty());
                ctx.evidence("v%d: %s", v, String.join("; ", seen));
            }
        }
        ctx.evidence("expected: earliest %d, latest %d, T exact -> %d, T between -> %s, T after the largest (offset"
                + " %d, not the last record %d) -> -1", start, end, log.get(2).offset(),
                TimeIndex.earliestAtOrAfter(log, log.get(2).timestamp() + 1).map(r -> "" + r.offset()).orElse("-1"),
                newest.offset(), last.offset());
        assertThat(wrong).as("ListOffsets answers that differ from the log, by version (v%d-v%d asked)", lowest,
                highest).isEmpty();
    }

    /**
     * SHOULD: the sentinels serve tiered-storage tooling and replication, not plain consumers; a target may advertise
     * the versions without offering tiered storage, and then its answers must still be the KIPs' for an all-local log.
     */
    @Check(id = "storage.list-offsets.tiered-sentinels",
            title = "ListOffsets EARLIEST_LOCAL (-4), LATEST_TIERED (-5) and EARLIEST_PENDING_UPLOAD (-6) answer as their"
                    + " KIPs say on a topic without tiered storage, at the versions that carry them",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"KIP-405 (ListOffsets v8, EARLIEST_LOCAL_TIMESTAMP -4)",
                    "KIP-1005 (ListOffsets v9, LATEST_TIERED_TIMESTAMP -5)",
                    "KIP-1023 (ListOffsets v11, EARLIEST_PENDING_UPLOAD_TIMESTAMP -6)"},
            hint = "If this fails, look at how the target answers the tiered-storage sentinels of ListOffsets on a"
                    + " topic whose log is all local: the earliest local offset (-4) is then the log start offset,"
                    + " nothing is tiered (-5 answers offset -1), and nothing is pending upload (-6 answers offset -1)."
                    + " Each is asked only when the advertised ListOffsets version carries it.")
    @RequiresApi(value = ApiKeys.LIST_OFFSETS, minVersion = 8)
    void tieredSentinels(CheckContext ctx) {
        String topic = ctx.createTopic("lo-sentinels", 1, Map.of());
        long base = (System.currentTimeMillis() - 30 * 60 * SECOND) / SECOND * SECOND;
        List<StoredRecord> log = produce(ctx, topic, base, new long[] {0, 10, 20, 30, 40});
        long start = log.get(0).offset();
        short v = ctx.target().facts().newestCommonVersion(ApiKeys.LIST_OFFSETS);
        List<String> wrong = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        try (LeaderWire wire = LeaderWire.leaderOf(ctx, topic)) {
            ListOffsetsPartitionResponse earliest = ask(wire, v, ListOffsetsRequest.EARLIEST_TIMESTAMP, seen, "earliest");
            expect(wrong, v, "EARLIEST_LOCAL (-4), all of the log local: the log start offset",
                    ask(wire, v, ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP, seen, "earliest local (-4)"),
                    earliest.offset());
            if (v >= 9) {
                expect(wrong, v, "LATEST_TIERED (-5), nothing tiered: no offset",
                        ask(wire, v, ListOffsetsRequest.LATEST_TIERED_TIMESTAMP, seen, "latest tiered (-5)"), -1L);
            } else {
                seen.add("-5 not asked (needs v9)");
            }
            if (v >= 11) {
                expect(wrong, v, "EARLIEST_PENDING_UPLOAD (-6), nothing to upload: no offset",
                        ask(wire, v, ListOffsetsRequest.EARLIEST_PENDING_UPLOAD_TIMESTAMP, seen,
                                "earliest pending upload (-6)"), -1L);
            } else {
                seen.add("-6 not asked (needs v11)");
            }
        }
        ctx.evidence("produced %d records at %d..%d on a topic without remote storage; ListOffsets v%d: %s", log.size(),
                start, log.get(log.size() - 1).offset(), v, String.join("; ", seen));
        assertThat(wrong).as("ListOffsets v%d answers to the tiered-storage sentinels that differ from"
                + " their KIPs on an all-local log", v).isEmpty();
    }

    private static ListOffsetsPartitionResponse ask(LeaderWire wire, short version, long timestamp, List<String> seen,
                                                    String what) {
        ListOffsetsPartitionResponse answer = wire.listOffsets(0, timestamp, version);
        seen.add(what + ": " + Errors.forCode(answer.errorCode())
                + (answer.errorCode() == 0 ? " offset " + answer.offset() + " ts " + answer.timestamp() : ""));
        return answer;
    }

    private static void expect(List<String> wrong, short version, String what, ListOffsetsPartitionResponse answer,
                               long offset) {
        if (answer.errorCode() != Errors.NONE.code()) {
            wrong.add("v" + version + " " + what + ": error " + Errors.forCode(answer.errorCode()) + ", expected offset "
                    + offset);
        } else if (answer.offset() != offset) {
            wrong.add("v" + version + " " + what + ": offset " + answer.offset() + ", expected " + offset);
        }
    }

    private static void expectRecord(List<String> wrong, short version, String what,
                                     ListOffsetsPartitionResponse answer, Optional<StoredRecord> record) {
        long offset = record.map(StoredRecord::offset).orElse(-1L);
        expect(wrong, version, what, answer, offset);
        if (answer.errorCode() == Errors.NONE.code() && answer.offset() == offset && record.isPresent()
                && answer.timestamp() != record.get().timestamp()) {
            wrong.add("v" + version + " " + what + ": timestamp " + answer.timestamp() + ", expected "
                    + record.get().timestamp());
        }
    }

    /** Produces one record per delta (seconds after {@code base}) to partition 0; returns the log as acknowledged. */
    static List<StoredRecord> produce(CheckContext ctx, String topic, long base, long[] deltaSeconds) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < deltaSeconds.length; i++) {
            records.add(new ProducerRecord<>(topic, 0, base + deltaSeconds[i] * SECOND, "key-" + i, "value-" + i));
        }
        List<RecordMetadata> acks = PartitionLog.produce(ctx.producer(Map.of()), records);
        List<StoredRecord> log = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            log.add(new StoredRecord(acks.get(i).offset(), records.get(i).key(), records.get(i).value(), List.of(),
                    records.get(i).timestamp(), TimestampType.CREATE_TIME));
        }
        return log;
    }
}
