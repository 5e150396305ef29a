package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.HarnessException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.FetchMetadata;

/**
 * What a Fetch promises about time and size: it waits for {@code min_bytes} up to {@code max_wait_ms} (long polling:
 * a consumer neither spins on an empty log nor waits past its bound), it returns at most {@code max_bytes} in all and
 * {@code partition_max_bytes} per partition (a consumer's memory bound, {@code fetch.max.bytes} and
 * {@code max.partition.fetch.bytes}), except that the first batch of the first partition with data is returned
 * whole even when it alone is larger (KIP-74), so that a consumer can always make progress.
 *
 * <p>All three are at MESSAGING, since every consumer relies on them. Only the oversized batch is a MUST: a target
 * that withholds it leaves the consumer stuck at that offset forever. Waiting and limits are SHOULD: getting them
 * wrong costs a consumer CPU, network or memory, but loses or reorders nothing. Waits are asserted with a tolerance
 * of a factor of three or more, never tightly.
 */
class FetchLimitChecks {

    private static final int MAX_WAIT_MS = 1500;
    private static final int LONG_WAIT_MS = 10_000;
    private static final int LIMIT = 1024 * 1024;

    /**
     * SHOULD, at MESSAGING: answering at once makes idle consumers spin and waiting too long makes them late, but
     * neither loses or reorders a record.
     */
    @Check(id = "storage.fetch.min-bytes-max-wait",
            title = "A fetch waits for min_bytes up to max_wait_ms: on an empty log it answers after about max_wait_ms,"
                    + " with too little data it waits and then returns what there is, and a record arriving ends the wait",
            battery = Battery.STORAGE, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: Fetch (max_wait_ms, min_bytes)", "Consumer configs fetch.min.bytes and"
                    + " fetch.max.wait.ms"},
            hint = "If this fails, look at how the target delays Fetch answers: with fewer than min_bytes available it"
                    + " must hold the answer until enough arrive or max_wait_ms passes, then answer with what it has. An"
                    + " answer at once makes every idle consumer spin; one that ignores new records makes it late.")
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void minBytesMaxWait(CheckContext ctx) {
        String topic = ctx.createTopic("fetch-wait", 1, Map.of());
        List<String> wrong = new ArrayList<>();
        try (LeaderWire wire = LeaderWire.leaderOf(ctx, topic)) {
            long start = wire.listOffsets(0, -1L, ctx.target().facts().newestCommonVersion(ApiKeys.LIST_OFFSETS))
                    .offset();
            // Empty: nothing to return, so the answer comes after about max_wait_ms.
            RawFetch.Answer empty = RawFetch.fetch(ctx, wire, FetchMetadata.LEGACY, Map.of(0, start), List.of(),
                    MAX_WAIT_MS, 1, LIMIT, LIMIT);
            ctx.evidence("fetch of the empty partition at %d, min_bytes 1, max_wait_ms %d: %s", start, MAX_WAIT_MS,
                    empty.summary());
            expectWaited(wrong, "empty partition", empty, MAX_WAIT_MS);

            // Too little: 2 small records, min_bytes 64 KiB; the answer waits, then brings them.
            PartitionProduceResponse produced = wire.produce(ctx, 0, RawFetch.batch("small", 2, 10), (short) -1);
            assertThat(Errors.forCode(produced.errorCode())).as("error of the Produce of 2 small records")
                    .isEqualTo(Errors.NONE);
            RawFetch.Answer little = RawFetch.fetch(ctx, wire, FetchMetadata.LEGACY, Map.of(0, start), List.of(),
                    MAX_WAIT_MS, 64 * 1024, LIMIT, LIMIT);
            ctx.evidence("2 small records written; fetch at %d, min_bytes 65536, max_wait_ms %d: %s", start, MAX_WAIT_MS,
                    little.summary());
            expectWaited(wrong, "fewer bytes than min_bytes", little, MAX_WAIT_MS);
            if (!little.offsets(0).equals(List.of(start, start + 1))) {
                wrong.add("fewer bytes than min_bytes: after the wait, offsets " + little.offsets(0)
                        + " returned, expected the 2 records there are");
            }

            // A record arriving during a long wait ends it.
            long end = start + 2;
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    Thread.sleep(700);
                    PartitionLog.produce(ctx.producer(Map.of()), List.of(new ProducerRecord<>(topic, 0, "late", "late")));
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "kconform-fetch-wait-writer");
            writer.setDaemon(true);
            writer.start();
            RawFetch.Answer woken = RawFetch.fetch(ctx, wire, FetchMetadata.LEGACY, Map.of(0, end), List.of(),
                    LONG_WAIT_MS, 1, LIMIT, LIMIT);
            join(writer);
            ctx.evidence("fetch at the log end %d, min_bytes 1, max_wait_ms %d, one record written after 0.7 s: %s",
                    end, LONG_WAIT_MS, woken.summary());
            if (failure.get() != null) {
                throw new HarnessException("the record meant to end the wait was not written: " + failure.get(),
                        failure.get());
            }
            if (woken.millis() > LONG_WAIT_MS / 2 || !woken.offsets(0).equals(List.of(end))) {
                wrong.add("a record arriving after 0.7 s of a " + LONG_WAIT_MS + " ms wait: answered after "
                        + woken.millis() + " ms with offsets " + woken.offsets(0) + ", expected the new record at " + end
                        + " within " + LONG_WAIT_MS / 2 + " ms");
            }
        }
        assertThat(wrong).as("Fetch answers that do not wait for min_bytes up to max_wait_ms").isEmpty();
    }

    /**
     * SHOULD, at MESSAGING: the limits bound a consumer's memory; exceeding them costs memory, not data.
     */
    @Check(id = "storage.fetch.max-bytes-obeyed",
            title = "A fetch returns at most max_bytes in all and at most partition_max_bytes per partition, while"
                    + " returning data",
            battery = Battery.STORAGE, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-74 (Fetch v3 max_bytes)", "Kafka protocol guide: Fetch (max_bytes, partition_max_bytes)",
                    "Consumer configs fetch.max.bytes and max.partition.fetch.bytes"},
            hint = "If this fails, look at how the target sizes a Fetch answer: the records of all partitions together"
                    + " stay within max_bytes and each partition's within its partition_max_bytes (unless the first"
                    + " batch alone is larger, KIP-74). Consumers size their memory by these limits.")
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    void maxBytesObeyed(CheckContext ctx) {
        String topic = ctx.createTopic("fetch-max-bytes", FetchSessionChecks.partitionsFor(ctx, 3), Map.of());
        List<String> wrong = new ArrayList<>();
        try (LeaderWire wire = LeaderWire.leaderOfSome(ctx, topic, 3)) {
            Map<Integer, Long> starts = new LinkedHashMap<>();
            int batchBytes = 0;
            for (int p : wire.partitions()) {
                for (int i = 0; i < 8; i++) {
                    var batch = RawFetch.batch("p" + p + "-" + i, 1, 1000);
                    batchBytes = batch.sizeInBytes();
                    PartitionProduceResponse produced = wire.produce(ctx, p, batch, (short) -1);
                    assertThat(Errors.forCode(produced.errorCode())).as("error of a Produce to partition %d", p)
                            .isEqualTo(Errors.NONE);
                    starts.putIfAbsent(p, produced.baseOffset());
                }
            }
            ctx.evidence("partitions %s: 8 batches of one 1000-byte record each (%d bytes a batch)", wire.partitions(),
                    batchBytes);

            int maxBytes = 3000;
            RawFetch.Answer total = RawFetch.fetch(ctx, wire, FetchMetadata.LEGACY, starts, List.of(), 100, 1, maxBytes,
                    LIMIT);
            int sum = wire.partitions().stream().mapToInt(total::bytes).sum();
            ctx.evidence("fetch of all 3 from their start, max_bytes %d, partition_max_bytes %d: %d bytes in all; %s",
                    maxBytes, LIMIT, sum, total.summary());
            if (sum > maxBytes) {
                wrong.add("max_bytes " + maxBytes + ": " + sum + " bytes of records returned");
            }
            if (sum == 0) {
                wrong.add("max_bytes " + maxBytes + ": no records returned, though every partition has data");
            }

            int partitionMax = 2500;
            RawFetch.Answer each = RawFetch.fetch(ctx, wire, FetchMetadata.LEGACY, starts, List.of(), 100, 1, LIMIT,
                    partitionMax);
            ctx.evidence("fetch of all 3 from their start, max_bytes %d, partition_max_bytes %d: %s", LIMIT, partitionMax,
                    each.summary());
            for (int p : wire.partitions()) {
                if (each.bytes(p) > partitionMax) {
                    wrong.add("partition_max_bytes " + partitionMax + ": partition " + p + " returned " + each.bytes(p)
                            + " bytes");
                } else if (each.offsets(p).isEmpty()) {
                    wrong.add("partition_max_bytes " + partitionMax + ": partition " + p + " returned no whole batch,"
                            + " though its batches are " + batchBytes + " bytes each");
                }
            }
        }
        assertThat(wrong).as("Fetch answers beyond the byte limits asked for").isEmpty();
    }

    /**
     * MUST, at MESSAGING: withholding a batch larger than the limits leaves a consumer asking for the same offset
     * forever, with the default limits as soon as one batch exceeds 1 MiB.
     */
    @Check(id = "storage.fetch.oversized-first-batch-returned",
            title = "A batch larger than max_bytes and partition_max_bytes is still returned whole when it is the first"
                    + " to fetch, so a consumer never gets stuck",
            battery = Battery.STORAGE, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"KIP-74 (\"the first message of the first non-empty partition is returned even if larger\")"},
            hint = "If this fails, look at how the target applies the byte limits to a first batch larger than them:"
                    + " it must return that batch whole (only it), or the consumer asks for the same offset forever."
                    + " An empty answer or a cut batch (which the consumer cannot decode) both leave it stuck.")
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    void oversizedFirstBatchReturned(CheckContext ctx) {
        String topic = ctx.createTopic("fetch-oversized", FetchSessionChecks.partitionsFor(ctx, 2), Map.of());
        int valueBytes = 20_000;
        int limit = 1000;
        List<String> wrong = new ArrayList<>();
        try (LeaderWire wire = LeaderWire.leaderOfSome(ctx, topic, 2)) {
            Map<Integer, Long> starts = new LinkedHashMap<>();
            for (int p : wire.partitions()) {
                PartitionProduceResponse produced = wire.produce(ctx, p, RawFetch.batch("big-" + p, 1, valueBytes),
                        (short) -1);
                assertThat(Errors.forCode(produced.errorCode())).as("error of the Produce of a %d-byte record to"
                        + " partition %d", valueBytes, p).isEqualTo(Errors.NONE);
                starts.put(p, produced.baseOffset());
            }
            int first = wire.partitions().get(0);
            RawFetch.Answer alone = RawFetch.fetch(ctx, wire, FetchMetadata.LEGACY, Map.of(first, starts.get(first)),
                    List.of(), 100, 1, LIMIT, limit);
            ctx.evidence("one batch of one %d-byte record in each of partitions %s; fetch of partition %d alone,"
                    + " partition_max_bytes %d: %s; value sizes %s", valueBytes, wire.partitions(), first, limit,
                    alone.summary(), RawFetch.valueSizes(alone, first));
            if (!RawFetch.valueSizes(alone, first).equals(List.of(valueBytes)) || !valid(alone, first)) {
                wrong.add("partition_max_bytes " + limit + ", one partition: value sizes "
                        + RawFetch.valueSizes(alone, first) + " in whole batches, expected the one " + valueBytes
                        + "-byte record whole");
            }
            RawFetch.Answer both = RawFetch.fetch(ctx, wire, FetchMetadata.LEGACY, starts, List.of(), 100, 1, limit,
                    limit);
            ctx.evidence("fetch of both, max_bytes %d and partition_max_bytes %d: %s", limit, limit, both.summary());
            boolean progress = wire.partitions().stream().anyMatch(p -> RawFetch.valueSizes(both, p)
                    .equals(List.of(valueBytes)) && valid(both, p));
            if (!progress) {
                wrong.add("max_bytes and partition_max_bytes " + limit + ", two partitions: no partition returned its"
                        + " first batch whole: " + both.summary());
            }
        }
        assertThat(wrong).as("Fetch answers that withhold a first batch larger than the limits").isEmpty();
    }

    private static boolean valid(RawFetch.Answer answer, int partition) {
        return answer.batches(partition).stream().allMatch(RecordBatch::isValid);
    }

    private static void expectWaited(List<String> wrong, String when, RawFetch.Answer answer, int maxWaitMs) {
        if (answer.error() != Errors.NONE) {
            wrong.add(when + ": " + answer.summary() + ", expected NONE");
        } else if (answer.millis() < maxWaitMs / 3) {
            wrong.add(when + ": answered after " + answer.millis() + " ms, expected about max_wait_ms " + maxWaitMs
                    + " (at least " + maxWaitMs / 3 + ")");
        } else if (answer.millis() > maxWaitMs * 5L) {
            wrong.add(when + ": answered after " + answer.millis() + " ms, expected about max_wait_ms " + maxWaitMs
                    + " (at most " + maxWaitMs * 5 + ")");
        }
    }

    private static void join(Thread writer) {
        try {
            writer.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while writing the record that ends the wait", e);
        }
    }
}
