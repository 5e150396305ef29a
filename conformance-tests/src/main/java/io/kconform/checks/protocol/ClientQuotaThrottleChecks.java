package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.ChangesCluster;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.quota.ClientQuotaEntity;

/**
 * A client quota observed in its effect: a producer over its {@code producer_byte_rate} is throttled.
 * {@code protocol.admin.client-quotas} shows that a quota is stored; an endpoint that stores quotas and
 * never applies them passes that check and fails this one.
 *
 * <p>Throttling is observed as a client sees it: since KIP-219 a broker answers a Produce request that
 * takes its client over the quota at once, with the time the client must wait in {@code throttle_time_ms},
 * and the Java producer reports the largest it got as {@code produce-throttle-time-max}.
 */
class ClientQuotaThrottleChecks {

    /** The quota, bytes per second: a few KB/s, far below what one burst sends. */
    private static final double PRODUCER_BYTE_RATE = 4096;
    private static final int RECORDS_PER_BURST = 32;
    private static final int RECORD_BYTES = 4096;
    /** A quota may reach the brokers a moment after it is described; a burst too early is not throttled. */
    private static final int BURSTS = 3;

    @Check(id = "protocol.admin.client-quota-throttles",
            title = "A produce quota set for a client id throttles it: producing well above the rate is answered"
                    + " with a throttle time, and no longer once the quota is removed",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-13 (quotas)", "KIP-219 (throttle_time_ms before muting)",
                    "KIP-546 (AlterClientQuotas)"},
            hint = "With producer_byte_rate set to 4096 for a client id, a producer with that client id sending 128 KB"
                    + " at once must get Produce responses with throttle_time_ms above zero, and none once the quota"
                    + " is removed. Look at whether the quota reaches the brokers that lead the partitions, whether"
                    + " they match it against the client id of the request header, whether Produce responses carry"
                    + " the throttle time, and whether a removed quota is dropped by the brokers too.")
    @RequiresApi(value = ApiKeys.ALTER_CLIENT_QUOTAS, minVersion = 0)
    @RequiresApi(value = ApiKeys.DESCRIBE_CLIENT_QUOTAS, minVersion = 0)
    @ChangesCluster("client quotas (AlterClientQuotas on a client id of the run)")
    void produceQuotaThrottles(CheckContext ctx) {
        String topic = ctx.createTopic("throttled");
        String clientId = ctx.uniqueName("throttled-client");
        ClientQuotas quotas = new ClientQuotas(ctx.admin(), clientId);
        ClientQuotaEntity entity = quotas.entity();
        try {
            quotas.set(Map.of("producer_byte_rate", PRODUCER_BYTE_RATE));
            ctx.evidence("AlterClientQuotas for client-id %s: producer_byte_rate=%.0f, acknowledged", clientId,
                    PRODUCER_BYTE_RATE);
            // Whether the quota is stored is protocol.admin.client-quotas's to say; waiting for it to be
            // described only gives it time to reach the brokers before the check produces.
            long asked = System.nanoTime();
            Map<ClientQuotaEntity, Map<String, Double>> described = quotas.describeUntil(d -> d.containsKey(entity));
            ctx.evidence("DescribeClientQuotas (strict, client-id %s) after %d ms: %s", clientId,
                    (System.nanoTime() - asked) / 1_000_000, described);

            Producer<String, String> producer = ctx.producer(throttledProducer(clientId));
            double largest = 0;
            for (int burst = 1; burst <= BURSTS && largest <= 0; burst++) {
                long started = System.nanoTime();
                produceBurst(producer, topic);
                long millis = (System.nanoTime() - started) / 1_000_000;
                OptionalDouble max = metric(producer, "produce-throttle-time-max");
                OptionalDouble avg = metric(producer, "produce-throttle-time-avg");
                ctx.evidence("burst %d: %d records of %d bytes (client-id %s) acknowledged in %d ms;"
                        + " produce-throttle-time-max %s ms, -avg %s ms", burst, RECORDS_PER_BURST, RECORD_BYTES,
                        clientId, millis, text(max), text(avg));
                largest = max.orElse(0);
                if (largest <= 0 && burst < BURSTS) {
                    pause();
                }
            }
            assertThat(largest).as("largest throttle_time_ms of the Produce responses to client-id %s, after"
                    + " producing up to %d bursts of %d bytes under a quota of %.0f bytes/s", clientId, BURSTS,
                    RECORDS_PER_BURST * RECORD_BYTES, PRODUCER_BYTE_RATE).isGreaterThan(0);

            // Removed, the quota must stop throttling: a client id throttled for good is as wrong as one never
            // throttled. A fresh producer each time: one that was throttled waits out its throttle time first.
            quotas.remove(List.of("producer_byte_rate"));
            Map<ClientQuotaEntity, Map<String, Double>> after = quotas.describeUntil(d -> !d.containsKey(entity));
            ctx.evidence("AlterClientQuotas removed producer_byte_rate of client-id %s; DescribeClientQuotas: %s",
                    clientId, after);
            double afterRemoval = Double.MAX_VALUE;
            for (int burst = 1; burst <= BURSTS && afterRemoval > 0; burst++) {
                Producer<String, String> fresh = ctx.producer(throttledProducer(clientId));
                long started = System.nanoTime();
                produceBurst(fresh, topic);
                OptionalDouble max = metric(fresh, "produce-throttle-time-max");
                ctx.evidence("after the removal, burst %d with a new producer: acknowledged in %d ms;"
                        + " produce-throttle-time-max %s ms", burst, (System.nanoTime() - started) / 1_000_000,
                        text(max));
                afterRemoval = max.orElse(0);
                if (afterRemoval > 0 && burst < BURSTS) {
                    pause();
                }
            }
            assertThat(afterRemoval).as("largest throttle_time_ms of the Produce responses to client-id %s once its"
                    + " quota was removed", clientId).isZero();
        } finally {
            AdminObserver.quietly(() -> quotas.remove(List.of("producer_byte_rate")));
        }
    }

    /** Gives a quota change a moment more to reach the brokers, when a burst did not show it yet. */
    private static void pause() {
        TargetContext.sleep(Duration.ofMillis(500));
    }

    /**
     * The records of a burst fit one batch, which waits for {@link Producer#flush()}: they reach the
     * broker at once, not at the rate the broker would allow. Not idempotent: what is checked is the
     * quota, and an idempotent producer needs InitProducerId.
     */
    private static Map<String, Object> throttledProducer(String clientId) {
        return Map.of(ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.BATCH_SIZE_CONFIG, 2 * RECORDS_PER_BURST * RECORD_BYTES,
                ProducerConfig.LINGER_MS_CONFIG, 5_000);
    }

    private static void produceBurst(Producer<String, String> producer, String topic) {
        String value = "q".repeat(RECORD_BYTES);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < RECORDS_PER_BURST; i++) {
            sent.add(producer.send(new ProducerRecord<>(topic, value)));
        }
        producer.flush();
        for (Future<RecordMetadata> record : sent) {
            Await.result(record, TargetContext.DEFAULT_WAIT, "the acknowledgement of a record of the burst");
        }
    }

    /** A metric of the producer's own group, or empty before anything was recorded. */
    private static OptionalDouble metric(Producer<?, ?> producer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
            if (metric.getKey().name().equals(name) && metric.getKey().group().equals("producer-metrics")
                    && metric.getValue().metricValue() instanceof Double value && !value.isNaN()
                    && !value.isInfinite()) {
                return OptionalDouble.of(value);
            }
        }
        return OptionalDouble.empty();
    }

    private static String text(OptionalDouble value) {
        return value.isPresent() ? String.format(java.util.Locale.ROOT, "%.0f", value.getAsDouble()) : "none";
    }
}
