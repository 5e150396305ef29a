package io.kconform.checks.streams;

import io.kconform.api.context.CheckContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads an application's output topic from the beginning, as a downstream consumer of an exactly-once
 * application would: {@code read_committed}, so that only committed transactions are seen (or
 * {@code read_uncommitted}, to see what the target exposes of aborted ones). Reading continues across
 * calls: each call adds what arrived since the last.
 */
final class OutputReader {

    /** After the expected count arrived, how long to keep reading for records that should not be there. */
    static final Duration QUIET = Duration.ofSeconds(1);

    private final Consumer<String, String> consumer;
    private final List<OutputRecord> received = new ArrayList<>();

    OutputReader(CheckContext ctx, String topic, boolean readCommitted) {
        this.consumer = consumer(ctx, readCommitted);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads the given partitions only, from the beginning. */
    OutputReader(CheckContext ctx, List<TopicPartition> partitions, boolean readCommitted) {
        this.consumer = consumer(ctx, readCommitted);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private static Consumer<String, String> consumer(CheckContext ctx, boolean readCommitted) {
        return ctx.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                readCommitted ? "read_committed" : "read_uncommitted"));
    }

    /**
     * Reads until at least {@code count} records arrived in total or {@code wait} ends, then for
     * {@link #QUIET} more, so that duplicates right behind the expected records are seen too. Ends at
     * once if the application stopped.
     *
     * @param app the application writing the topic, or {@code null}
     * @return everything received so far, in the order the consumer returned it
     */
    List<OutputRecord> readAtLeast(int count, StreamsApp app, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            pollOnce();
            if (app != null) {
                app.ensureAlive();
            }
        }
        long quietEnd = System.nanoTime() + QUIET.toNanos();
        while (System.nanoTime() < quietEnd) {
            pollOnce();
        }
        return List.copyOf(received);
    }

    /**
     * Reads until at least {@code count} records arrived in total or {@code wait} ends, without the quiet
     * period of {@link #readAtLeast}: for a check that goes on to its next phase once an expected output
     * arrived, and looks for extra records at the end. Ends at once if the application stopped.
     */
    List<OutputRecord> readUntil(int count, StreamsApp app, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            pollOnce();
            if (app != null) {
                app.ensureAlive();
            }
        }
        return List.copyOf(received);
    }

    /**
     * Reads until the consumer's position reached the end of every partition (for {@code read_committed}
     * the last stable offset), or {@code wait} ends.
     */
    List<OutputRecord> readToEnd(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), wait);
        while (System.nanoTime() < deadline && !reached(ends)) {
            pollOnce();
        }
        return List.copyOf(received);
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void pollOnce() {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
            received.add(new OutputRecord(record.key(), record.value(), record.timestamp()));
        }
    }
}
