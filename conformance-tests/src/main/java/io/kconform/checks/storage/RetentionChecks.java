package io.kconform.checks.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Time-based retention ({@code cleanup.policy=delete}, {@code retention.ms}): segments whose newest
 * record is older than {@code retention.ms} are deleted and the log start offset moves past them,
 * while newer records stay. Retention is what bounds a log's size for an operator, and what a
 * consumer of a system of record must be able to predict: data goes when its time is up, not before.
 *
 * <p>Apache Kafka measures a record's age by its timestamp (KIP-32), so the check produces records
 * stamped 20 minutes ago on a topic with {@code retention.ms} of 5 minutes, then records stamped now:
 * the old ones are expired on arrival, the new ones must survive. {@code segment.ms=60000} makes the
 * new records start a segment of their own (their timestamps are 20 minutes after the first one), so
 * the old segment can be deleted whole.
 *
 * <p>Apache Kafka enforces retention every {@code log.retention.check.interval.ms} (5 minutes by
 * default, 5 s in kconform's embedded broker). The check reads that broker setting with
 * DescribeConfigs and chooses the topic's cleanup policy and its wait from it, as {@link RetentionPlan}
 * explains: a plain delete topic when the interval is short, otherwise a compact,delete topic, to
 * which Apache Kafka's log cleaner applies retention within seconds. Either way the wait is bounded
 * (at most {@value RetentionPlan#LONGEST_INTERVAL_SECONDS} + {@value RetentionPlan#MARGIN_SECONDS} s).
 */
class RetentionChecks {

    private static final long MINUTE = 60_000L;
    static final String RETENTION_MS = "300000";

    @Check(id = "storage.retention.time-based",
            title = "Segments older than retention.ms are deleted and the log start offset advances; newer records stay",
            battery = Battery.STORAGE, level = Level.STORAGE, strength = Strength.SHOULD,
            spec = {"Apache Kafka documentation, topic config retention.ms", "KIP-32 (retention by record timestamp)"},
            hint = "If this fails, look at the retention task: does it run (log.retention.check.interval.ms), does it"
                    + " judge a segment's age by the largest record timestamp in it (CreateTime) rather than by when it"
                    + " arrived, and does it move the log start offset (ListOffsets earliest) past deleted segments"
                    + " without touching unexpired ones.")
    @RequiresApi(ApiKeys.LIST_OFFSETS)
    void timeBased(CheckContext ctx) {
        RetentionPlan plan = RetentionPlan.forInterval(retentionCheckInterval(ctx));
        Duration wait = plan.bound();
        ctx.evidence("%s: cleanup.policy=%s, waiting at most %d s", plan.reason(), plan.cleanupPolicy(),
                wait.toSeconds());

        String topic = ctx.createTopic("retention", 1, Map.of(
                "cleanup.policy", plan.cleanupPolicy(), "retention.ms", RETENTION_MS, "segment.ms", "60000"));
        TopicPartition partition = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(Map.of());
        long old = System.currentTimeMillis() - 20 * MINUTE;
        List<ProducerRecord<String, String>> expired = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expired.add(new ProducerRecord<>(topic, 0, old + i, "expired-key-" + i, "expired-" + i));
        }
        List<RecordMetadata> expiredAcks = PartitionLog.produce(producer, expired);
        List<ProducerRecord<String, String>> recent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recent.add(new ProducerRecord<>(topic, 0, "recent-key-" + i, "recent-" + i));
        }
        List<RecordMetadata> recentAcks = PartitionLog.produce(producer, recent);
        long firstRecent = recentAcks.get(0).offset();
        long end = recentAcks.get(recentAcks.size() - 1).offset() + 1;
        ctx.evidence("retention.ms=%s: produced 10 records stamped 20 min ago at %d..%d, then 5 stamped now at %d..%d",
                RETENTION_MS, expiredAcks.get(0).offset(), firstRecent - 1, firstRecent, end - 1);

        long start = System.nanoTime();
        long earliest = PartitionLog.awaitLogStart(ctx, partition, firstRecent, wait);
        ctx.evidence("after %.1f s the log start offset is %d", (System.nanoTime() - start) / 1e9, earliest);
        assertThat(earliest).as("log start offset within %d s: the expired segment (offsets < %d) deleted, the"
                + " unexpired records kept", wait.toSeconds(), firstRecent).isEqualTo(firstRecent);

        PartitionLog.Read read = PartitionLog.readAll(ctx.consumer(Map.of()), partition, TargetContext.DEFAULT_WAIT);
        ctx.evidence("a consumer from the beginning read %s", read.summary());
        List<String> values = new ArrayList<>();
        read.records().forEach(r -> values.add(r.value()));
        assertThat(values).as("records read from the beginning after retention")
                .containsExactly("recent-0", "recent-1", "recent-2", "recent-3", "recent-4");
    }

    /** The broker's log.retention.check.interval.ms, when DescribeConfigs discloses it. */
    static OptionalLong retentionCheckInterval(CheckContext ctx) {
        try {
            Collection<Node> nodes = ctx.admin().describeCluster().nodes()
                    .get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                return OptionalLong.empty();
            }
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
            Config config = ctx.admin().describeConfigs(List.of(broker)).all()
                    .get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS).get(broker);
            ConfigEntry entry = config == null ? null : config.get("log.retention.check.interval.ms");
            if (entry == null || entry.value() == null) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(entry.value().trim()));
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            // Not disclosed (not supported, not authorized, not a number): the check waits its fixed bound.
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while describing the broker's configs", e);
        }
    }
}
