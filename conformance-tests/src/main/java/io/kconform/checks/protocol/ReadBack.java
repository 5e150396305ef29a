package io.kconform.checks.protocol;

import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Reads a whole topic back, to the end of its log, so that lost and duplicated records both show:
 * waiting for a fixed count would hide duplicates, reading for a fixed time would be slow.
 */
final class ReadBack {

    private ReadBack() {
    }

    /**
     * Assigns every partition of {@code topic}, waits (bounded) until the log holds at least
     * {@code expected} records in total, then reads from the beginning to the end offsets; on a target
     * without ListOffsets, from offset 0 to the high watermarks Fetch reports.
     *
     * @return everything read, in the order the consumer returned it; the caller compares it
     */
    static <K, V> List<ConsumerRecord<K, V>> readAll(CheckContext ctx, Consumer<K, V> consumer, String topic,
                                                     int partitions, int expected) {
        List<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        if (!ctx.target().facts().advertises(ApiKeys.LIST_OFFSETS)) {
            return readToHighWatermarks(ctx, consumer, tps, expected);
        }
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        Map<TopicPartition, Long> ends = consumer.endOffsets(tps, TargetContext.DEFAULT_WAIT);
        while (total(ends) < expected && System.nanoTime() < deadline) {
            TargetContext.sleep(Duration.ofMillis(250));
            ends = consumer.endOffsets(tps, TargetContext.DEFAULT_WAIT);
        }
        Map<TopicPartition, Long> target = ends;
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        while (!reached(consumer, target) && System.nanoTime() < deadline + TargetContext.DEFAULT_WAIT.toNanos()) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        Map<Integer, Long> endByPartition = new TreeMap<>();
        target.forEach((tp, end) -> endByPartition.put(tp.partition(), end));
        ctx.evidence("log end offsets by partition %s (%d records, %d expected); fetched %d records", endByPartition,
                total(target), expected, records.size());
        return records;
    }

    /**
     * Reading back without ListOffsets, which the checks that use this class need only to find the ends of
     * the log: the topic is the check's own and new, so it starts at offset 0, and each Fetch answer
     * carries the partition's high watermark, which tells the consumer when it has read everything
     * ({@link Consumer#currentLag}). Reads until every partition's lag is 0 with at least {@code expected}
     * records, or the wait ends.
     */
    private static <K, V> List<ConsumerRecord<K, V>> readToHighWatermarks(CheckContext ctx, Consumer<K, V> consumer,
                                                                          List<TopicPartition> tps, int expected) {
        consumer.assign(tps);
        tps.forEach(tp -> consumer.seek(tp, 0));
        long deadline = System.nanoTime() + 2 * TargetContext.DEFAULT_WAIT.toNanos();
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        do {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        } while (!(records.size() >= expected && caughtUp(consumer, tps)) && System.nanoTime() < deadline);
        Map<Integer, Long> positions = new TreeMap<>();
        tps.forEach(tp -> positions.put(tp.partition(), consumer.position(tp, TargetContext.DEFAULT_WAIT)));
        ctx.evidence("the target does not advertise ListOffsets: read from offset 0 up to each partition's high"
                + " watermark as Fetch reports it; positions by partition %s, %s; fetched %d records, %d expected",
                positions, caughtUp(consumer, tps) ? "no lag left" : "lag left when the wait ended", records.size(),
                expected);
        return records;
    }

    private static <K, V> boolean caughtUp(Consumer<K, V> consumer, List<TopicPartition> tps) {
        return tps.stream().allMatch(tp -> fetchedLag(consumer, tp).orElse(-1) == 0);
    }

    /**
     * The consumer's lag as its latest Fetch answer measured it, empty before the first answer for the
     * partition: asked before that, the Java client tries ListOffsets, which this target refuses.
     */
    private static <K, V> OptionalLong fetchedLag(Consumer<K, V> consumer, TopicPartition tp) {
        try {
            return consumer.currentLag(tp);
        } catch (UnsupportedVersionException noListOffsets) {
            return OptionalLong.empty();
        }
    }

    /** The result of a send, with the cause of a failed send rethrown as it is, for the outcome classifier. */
    static <T> T await(Future<T> future) {
        return Await.result(future, "an acknowledgement");
    }

    private static <K, V> boolean reached(Consumer<K, V> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), TargetContext.DEFAULT_WAIT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static long total(Map<TopicPartition, Long> ends) {
        return ends.values().stream().mapToLong(Long::longValue).sum();
    }
}
