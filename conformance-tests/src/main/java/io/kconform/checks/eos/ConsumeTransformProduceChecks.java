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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The consume-transform-produce loop (KIP-98, KIP-447): a transactional producer writes the
 * transformed records and, in the same transaction, the consumer group's offsets
 * ({@code sendOffsetsToTransaction} with the consumer's group metadata). Commit makes output and
 * progress visible together; abort discards both, and the application resumes from the last
 * committed offset. This is the core of Kafka Streams' exactly_once_v2 and of every exactly-once
 * pipeline: the output holds each input record exactly once.
 */
class ConsumeTransformProduceChecks {

    private static final int INPUTS = 12;
    private static final Duration LOOP_WAIT = Duration.ofSeconds(60);

    @Check(id = "eos.txn.consume-transform-produce",
            title = "Consume-transform-produce with offsets in the transaction and one aborted, retried attempt: each input once in the output, group offset at the end",
            battery = Battery.EOS, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-98 (AddOffsetsToTxn, TxnOffsetCommit)", "KIP-447 (group metadata in the transaction)"},
            hint = "If this fails, look at AddOffsetsToTxn and TxnOffsetCommit: the offsets must become the group's"
                    + " committed offsets when, and only when, the transaction commits (the COMMIT marker on"
                    + " __consumer_offsets), and be discarded on abort; committed offsets must be readable"
                    + " (OffsetFetch) right after the commit, so that a retry resumes from them.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    @RequiresApi(ApiKeys.ADD_OFFSETS_TO_TXN)
    @RequiresApi(ApiKeys.TXN_OFFSET_COMMIT)
    void consumeTransformProduce(CheckContext ctx) {
        String input = ctx.createTopic("ctp-input", 1, Map.of());
        String output = ctx.createTopic("ctp-output", 1, Map.of());
        TopicPartition inputPartition = new TopicPartition(input, 0);
        TopicPartition outputPartition = new TopicPartition(output, 0);
        Producer<String, String> plain = ctx.producer(Map.of());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < INPUTS; i++) {
            EosLog.await(plain.send(new ProducerRecord<>(input, 0, "key-" + i, "in-" + i)));
            expected.add(transform("in-" + i));
        }
        long inputEnd = INPUTS;
        String group = ctx.uniqueName("ctp-group");
        Map<String, Object> consumerConfig = new HashMap<>(EosLog.READ_COMMITTED);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4);
        Consumer<String, String> consumer = ctx.consumer(consumerConfig);
        consumer.subscribe(List.of(input), EosLog.startAtZeroWithoutListOffsets(ctx, consumer));
        Producer<String, String> producer = ctx.producer(EosLog.transactional(ctx.uniqueName("txn")));
        producer.initTransactions();
        ctx.evidence("input: %d records; group %s consumes with max.poll.records=4 and a transactional producer",
                INPUTS, group);

        int commits = 0;
        boolean aborted = false;
        long processedUpTo = 0;
        long deadline = System.nanoTime() + LOOP_WAIT.toNanos();
        while (processedUpTo < inputEnd && System.nanoTime() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            if (records.isEmpty()) {
                continue;
            }
            producer.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
            List<String> inputs = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                producer.send(new ProducerRecord<>(output, 0, record.key(), transform(record.value())));
                next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                inputs.add(record.value());
            }
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            if (commits == 1 && !aborted) {
                // The second transaction is aborted, as after a failed step, and retried from the committed offset.
                // Its records are flushed first: a producer discards batches it has not sent yet when it aborts, and
                // then nothing of the attempt would reach the log for read_committed to leave out.
                producer.flush();
                producer.abortTransaction();
                aborted = true;
                OffsetAndMetadata resume = consumer.committed(Set.of(inputPartition), TargetContext.DEFAULT_WAIT)
                        .get(inputPartition);
                if (resume == null) {
                    EosLog.seekToStart(ctx, consumer, List.of(inputPartition));
                } else {
                    consumer.seek(inputPartition, resume);
                }
                ctx.evidence("transaction over %s (offsets to %s) aborted; the group's committed offset is then %s,"
                        + " processing resumes there", inputs, next.get(inputPartition).offset(),
                        resume == null ? "none (from the beginning)" : resume.offset());
                continue;
            }
            producer.commitTransaction();
            ctx.accepted(EosLog.TRANSACTIONS_ACCEPTED);
            commits++;
            processedUpTo = next.getOrDefault(inputPartition, new OffsetAndMetadata(processedUpTo)).offset();
            ctx.evidence("transaction over %s committed with offset %d", inputs, processedUpTo);
        }
        assertThat(processedUpTo).as("input processed within %d s", LOOP_WAIT.toSeconds()).isEqualTo(inputEnd);
        assertThat(aborted).as("one transaction was aborted and retried").isTrue();

        EosLog.awaitNoOpenTransaction(ctx, List.of(outputPartition), EosLog.MARKERS_WAIT);
        EosLog.Read read = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_COMMITTED), IsolationLevel.READ_COMMITTED, List.of(outputPartition),
                TargetContext.DEFAULT_WAIT);
        ctx.evidence("output under read_committed: %s", read.summary());
        assertThat(read.values()).as("output under read_committed: each input exactly once, in order")
                .containsExactlyElementsOf(expected);

        EosLog.Read raw = EosLog.readToEnd(ctx, ctx.consumer(EosLog.READ_UNCOMMITTED), IsolationLevel.READ_UNCOMMITTED, List.of(outputPartition),
                TargetContext.DEFAULT_WAIT);
        ctx.evidence("output under read_uncommitted (the aborted attempt's records included): %d records, %d of them"
                + " beyond the committed output", raw.records().size(), raw.records().size() - expected.size());

        OffsetAndMetadata committed = groupOffset(ctx, group, inputPartition);
        ctx.evidence("the group's committed offset for the input: %s", committed);
        assertThat(committed).as("the group's committed offset for the input").isNotNull();
        assertThat(committed.offset()).as("the group's committed offset: the end of the input").isEqualTo(inputEnd);
    }

    private static String transform(String value) {
        return "out(" + value + ")";
    }

    private static OffsetAndMetadata groupOffset(CheckContext ctx, String group, TopicPartition partition) {
        try {
            return ctx.admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS).get(partition);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new KafkaException("OffsetFetch failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("OffsetFetch not answered within " + TargetContext.DEFAULT_WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while fetching the group's offsets", e);
        }
    }
}
