package io.kconform.checks.connect;

import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/** End offsets of topics and committed offsets of groups, asked through the Admin API. */
final class TopicOffsets {

    private TopicOffsets() {
    }

    /** The end offset (high watermark) of each partition of {@code topic}, by partition. */
    static Map<Integer, Long> end(Admin admin, String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = get(admin.listOffsets(request).all());
        Map<Integer, Long> end = new TreeMap<>();
        answer.forEach((tp, info) -> end.put(tp.partition(), info.offset()));
        return end;
    }

    /** The offsets {@code group} committed for {@code topic}, by partition; empty when none. */
    static Map<Integer, Long> committed(Admin admin, String group, String topic) {
        Map<TopicPartition, OffsetAndMetadata> offsets = get(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata());
        return offsets.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset(), (a, b) -> b,
                        TreeMap::new));
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // The target's error stays in the cause chain, where the outcome is read from.
            throw new IllegalStateException("the target answered an Admin request with " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("the target did not answer within "
                    + TargetContext.DEFAULT_WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while asking the target for offsets", e);
        }
    }
}
