package io.kconform.checks.eos;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * The idempotent producer (KIP-98): every Java producer since Kafka 3.0 is idempotent by default
 * (KIP-679), so a target that cannot serve it fails the most ordinary client. The broker keeps, per
 * producer id and partition, the sequence numbers of the last batches, so that a batch a client
 * re-sends after a lost response is not appended twice, and a batch that arrives after a gap (an
 * earlier one lost) is refused rather than appended out of order. These two rules are what makes
 * retries safe; they are checked at the wire, where the check decides exactly what a retry carries.
 */
class IdempotenceChecks {

    @Check(id = "eos.idempotent.default-producer",
            title = "A producer with Kafka's default settings (idempotent, acks=all) produces, and its records are read back once, in order",
            battery = Battery.EOS, level = Level.INGEST, strength = Strength.MUST,
            spec = {"KIP-98", "KIP-679 (idempotence and acks=all by default)"},
            hint = "If this fails, look at InitProducerId (the producer's first request), at Produce with a producer"
                    + " id and sequence numbers, and at whether the IDEMPOTENT_WRITE permission or its equivalent is"
                    + " granted; a target without it breaks every Java client from 3.0 on.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    void defaultProducer(CheckContext ctx) {
        String topic = ctx.createTopic("default-producer", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        // the Java client's defaults exactly: this check is the one that reports whether they work
        Producer<String, String> producer = ctx.defaultProducer(Map.of());
        List<String> values = new ArrayList<>();
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            values.add("value-" + i);
            futures.add(producer.send(new ProducerRecord<>(topic, "key-" + i, values.get(i))));
        }
        producer.flush();
        List<Long> offsets = new ArrayList<>();
        for (Future<RecordMetadata> future : futures) {
            offsets.add(EosLog.await(future).offset());
        }
        ctx.evidence("a producer with default settings (enable.idempotence and acks unset) sent %d records,"
                + " acknowledged at offsets %s", values.size(), offsets);

        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(Map.of()), IsolationLevel.READ_UNCOMMITTED, List.of(partition), TargetContext.DEFAULT_WAIT);
        ctx.evidence("read back %s", read.summary());
        assertThat(read.values()).as("records read back: each once, in produce order").containsExactlyElementsOf(values);
        assertThat(read.complete()).as("the consumer reached the end offset").isTrue();
    }

    @Check(id = "eos.idempotent.duplicate-batch-rejected",
            title = "A batch re-sent with the same producer id, epoch and sequence (a client retry) is not appended again",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-98 (idempotent producer, sequence numbers)"},
            hint = "If this fails, look at the broker's producer state: per producer id and partition it must remember"
                    + " the last five batches (first and last sequence, offsets) and answer a duplicate with its"
                    + " original offset (Apache Kafka: NONE and the first append's base offset) instead of"
                    + " appending it again.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.PRODUCE)
    void duplicateBatchRejected(CheckContext ctx) {
        String topic = ctx.createTopic("duplicate-batch", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        try (IdempotentWire wire = IdempotentWire.toLeaderOf(ctx, topic)) {
            InitProducerIdResponseData id = wire.initProducerId();
            ctx.evidence("%s: producer id %d, epoch %d", wire.versions(), id.producerId(), id.producerEpoch());
            List<String> batch = List.of("a-0", "a-1", "a-2");
            PartitionProduceResponse first = wire.produce(id.producerId(), id.producerEpoch(), 0, batch);
            ctx.evidence("batch of %d records, sequence 0: %s", batch.size(), IdempotentWire.describe(first));
            assertThat(Errors.forCode(first.errorCode())).as("error of the first append").isEqualTo(Errors.NONE);

            PartitionProduceResponse retry = wire.produce(id.producerId(), id.producerEpoch(), 0, batch);
            Errors retryError = Errors.forCode(retry.errorCode());
            ctx.evidence("the same batch again (same producer id, epoch, sequence 0): %s",
                    IdempotentWire.describe(retry));
            assertThat(retryError).as("error answered to the duplicate batch (NONE with the original offset, or"
                    + " DUPLICATE_SEQUENCE_NUMBER)").isIn(Errors.NONE, Errors.DUPLICATE_SEQUENCE_NUMBER);
            if (retryError == Errors.NONE) {
                assertThat(retry.baseOffset()).as("base offset answered to the duplicate batch: the original one")
                        .isEqualTo(first.baseOffset());
            }

            PartitionProduceResponse next = wire.produce(id.producerId(), id.producerEpoch(), batch.size(),
                    List.of("b-0", "b-1"));
            ctx.evidence("the next batch, sequence %d: %s", batch.size(), IdempotentWire.describe(next));
            assertThat(Errors.forCode(next.errorCode())).as("error of the next batch after the duplicate")
                    .isEqualTo(Errors.NONE);
            assertThat(next.baseOffset()).as("base offset of the next batch: right after the first batch")
                    .isEqualTo(first.baseOffset() + batch.size());
        }
        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(Map.of()), IsolationLevel.READ_UNCOMMITTED, List.of(partition), TargetContext.DEFAULT_WAIT);
        ctx.evidence("the log holds %s", read.summary());
        assertThat(read.values()).as("the log: the first batch once, then the next batch")
                .containsExactly("a-0", "a-1", "a-2", "b-0", "b-1");
    }

    @Check(id = "eos.idempotent.out-of-order-sequence-rejected",
            title = "A batch whose sequence leaves a gap is refused with OUT_OF_ORDER_SEQUENCE_NUMBER and not appended",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-98 (idempotent producer, sequence numbers)"},
            hint = "If this fails, look at sequence validation: a batch whose first sequence is not the last appended"
                    + " sequence + 1 must be refused with OUT_OF_ORDER_SEQUENCE_NUMBER, so that with several requests"
                    + " in flight a lost batch is never overtaken by the next one; the expected batch must still be"
                    + " accepted afterwards.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.PRODUCE)
    void outOfOrderSequenceRejected(CheckContext ctx) {
        String topic = ctx.createTopic("sequence-gap", 1, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        try (IdempotentWire wire = IdempotentWire.toLeaderOf(ctx, topic)) {
            InitProducerIdResponseData id = wire.initProducerId();
            ctx.evidence("%s: producer id %d, epoch %d", wire.versions(), id.producerId(), id.producerEpoch());
            PartitionProduceResponse first = wire.produce(id.producerId(), id.producerEpoch(), 0, List.of("a-0", "a-1"));
            ctx.evidence("batch of 2 records, sequence 0: %s", IdempotentWire.describe(first));
            assertThat(Errors.forCode(first.errorCode())).as("error of the first append").isEqualTo(Errors.NONE);

            PartitionProduceResponse gap = wire.produce(id.producerId(), id.producerEpoch(), 5, List.of("gap-0"));
            ctx.evidence("batch with sequence 5 where 2 is expected: %s", IdempotentWire.describe(gap));
            assertThat(Errors.forCode(gap.errorCode())).as("error answered to a batch after a sequence gap")
                    .isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);

            PartitionProduceResponse expected = wire.produce(id.producerId(), id.producerEpoch(), 2, List.of("b-0"));
            ctx.evidence("batch with the expected sequence 2: %s", IdempotentWire.describe(expected));
            assertThat(Errors.forCode(expected.errorCode())).as("error of the batch with the expected sequence")
                    .isEqualTo(Errors.NONE);
            assertThat(expected.baseOffset()).as("base offset of the batch with the expected sequence")
                    .isEqualTo(first.baseOffset() + 2);
        }
        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(Map.of()), IsolationLevel.READ_UNCOMMITTED, List.of(partition), TargetContext.DEFAULT_WAIT);
        ctx.evidence("the log holds %s", read.summary());
        assertThat(read.values()).as("the log: no record of the refused batch").containsExactly("a-0", "a-1", "b-0");
    }
}
