package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.api.wire.WireClient;
import io.kconform.harness.proxy.mutations.DropControlBatches;
import io.kconform.harness.proxy.mutations.FreezeFetchedProducerEpochs;
import io.kconform.harness.proxy.mutations.IgnoreTransactions;
import io.kconform.harness.proxy.mutations.RefuseAfter;
import io.kconform.harness.proxy.mutations.StripAbortedTransactions;
import io.kconform.harness.proxy.mutations.SwallowOffsetCommit;
import io.kconform.harness.proxy.mutations.TransactionFaults;
import io.kconform.harness.proxy.mutations.TransactionalIdPerConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mutations of transactions and offset commits. */
@ExtendWith(SharedBroker.class)
class TransactionMutationsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Map<String, Object> READ_COMMITTED =
            Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    /** One producer: a transaction with "aborted", aborted, then one with "committed", committed. */
    private static void abortThenCommit(String topic) {
        try (KafkaProducer<String, String> producer = Clients.producer(broker,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("txn")))) {
            producer.initTransactions();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("committed"));
            producer.commitTransaction();
        }
        // Markers are written after commitTransaction returns; this read waits for them.
        assertThat(Clients.valuesOf(Clients.read(broker, topic, 1, PATIENCE, READ_COMMITTED))).containsExactly("committed");
    }

    @Test
    void strippedAbortedTransactionsLetReadCommittedConsumersSeeAbortedRecords() {
        String topic = Clients.unique("strip-aborted");
        Clients.createTopics(broker, topic);
        abortThenCommit(topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new StripAbortedTransactions())) {
            assertThat(Clients.valuesOf(Clients.read(proxy.bootstrapServers(), topic, 2, PATIENCE, READ_COMMITTED)))
                    .containsExactly("aborted", "committed");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void droppedMarkersHideCommittedRecordsAndStallPositions() {
        String topic = Clients.unique("no-markers");
        Clients.createTopics(broker, topic);
        abortThenCommit(topic); // offsets: 0 aborted, 1 abort marker, 2 committed, 3 commit marker
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new DropControlBatches())) {
            assertThat(Clients.read(proxy.bootstrapServers(), topic, 0, Duration.ofSeconds(2), READ_COMMITTED))
                    .as("the abort marker never arrives, so the producer's committed batch is skipped too")
                    .isEmpty();

            TopicPartition partition = new TopicPartition(topic, 0);
            assertThat(positionAfterReadingAll(proxy.bootstrapServers(), partition)).isEqualTo(3);
            assertThat(positionAfterReadingAll(broker, partition)).isEqualTo(4);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    private static long positionAfterReadingAll(String bootstrap, TopicPartition partition) {
        try (KafkaConsumer<String, String> consumer = Clients.consumer(bootstrap, Map.of())) {
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            int records = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < deadline) {
                records += consumer.poll(Duration.ofMillis(100)).count();
            }
            assertThat(records).as("read_uncommitted sees both data records").isEqualTo(2);
            return consumer.position(partition);
        }
    }

    @Test
    void frozenFetchedEpochsHideTheBumpOfEveryTransaction() throws Exception {
        String topic = Clients.unique("frozen-epochs");
        Clients.createTopics(broker, topic);
        abortThenCommit(topic); // offsets: 0 aborted, 1 abort marker, 2 committed, 3 commit marker
        assertThat(batchEpochs(broker, topic)).as("on the broker, transactions V2 bump the epoch at every end")
                .containsExactly((short) 0, (short) 1, (short) 1, (short) 2);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new FreezeFetchedProducerEpochs())) {
            assertThat(batchEpochs(proxy.bootstrapServers(), topic)).containsExactly((short) 0, (short) 0, (short) 0,
                    (short) 0);
            assertThat(Clients.valuesOf(Clients.read(proxy.bootstrapServers(), topic, 1, PATIENCE, READ_COMMITTED)))
                    .as("the rewritten batches stay valid, markers included").containsExactly("committed");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void ignoredTransactionsLeavePlainRecordsAndNoMarkers() throws Exception {
        String topic = Clients.unique("ignored-txn");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new IgnoreTransactions());
             KafkaProducer<String, String> producer = Clients.producer(proxy.bootstrapServers(),
                     Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("txn")))) {
            producer.initTransactions();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("committed"));
            producer.commitTransaction();
            assertThat(proxy.problems()).isEmpty();
        }
        assertThat(Clients.valuesOf(Clients.read(broker, topic, 2, PATIENCE, READ_COMMITTED)))
                .as("on the broker the aborted record is an ordinary one").containsExactly("aborted", "committed");
        assertThat(batchEpochs(broker, topic)).as("two plain batches, no producer epoch, no marker")
                .containsExactly((short) -1, (short) -1);
    }

    /** The producer epoch of every batch of partition 0, from a raw read_uncommitted Fetch, CRCs checked. */
    private static List<Short> batchEpochs(String bootstrap, String topic) throws Exception {
        Uuid topicId;
        try (Admin admin = Clients.admin(broker)) {
            topicId = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        HostPort address = HostPort.parse(bootstrap);
        short version = ApiKeys.FETCH.latestVersion();
        try (WireClient wire = WireClient.connect(address.host(), address.port(), Map.of(), PATIENCE)) {
            FetchResponse response = (FetchResponse) wire.send(FetchRequest.Builder.forConsumer(version, 100, 1,
                    Map.of(partition, new FetchRequest.PartitionData(topicId, 0, -1, 1024 * 1024, Optional.empty()))),
                    version);
            List<Short> epochs = new ArrayList<>();
            for (RecordBatch batch : FetchResponse.recordsOrFail(response.responseData(Map.of(topicId, topic), version)
                    .get(partition)).batches()) {
                batch.ensureValid();
                epochs.add(batch.producerEpoch());
            }
            return epochs;
        }
    }

    @Test
    void perConnectionTransactionalIdsStopFencing() {
        String topic = Clients.unique("zombie");
        Clients.createTopics(broker, topic);

        String directId = Clients.unique("fenced");
        assertThatThrownBy(() -> zombieCommitsAfterSuccessorInitialises(broker, directId, topic, "direct"))
                .as("on the broker itself the first producer is fenced")
                .satisfies(e -> assertThat(Causes.chain(e)).anySatisfy(cause -> assertThat(cause)
                        .isInstanceOfAny(ProducerFencedException.class, InvalidProducerEpochException.class)));

        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new TransactionalIdPerConnection())) {
            zombieCommitsAfterSuccessorInitialises(proxy.bootstrapServers(), Clients.unique("not-fenced"), topic, "zombie");

            assertThat(Clients.valuesOf(Clients.read(broker, topic, 1, PATIENCE, READ_COMMITTED))).containsExactly("zombie");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    private static void zombieCommitsAfterSuccessorInitialises(String bootstrap, String transactionalId, String topic,
                                                               String value) {
        Map<String, Object> config = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<String, String> first = Clients.producer(bootstrap, config);
             KafkaProducer<String, String> second = Clients.producer(bootstrap, config)) {
            first.initTransactions();
            second.initTransactions();
            first.beginTransaction();
            first.send(new ProducerRecord<>(topic, 0, null, value));
            first.commitTransaction();
        }
    }

    @Test
    void swallowedOffsetCommitsSucceedButAreNotStored() throws Exception {
        String topic = Clients.unique("lost-commit");
        String group = Clients.unique("group");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), Clients.values(3, "c"));
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, SwallowOffsetCommit.offsetCommit())) {
            try (KafkaConsumer<String, String> consumer = Clients.consumer(proxy.bootstrapServers(),
                    Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
                consumer.assign(Set.of(partition));
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(3)));
                assertThat(consumer.committed(Set.of(partition)).get(partition)).isNull();
            }
            assertThat(committedOffsets(group)).isEmpty();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void commitsFromOutsideTheGroupAreSwallowedAndMembersCommitsStored() throws Exception {
        String topic = Clients.unique("outside-commit");
        String outside = Clients.unique("admin-group");
        String member = Clients.unique("member-group");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), Clients.values(3, "c"));
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, SwallowOffsetCommit.outsideGroup())) {
            try (Admin admin = Clients.admin(proxy.bootstrapServers())) {
                admin.alterConsumerGroupOffsets(outside, Map.of(partition, new OffsetAndMetadata(2))).all().get();
            }
            try (KafkaConsumer<String, String> consumer = Clients.consumer(proxy.bootstrapServers(),
                    Map.of(ConsumerConfig.GROUP_ID_CONFIG, member))) {
                consumer.subscribe(List.of(topic));
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(100));
                }
                assertThat(consumer.assignment()).containsExactly(partition);
                consumer.commitSync(Map.of(partition, new OffsetAndMetadata(3)));
            }
            assertThat(committedOffsets(outside)).as("the Admin's commit, generation -1").isEmpty();
            assertThat(committedOffsets(member)).as("the member's commit")
                    .containsEntry(partition, new OffsetAndMetadata(3));
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void swallowedTransactionalOffsetCommitsLeaveTheGroupWithoutOffsets() throws Exception {
        String topic = Clients.unique("lost-txn-commit");
        String group = Clients.unique("group");
        Clients.createTopics(broker, topic);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, SwallowOffsetCommit.txnOffsetCommit())) {
            try (KafkaProducer<String, String> producer = Clients.producer(proxy.bootstrapServers(),
                    Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("ctp")))) {
                producer.initTransactions();
                producer.beginTransaction();
                Clients.send(producer, topic, List.of("output"));
                producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(3)), groupMetadata(group));
                producer.commitTransaction();
            }

            assertThat(Clients.valuesOf(Clients.read(broker, topic, 1, PATIENCE, READ_COMMITTED)))
                    .as("the transaction itself committed").containsExactly("output");
            assertThat(committedOffsets(group)).isEmpty();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    /** A group's metadata as a consumer that has not joined it reports it; no request is sent. */
    private static ConsumerGroupMetadata groupMetadata(String group) {
        try (KafkaConsumer<String, String> consumer = Clients.consumer(broker, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
            return consumer.groupMetadata();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        try (Admin admin = Clients.admin(broker)) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }

    @Test
    void aFeatureTakenBackServesTheFirstEndTxnOfAConnectionAndRefusesTheNext() {
        String topic = Clients.unique("taken-back");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new RefuseAfter(ApiKeys.END_TXN, 1, org.apache.kafka.common.protocol.Errors.UNSUPPORTED_VERSION));
             KafkaProducer<String, String> producer = Clients.producer(proxy.bootstrapServers(),
                     Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("txn")))) {
            producer.initTransactions();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("first"));
            producer.commitTransaction();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("second"));
            assertThatThrownBy(producer::commitTransaction)
                    .hasMessageContaining("The version of API is not supported");
            assertThat(proxy.problems()).isEmpty();
        }
        // The first transaction reached the broker and committed; the second's EndTxn never did.
        assertThat(Clients.valuesOf(Clients.read(broker, topic, 1, PATIENCE, READ_COMMITTED))).containsExactly("first");
    }

    @Test
    void swallowedEndTxnLeavesTheTransactionOpenOnTheBroker() throws Exception {
        String topic = Clients.unique("hanging");
        String transactionalId = Clients.unique("txn");
        Clients.createTopics(broker, topic);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, TransactionFaults.swallowEndTxn());
             KafkaProducer<String, String> producer = Clients.producer(proxy.bootstrapServers(),
                     Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                             ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 5_000))) {
            producer.initTransactions();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("never-ended"));
            producer.commitTransaction(); // answered by the proxy
            assertThat(proxy.problems()).isEmpty();
        }
        try (Admin admin = Clients.admin(broker)) {
            long stable = admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(partition).get().offset();
            long high = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
            assertThat(stable).as("last stable offset: the open transaction's first record").isZero();
            assertThat(high).as("high watermark: the record is in the log").isEqualTo(1);
            assertThat(admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get().state())
                    .isEqualTo(TransactionState.ONGOING);
        }
    }

    @Test
    void endTxnWithoutRecordsIsRefusedAndWithRecordsForwarded() throws Exception {
        String topic = Clients.unique("offsets-only");
        String group = Clients.unique("group");
        Clients.createTopics(broker, topic);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, TransactionFaults.refuseEndTxnWithoutRecords());
             KafkaProducer<String, String> producer = Clients.producer(proxy.bootstrapServers(),
                     Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("txn"),
                             ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 5_000))) {
            producer.initTransactions();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("with-records"));
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(1)), groupMetadata(group));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(5)), groupMetadata(group));
            assertThatThrownBy(producer::commitTransaction).satisfiesAnyOf(
                    e -> assertThat(e).isInstanceOf(InvalidTxnStateException.class),
                    e -> assertThat(e).hasCauseInstanceOf(InvalidTxnStateException.class));
            assertThat(proxy.problems()).isEmpty();
        }
        assertThat(Clients.valuesOf(Clients.read(broker, topic, 1, PATIENCE, READ_COMMITTED)))
                .as("the transaction with a record committed").containsExactly("with-records");
        assertThat(awaitCommitted(group, partition)).as("the offsets of the transaction with a record only")
                .isEqualTo(new OffsetAndMetadata(1));
    }

    @Test
    void transactionalOffsetCommitsWithoutGenerationAreTakenFromNonMembers() throws Exception {
        String topic = Clients.unique("zombie");
        String group = Clients.unique("group");
        Clients.createTopics(broker, topic);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> member = Clients.consumer(broker, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic"))) {
            member.subscribe(List.of(topic));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
                member.poll(Duration.ofMillis(100));
            }
            assertThat(member.assignment()).as("the group has a member").containsExactly(partition);
            ConsumerGroupMetadata zombie = new ConsumerGroupMetadata(group, member.groupMetadata().generationId() - 1,
                    "no-longer-a-member", Optional.empty());

            assertThatThrownBy(() -> commitInTransaction(broker, topic, partition, 4, zombie))
                    .as("the broker itself fences the zombie").isInstanceOf(CommitFailedException.class);
            try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                    TransactionFaults.txnOffsetCommitWithoutGeneration())) {
                commitInTransaction(proxy.bootstrapServers(), topic, partition, 7, zombie);
                assertThat(proxy.problems()).isEmpty();
            }
        }
        assertThat(awaitCommitted(group, partition)).as("the zombie's offset, taken through the proxy")
                .isEqualTo(new OffsetAndMetadata(7));
    }

    /** The group's committed offset, once there: a transaction's offsets land with its marker, after EndTxn returned. */
    private static OffsetAndMetadata awaitCommitted(String group, TopicPartition partition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        OffsetAndMetadata committed = committedOffsets(group).get(partition);
        while (committed == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            committed = committedOffsets(group).get(partition);
        }
        return committed;
    }

    private static void commitInTransaction(String bootstrap, String topic, TopicPartition partition, long offset,
                                            ConsumerGroupMetadata metadata) {
        try (KafkaProducer<String, String> producer = Clients.producer(bootstrap,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("txn")))) {
            producer.initTransactions();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("output"));
            try {
                producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(offset)), metadata);
                producer.commitTransaction();
            } catch (CommitFailedException e) {
                producer.abortTransaction();
                throw e;
            }
        }
    }
}
