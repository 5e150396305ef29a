package io.kconform.checks.streams;

import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Writes a check's input to the target and reads back what the target says about the application's
 * progress (end offsets, the group's committed offsets).
 */
final class TargetIo {

    private TargetIo() {
    }

    /**
     * Writes the records, in list order, with their timestamps and partitions, and waits until each is
     * acknowledged. The input producer does not use idempotence, so that writing the input does not
     * depend on the transactional machinery the Streams application exercises: a target whose
     * InitProducerId misbehaves fails in the application, where the check looks, not in its set-up.
     * {@code acks=all} and one request in flight keep the order and the durability.
     */
    static void produce(CheckContext ctx, List<InputRecord> records) {
        Producer<String, String> producer = ctx.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1));
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (InputRecord record : records) {
            sent.add(producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(),
                    record.key(), record.value())));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : sent) {
            await(ack, "producing the input");
        }
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * The end offset of every partition of the topics that holds records: the position an application
     * that consumed them all has committed. Empty partitions are left out, since nothing is committed
     * for a partition nothing was read from.
     */
    static Map<TopicPartition, Long> endOffsetsOfNonEmpty(CheckContext ctx, Collection<String> topics) {
        Map<TopicPartition, Long> ends = endOffsets(ctx, topics);
        ends.values().removeIf(end -> end == 0L);
        return ends;
    }

    /** The end offset of every partition of the topics (the high watermark). */
    static Map<TopicPartition, Long> endOffsets(CheckContext ctx, Collection<String> topics) {
        return offsets(ctx, topics, OffsetSpec.latest(), "end");
    }

    /**
     * The log start offset of every partition of the topics: above 0 once the target removed records
     * (retention, DeleteRecords).
     */
    static Map<TopicPartition, Long> startOffsets(CheckContext ctx, Collection<String> topics) {
        return offsets(ctx, topics, OffsetSpec.earliest(), "start");
    }

    private static Map<TopicPartition, Long> offsets(CheckContext ctx, Collection<String> topics, OffsetSpec spec,
                                                     String which) {
        Map<String, TopicDescription> descriptions = await(ctx.admin().describeTopics(topics).allTopicNames(),
                "describing " + topics);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        descriptions.values().forEach(d -> d.partitions().forEach(
                p -> request.put(new TopicPartition(d.name(), p.partition()), spec)));
        Map<TopicPartition, Long> offsets = new TreeMap<>(TargetIo::compare);
        await(ctx.admin().listOffsets(request).all(), "listing " + which + " offsets of " + topics)
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** The offsets the group committed for the given partitions (absent ones as -1). */
    static Map<TopicPartition, Long> committedOffsets(CheckContext ctx, String groupId,
                                                      Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = await(ctx.admin()
                .listConsumerGroupOffsets(groupId, new ListConsumerGroupOffsetsOptions().requireStable(true))
                .partitionsToOffsetAndMetadata(), "listing the committed offsets of " + groupId);
        Map<TopicPartition, Long> offsets = new TreeMap<>(TargetIo::compare);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            offsets.put(partition, offset == null ? -1L : offset.offset());
        }
        return offsets;
    }

    /**
     * Waits until the group has committed exactly {@code expected} (the application consumed its input
     * up to there), or the wait ends; returns the last offsets seen, for the check to compare.
     */
    static Map<TopicPartition, Long> awaitCommitted(CheckContext ctx, StreamsApp app, String groupId,
                                                    Map<TopicPartition, Long> expected, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<TopicPartition, Long> seen = committedOffsets(ctx, groupId, expected.keySet());
        while (!seen.equals(expected) && System.nanoTime() < deadline) {
            if (app != null) {
                app.ensureAlive();
            }
            TargetContext.sleep(Duration.ofMillis(100));
            seen = committedOffsets(ctx, groupId, expected.keySet());
        }
        return seen;
    }

    static int compare(TopicPartition a, TopicPartition b) {
        int byTopic = a.topic().compareTo(b.topic());
        return byTopic != 0 ? byTopic : Integer.compare(a.partition(), b.partition());
    }

    static <T> T await(Future<T> future, String what) {
        try {
            return future.get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // the target's own error, whole, for the outcome classifier
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new HarnessException(what + " failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException(what + " took more than " + TargetContext.DEFAULT_WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while " + what, e);
        }
    }
}
