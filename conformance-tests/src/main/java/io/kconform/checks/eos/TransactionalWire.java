package io.kconform.checks.eos;

import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.wire.WireClient;
import io.kconform.checks.protocol.Coordinators;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;

/**
 * A transactional producer spoken at the wire, for checks that must send what a well-behaved client never
 * would: a write with an epoch the coordinator already left behind, or to a partition never added to the
 * transaction. InitProducerId and EndTxn go to the transaction coordinator of the transactional id (found with
 * FindCoordinator), Produce to the leader of partition 0 of one topic; every batch is transactional and carries
 * the producer id, epoch and base sequence the check chooses. Produce and EndTxn are sent at the version the
 * check names, so that it decides which transaction protocol (KIP-890 part 2 or before) it speaks.
 */
final class TransactionalWire implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** Long enough that the coordinator never aborts the check's transaction while it runs. */
    private static final int TRANSACTION_TIMEOUT_MS = 60_000;

    private final String transactionalId;
    private final WireClient coordinator;
    private final WireClient leader;
    private final String topic;
    private final Uuid topicId;
    private final short initProducerIdVersion;
    /** One timestamp for every record, so that a batch built twice is the same bytes. */
    private final long timestamp = System.currentTimeMillis();

    private TransactionalWire(String transactionalId, WireClient coordinator, WireClient leader, String topic,
                              Uuid topicId, short initProducerIdVersion) {
        this.transactionalId = transactionalId;
        this.coordinator = coordinator;
        this.leader = leader;
        this.topic = topic;
        this.topicId = topicId;
        this.initProducerIdVersion = initProducerIdVersion;
    }

    /** Connects to the coordinator of {@code transactionalId} and the leader of partition 0 of {@code topic}. */
    static TransactionalWire open(CheckContext ctx, String transactionalId, String topic) {
        TopicDescription description = ctx.describeTopic(topic);
        Node leaderNode = description.partitions().get(0).leader();
        WireClient coordinator = Coordinators.connect(ctx, FindCoordinatorRequest.CoordinatorType.TRANSACTION,
                transactionalId);
        try {
            WireClient leader = WireClient.connect(leaderNode.host(), leaderNode.port(),
                    ctx.target().clientProperties(), TIMEOUT);
            return new TransactionalWire(transactionalId, coordinator, leader, topic, description.topicId(),
                    ctx.target().facts().newestCommonVersion(ApiKeys.INIT_PRODUCER_ID));
        } catch (RuntimeException e) {
            coordinator.close();
            throw e;
        }
    }

    /**
     * Obtains the producer id and epoch of the transactional id, asking again while the coordinator answers
     * a retriable error (as it does while it loads its log or completes an earlier transaction).
     *
     * @throws KafkaException the target's error when it answers a non-retriable one
     */
    InitProducerIdResponseData initProducerId() {
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        while (true) {
            InitProducerIdRequestData request = new InitProducerIdRequestData()
                    .setTransactionalId(transactionalId)
                    .setTransactionTimeoutMs(TRANSACTION_TIMEOUT_MS)
                    .setProducerId(-1)
                    .setProducerEpoch((short) -1);
            InitProducerIdResponseData response = ((InitProducerIdResponse) coordinator.send(
                    new InitProducerIdRequest.Builder(request), initProducerIdVersion)).data();
            Errors error = Errors.forCode(response.errorCode());
            if (error == Errors.NONE) {
                return response;
            }
            if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                throw error.exception("InitProducerId v" + initProducerIdVersion + " answered " + error);
            }
            TargetContext.sleep(Duration.ofMillis(100));
        }
    }

    /**
     * Sends one transactional batch of records with the given values to partition 0 at Produce
     * {@code version}, acks=all, and returns the partition's answer as the target gave it (errors included).
     */
    ProduceResponseData.PartitionProduceResponse produce(short version, long producerId, short epoch,
                                                         int baseSequence, List<String> values) {
        List<SimpleRecord> records = new ArrayList<>();
        for (String value : values) {
            records.add(new SimpleRecord(timestamp, ("key-" + value).getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8)));
        }
        MemoryRecords batch = MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch,
                baseSequence, records.toArray(new SimpleRecord[0]));
        return IdempotentWire.produceToPartitionZero(leader, version, topic, topicId, transactionalId, batch);
    }

    /**
     * Adds partition 0 of the topic to the transaction with AddPartitionsToTxn at {@code version} (a client's
     * request, v3 or below), asking again while the coordinator answers a retriable error, and returns the
     * partition's error.
     */
    Errors addPartition(short version, long producerId, short epoch) {
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        while (true) {
            Errors error = addPartitionOnce(version, producerId, epoch);
            if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                return error;
            }
            TargetContext.sleep(Duration.ofMillis(100));
        }
    }

    /** One AddPartitionsToTxn of partition 0 at {@code version} (v3 or below); the partition's error as answered. */
    Errors addPartitionOnce(short version, long producerId, short epoch) {
        TopicPartition partition = new TopicPartition(topic, 0);
        AddPartitionsToTxnResponse response = (AddPartitionsToTxnResponse) coordinator.send(
                AddPartitionsToTxnRequest.Builder.forClient(transactionalId, producerId, epoch, List.of(partition)),
                version);
        return response.errors().values().stream()
                .map(errors -> errors.get(partition))
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElseThrow(() -> new KafkaException("the AddPartitionsToTxn answer has no error for " + partition
                        + ": " + response.data()));
    }

    /**
     * Ends the transaction at EndTxn {@code version} and returns the coordinator's answer as it gave it
     * (errors included; v5 and up carry the producer id and epoch the next transaction must use).
     */
    EndTxnResponseData endTxn(short version, long producerId, short epoch, boolean commit) {
        EndTxnRequestData request = new EndTxnRequestData()
                .setTransactionalId(transactionalId)
                .setProducerId(producerId)
                .setProducerEpoch(epoch)
                .setCommitted(commit);
        return ((EndTxnResponse) coordinator.send(new EndTxnRequest.Builder(request, version >= 5), version)).data();
    }

    @Override
    public void close() {
        try {
            leader.close();
        } finally {
            coordinator.close();
        }
    }
}
