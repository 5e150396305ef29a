package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Produce with each acks mode, then read the whole topic back: every record must be there once, on
 * the partition its key chose, in the order it was sent, and, where the producer was told an offset,
 * at that offset. This is the on-ramp every Kafka client relies on; a target that acknowledges
 * writes it then loses is the worst outcome a user can meet.
 */
class ProduceAcksChecks {

    private static final int RECORDS = 600;
    private static final int PARTITIONS = 3;
    private static final int KEYS = 25;
    /** Padding so that records fill several batches per partition rather than one. */
    private static final String PADDING = "x".repeat(120);

    /**
     * acks=0: the producer hears nothing back, so it is the target's word alone that the records were
     * written. They must all be readable, in order; offsets are unknown to the producer, so only their
     * monotonicity is checked. A target that drops them has lost data: FAIL.
     */
    @Check(id = "protocol.produce.acks-0",
            title = "Records produced with acks=0 are all written, once, in order, on their key's partition",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"Kafka protocol guide: Produce (acks)", "KIP-98"},
            hint = "With acks=0 the target sends no response; check that it still appends the batch, and that"
                    + " it does not close the connection or wait for a response slot before reading the next request.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void acks0(CheckContext ctx) {
        produceAndReadBack(ctx, "0", Map.of(ProducerConfig.ACKS_CONFIG, "0",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false));
    }

    /** acks=1: the leader's acknowledgement carries the offset, which the fetched record must have. */
    @Check(id = "protocol.produce.acks-1",
            title = "Records acknowledged with acks=1 are all fetched back at their acknowledged offsets, in order",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"Kafka protocol guide: Produce (acks)"},
            hint = "Compare the base offset in the Produce response with the offsets Fetch returns; check that"
                    + " the leader appends before acknowledging.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void acks1(CheckContext ctx) {
        // one request in flight: with idempotence off a retry could reorder, which is the client's doing
        produceAndReadBack(ctx, "1", Map.of(ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1));
    }

    /**
     * acks=all with the Java client's defaults (KIP-679): the durable mode every modern producer uses.
     * The producer is idempotent, as by default, where the target offers InitProducerId; without it the
     * check still tests acks=all, and the missing idempotence is eos.idempotent.default-producer's finding.
     */
    @Check(id = "protocol.produce.acks-all",
            title = "Records acknowledged with acks=all are all fetched back at their acknowledged offsets, in order",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MUST,
            spec = {"Kafka protocol guide: Produce (acks)", "KIP-679", "KIP-98"},
            hint = "acks=all is acknowledged after the in-sync replicas have the batch; where the target offers"
                    + " InitProducerId the producer is idempotent (the Java default), so sequence numbers must"
                    + " work too.")
    @RequiresApi(value = ApiKeys.PRODUCE, minVersion = 3)
    @RequiresApi(value = ApiKeys.FETCH, minVersion = 4)
    void acksAll(CheckContext ctx) {
        produceAndReadBack(ctx, "all", Map.of(ProducerConfig.ACKS_CONFIG, "all"));
    }

    private static void produceAndReadBack(CheckContext ctx, String acks, Map<String, Object> producerConfig) {
        String topic = ctx.createTopic("acks-" + acks, PARTITIONS, Map.of());
        List<RecordComparison.Rec> produced = new ArrayList<>();
        if (acks.equals("0")) {
            produced.addAll(primeEachPartition(ctx, topic));
        }
        Producer<String, String> producer = ctx.producer(producerConfig);
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String key = "key-" + (i % KEYS);
            String value = String.format("value-%04d-%s", i, PADDING);
            keys.add(key);
            values.add(value);
            sends.add(producer.send(new ProducerRecord<>(topic, key, value)));
        }
        producer.flush();
        for (int i = 0; i < RECORDS; i++) {
            RecordMetadata metadata = ReadBack.await(sends.get(i));
            long offset = metadata.hasOffset() ? metadata.offset() : -1;
            produced.add(new RecordComparison.Rec(metadata.partition(), offset, keys.get(i), values.get(i)));
        }
        ctx.evidence("produced %d records with %d keys to %d partitions, acks=%s, %s", RECORDS, KEYS, PARTITIONS, acks,
                describeAcknowledged(produced.subList(produced.size() - RECORDS, produced.size())));

        List<ConsumerRecord<String, String>> fetched = ReadBack.readAll(ctx, ctx.consumer(Map.of()), topic, PARTITIONS,
                produced.size());
        List<RecordComparison.Rec> got = fetched.stream()
                .map(r -> new RecordComparison.Rec(r.partition(), r.offset(), r.key(), r.value())).toList();
        List<String> problems = RecordComparison.problems(produced, got);
        problems.forEach(p -> ctx.evidence("anomaly: %s", p));
        assertThat(problems).as("anomalies between the %d records produced with acks=%s and the %d fetched back",
                produced.size(), acks, got.size()).isEmpty();
    }

    /**
     * One acknowledged record per partition before the acks=0 records. Metadata may name a new partition's
     * leader a moment before that leader takes writes (Apache Kafka's KRaft brokers publish the metadata
     * before the replica becomes leader), and a Produce with acks=0 that is refused is not answered: the
     * broker closes the connection and the records are gone, as the protocol prescribes for acks=0. An
     * acknowledged write first shows that every partition takes writes, so what is lost after it is lost by
     * the target, not by the check's timing. The primer records are compared with the rest.
     */
    private static List<RecordComparison.Rec> primeEachPartition(CheckContext ctx, String topic) {
        Producer<String, String> primer = ctx.producer(Map.of(ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false));
        List<RecordComparison.Rec> primed = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            String key = "primer-" + partition;
            RecordMetadata metadata = ReadBack.await(primer.send(new ProducerRecord<>(topic, partition, key, key)));
            primed.add(new RecordComparison.Rec(partition, metadata.offset(), key, key));
        }
        primer.close();
        ctx.evidence("one record per partition acknowledged with acks=1 before the acks=0 records: %s", primed);
        return primed;
    }

    private static String describeAcknowledged(List<RecordComparison.Rec> produced) {
        StringBuilder text = new StringBuilder();
        RecordComparison.byPartition(produced).forEach((partition, records) -> {
            long first = records.get(0).offset();
            long last = records.get(records.size() - 1).offset();
            text.append(text.length() == 0 ? "" : ", ").append('p').append(partition).append(": ")
                    .append(records.size()).append(" records");
            if (first >= 0) {
                text.append(" acknowledged at ").append(first).append('-').append(last);
            }
        });
        return text.length() == 0 ? "nothing acknowledged" : text.toString();
    }
}
