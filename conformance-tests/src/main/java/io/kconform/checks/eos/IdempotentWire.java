package io.kconform.checks.eos;

import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.wire.WireClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

/**
 * An idempotent producer spoken at the wire, for checks that must control exactly what a retry sends:
 * InitProducerId, then Produce requests carrying batches with a producer id, epoch and base sequence
 * chosen by the check, to the leader of partition 0 of one topic. Versions are the highest both the
 * target and kafka-clients know.
 */
final class IdempotentWire implements AutoCloseable {

    private final WireClient wire;
    private final String topic;
    private final Uuid topicId;
    private final short produceVersion;
    private final short initProducerIdVersion;
    /** One timestamp for every record, so that a batch built twice is the same bytes. */
    private final long timestamp = System.currentTimeMillis();

    private IdempotentWire(WireClient wire, String topic, Uuid topicId, short produceVersion, short initProducerIdVersion) {
        this.wire = wire;
        this.topic = topic;
        this.topicId = topicId;
        this.produceVersion = produceVersion;
        this.initProducerIdVersion = initProducerIdVersion;
    }

    /** Connects to the leader of partition 0 of {@code topic}. */
    static IdempotentWire toLeaderOf(CheckContext ctx, String topic) {
        TopicDescription description = ctx.describeTopic(topic);
        Node leader = description.partitions().get(0).leader();
        WireClient wire = WireClient.connect(leader.host(), leader.port(), ctx.target().clientProperties(),
                Duration.ofSeconds(15));
        return new IdempotentWire(wire, topic, description.topicId(), ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE),
                ctx.target().facts().newestCommonVersion(ApiKeys.INIT_PRODUCER_ID));
    }


    /** The versions used, for evidence. */
    String versions() {
        return "InitProducerId v" + initProducerIdVersion + ", Produce v" + produceVersion;
    }

    /**
     * Obtains a producer id and epoch for an idempotent (non-transactional) producer.
     *
     * @throws KafkaException the target's error when it answers one
     */
    InitProducerIdResponseData initProducerId() {
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        while (true) {
            InitProducerIdRequestData request = new InitProducerIdRequestData()
                    .setTransactionalId(null)
                    .setTransactionTimeoutMs(Integer.MAX_VALUE);
            InitProducerIdResponseData response = ((InitProducerIdResponse) wire.send(
                    new InitProducerIdRequest.Builder(request), initProducerIdVersion)).data();
            Errors error = Errors.forCode(response.errorCode());
            if (error == Errors.NONE) {
                return response;
            }
            // asked again, as the Java producer does, while the target says to (Apache Kafka answers
            // COORDINATOR_LOAD_IN_PROGRESS while its broker fetches a new block of producer ids)
            if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                throw error.exception("InitProducerId answered " + error);
            }
            TargetContext.sleep(Duration.ofMillis(100));
        }
    }

    /**
     * Sends one idempotent batch of records with the given values to partition 0, acks=all, and
     * returns the partition's response as the target gave it (errors included).
     */
    ProduceResponseData.PartitionProduceResponse produce(long producerId, short epoch, int baseSequence,
                                                          List<String> values) {
        List<SimpleRecord> records = new ArrayList<>();
        for (String value : values) {
            records.add(new SimpleRecord(timestamp, ("key-" + value).getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8)));
        }
        MemoryRecords batch = MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, epoch, baseSequence,
                records.toArray(new SimpleRecord[0]));
        return produceToPartitionZero(wire, produceVersion, topic, topicId, null, batch);
    }

    /**
     * Sends {@code batch} to partition 0 of the topic, acks=all, at Produce {@code version}, and returns the
     * partition's answer as the target gave it (errors included).
     */
    static ProduceResponseData.PartitionProduceResponse produceToPartitionZero(WireClient wire, short version,
            String topic, Uuid topicId, String transactionalId, MemoryRecords batch) {
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData()
                .setName(topic)
                .setTopicId(topicId)
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                        .setIndex(0)
                        .setRecords(batch))));
        ProduceRequestData request = new ProduceRequestData()
                .setAcks((short) -1)
                .setTimeoutMs(15_000)
                .setTransactionalId(transactionalId)
                .setTopicData(topics);
        ProduceResponseData response = ((ProduceResponse) wire.send(
                new ProduceRequest.Builder(version, version, request), version)).data();
        for (ProduceResponseData.TopicProduceResponse topicResponse : response.responses()) {
            for (ProduceResponseData.PartitionProduceResponse partition : topicResponse.partitionResponses()) {
                if (partition.index() == 0) {
                    return partition;
                }
            }
        }
        throw new KafkaException("the Produce response has no answer for partition 0 of " + topic + ": " + response);
    }

    /** One line for evidence. */
    static String describe(ProduceResponseData.PartitionProduceResponse response) {
        return Errors.forCode(response.errorCode()) + ", base offset " + response.baseOffset()
                + (response.errorMessage() == null ? "" : " (" + response.errorMessage() + ")");
    }

    @Override
    public void close() {
        wire.close();
    }
}
