package io.kconform.checks.eos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import io.kconform.checks.faults.FaultPlan;
import io.kconform.checks.faults.FaultProxy;
import io.kconform.checks.faults.LostResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The idempotent producer under real retries (KIP-98): a Java producer with the idempotent defaults writes
 * through a {@link FaultProxy} that loses some Produce responses after the target answered them, by cutting the
 * connection. The client cannot tell an appended batch from a lost one, so it sends every batch in flight again
 * on a new connection; the target must append each batch exactly once and keep the send order. Where the
 * duplicate-batch wire check shows the rule with a hand-made retry, this one shows that the target applies it to
 * what a real client does: several batches in flight, a new connection, retries of appended and unappended
 * batches mixed.
 */
class IdempotentRetryChecks {

    /** Records sent, in batches of one or two, so that they travel in many Produce requests. */
    private static final int RECORDS = 20;
    /**
     * The Produce requests whose responses are lost: the third, while the following ones are in flight, and the
     * eighth, which is often a retry itself.
     */
    private static final FaultPlan LOSE_PRODUCE_RESPONSES = FaultPlan.none().loseResponseOf(ApiKeys.PRODUCE, 3, 8);

    @Check(id = "eos.idempotent.retry-after-lost-response-once",
            title = "An idempotent producer whose Produce responses are lost (connection cut after the target answered)"
                    + " retries, and each record is in the log once, in send order",
            battery = Battery.EOS, level = Level.INGEST, strength = Strength.MUST,
            spec = {"KIP-98 (idempotent producer, sequence numbers)", "KIP-679 (idempotence by default)"},
            hint = "If this fails, look at de-duplication across connections: producer state (the last five batches"
                    + " of each producer id and partition) must belong to the producer id, not to the connection, so"
                    + " that a batch re-sent on a new connection after a lost response is answered with its original"
                    + " offset (or DUPLICATE_SEQUENCE_NUMBER) instead of being appended again, and the batches that"
                    + " never arrived are appended in their sequence order. Records twice in the log: retries are"
                    + " appended again; records missing or out of order: the retried batches were mis-sequenced.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.PRODUCE)
    void retryAfterLostResponse(CheckContext ctx) {
        FaultProxy proxy = ctx.closeLater(FaultProxy.start(ctx.target(), LOSE_PRODUCE_RESPONSES));
        String topic = ctx.createTopic("lost-responses", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<String, Object> overrides = new HashMap<>(proxy.clientOverrides());
        overrides.putAll(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, proxy.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE,
                // tiny batches (the client fits one or two small records in a batch of batch.size=1) and no waiting:
                // the sender takes one batch per partition per request, so the records travel in many Produce
                // requests and several are in flight when one response is lost
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.BATCH_SIZE_CONFIG, 1));
        Producer<String, String> producer = ctx.defaultProducer(overrides);
        ctx.evidence("an idempotent producer (acks=all, 5 requests in flight, batch.size=1) writes %d records"
                + " to %s through a proxy (%s) that will %s", RECORDS, partition, proxy.upstreamTransport(),
                proxy.plan());

        List<String> values = new ArrayList<>();
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            values.add("value-" + i);
            futures.add(producer.send(new ProducerRecord<>(topic, partition.partition(), "key-" + i, values.get(i))));
        }
        producer.flush();
        List<Long> offsets = new ArrayList<>();
        for (Future<RecordMetadata> future : futures) {
            offsets.add(EosLog.await(future).offset());
        }
        List<LostResponse> lost = proxy.lostResponses();
        ctx.evidence("every record acknowledged, at offsets %s", offsets);
        ctx.evidence("%d Produce request(s) went through the proxy; %d connection(s) cut; responses lost: %s;"
                + " the producer's record-retry-total: %s", proxy.requests(ApiKeys.PRODUCE), proxy.connectionsCut(),
                lost, retries(producer));
        if (!proxy.problems().isEmpty()) {
            ctx.evidence("the proxy's problems: %s", proxy.problems());
        }
        if (lost.isEmpty()) {
            // every record was acknowledged in batches of one or two, so the third Produce request was answered and its
            // response reached the proxy: not losing it is the proxy's fault, not the target's
            throw new HarnessException("the fault proxy lost no Produce response although " + RECORDS + " records were"
                    + " acknowledged in " + proxy.requests(ApiKeys.PRODUCE) + " Produce request(s): the retry this"
                    + " check is about never happened");
        }

        // read from the target itself, not through the proxy
        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(Map.of()), IsolationLevel.READ_UNCOMMITTED,
                List.of(partition), TargetContext.DEFAULT_WAIT);
        ctx.evidence("read back from the target directly: %s", read.summary());
        assertThat(read.values()).as("records in the log after the retries: each once, in send order")
                .containsExactlyElementsOf(values);
        assertThat(read.complete()).as("the consumer reached the end offset").isTrue();
    }

    /** The producer's count of record retries, or "not reported" where its release has no such metric. */
    private static String retries(Producer<String, String> producer) {
        for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
            if (metric.getKey().name().equals("record-retry-total")
                    && metric.getKey().group().equals("producer-metrics")) {
                Object value = metric.getValue().metricValue();
                return value instanceof Double d ? String.valueOf(d.longValue()) : String.valueOf(value);
            }
        }
        return "not reported";
    }
}
