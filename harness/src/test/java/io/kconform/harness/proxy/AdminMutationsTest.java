package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.FreezeProducerEpochs;
import io.kconform.harness.proxy.mutations.HideAdminState;
import io.kconform.harness.proxy.mutations.MisstateClusterAnswers;
import io.kconform.harness.proxy.mutations.RewriteClientId;
import io.kconform.harness.proxy.mutations.SwallowAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.PreferredLeaderNotAvailableException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutations of admin APIs: changes acknowledged and dropped, describes answered without the state
 * asked about. Each test compares what the proxy's clients see with what the broker itself holds.
 */
@ExtendWith(SharedBroker.class)
class AdminMutationsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void swallowedQuotasAreAcknowledgedAndNeverStored() throws Exception {
        String clientId = Clients.unique("quota");
        ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId));
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new SwallowAdmin(ApiKeys.ALTER_CLIENT_QUOTAS));
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            viaProxy.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1024.0))))).all().get(10, TimeUnit.SECONDS);
            // the same change made directly shows that describes would see it
            String control = Clients.unique("quota-direct");
            ClientQuotaEntity controlEntity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, control));
            direct.alterClientQuotas(List.of(new ClientQuotaAlteration(controlEntity,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1024.0))))).all().get(10, TimeUnit.SECONDS);
            Awaitility.await("the direct quota described").atMost(PATIENCE).untilAsserted(() ->
                    assertThat(direct.describeClientQuotas(ClientQuotaFilter.containsOnly(List.of(
                            ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, control))))
                            .entities().get()).containsKey(controlEntity));
            assertThat(viaProxy.describeClientQuotas(ClientQuotaFilter.containsOnly(List.of(
                    ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, clientId)))).entities().get())
                    .isEmpty();
            direct.alterClientQuotas(List.of(new ClientQuotaAlteration(controlEntity,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", null))))).all().get(10, TimeUnit.SECONDS);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void swallowedScramUpsertsLeaveTheUserUnknown() throws Exception {
        String user = Clients.unique("scram");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new SwallowAdmin(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS));
             Admin viaProxy = Clients.admin(proxy.bootstrapServers())) {
            viaProxy.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), "not-a-secret-test-password")))
                    .all().get(10, TimeUnit.SECONDS);
            TimeUnit.SECONDS.sleep(1);
            assertThatThrownBy(() -> viaProxy.describeUserScramCredentials(List.of(user)).description(user).get())
                    .hasCauseInstanceOf(ResourceNotFoundException.class);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void logDirSizesAreZeroThroughTheProxyOnly() throws Exception {
        String topic = Clients.unique("log-dirs");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), Clients.values(20, "v"));
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, HideAdminState.zeroLogDirSizes());
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            assertThat(size(direct, partition)).isPositive();
            assertThat(size(viaProxy, partition)).isZero();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    private static long size(Admin admin, TopicPartition partition) throws Exception {
        List<Integer> brokers = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream()
                .map(org.apache.kafka.common.Node::id).toList();
        return admin.describeLogDirs(brokers).allDescriptions().get(10, TimeUnit.SECONDS).values().stream()
                .flatMap(byDir -> byDir.values().stream())
                .map(d -> d.replicaInfos().get(partition)).filter(r -> r != null)
                .mapToLong(ReplicaInfo::size).findFirst().orElseThrow();
    }

    @Test
    void describeProducersIsEmptyThroughTheProxyOnly() throws Exception {
        String topic = Clients.unique("producers");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), Clients.values(3, "v"));
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, HideAdminState.emptyDescribeProducers());
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            List<ProducerState> actual = direct.describeProducers(List.of(partition)).partitionResult(partition)
                    .get(10, TimeUnit.SECONDS).activeProducers();
            assertThat(actual).hasSize(1);
            assertThat(viaProxy.describeProducers(List.of(partition)).partitionResult(partition)
                    .get(10, TimeUnit.SECONDS).activeProducers()).isEmpty();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void producerEpochsBumpedByTransactionsV2ReadZeroThroughTheProxyOnly() throws Exception {
        String topic = Clients.unique("frozen-epochs");
        Clients.createTopics(broker, topic);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaProducer<String, String> producer = Clients.producer(broker,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, Clients.unique("txn")));
             KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new FreezeProducerEpochs());
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            producer.initTransactions();
            for (int i = 0; i < 2; i++) {
                producer.beginTransaction();
                Clients.send(producer, topic, List.of("t" + i));
                producer.commitTransaction();
            }
            // the reference finalizes transaction.version 2: each commit bumps the epoch
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                    direct.describeProducers(List.of(partition)).partitionResult(partition).get(10, TimeUnit.SECONDS)
                            .activeProducers().stream().anyMatch(p -> p.producerEpoch() >= 2));
            assertThat(viaProxy.describeProducers(List.of(partition)).partitionResult(partition)
                    .get(10, TimeUnit.SECONDS).activeProducers()).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.producerEpoch()).isZero());
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void anOpenTransactionIsHiddenFromListingAndItsPartitionsFromDescribing() throws Exception {
        String topic = Clients.unique("txn-admin");
        Clients.createTopics(broker, topic);
        String transactionalId = Clients.unique("txn");
        try (KafkaProducer<String, String> producer = Clients.producer(broker,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId));
             KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, HideAdminState.hideListedTransactions(),
                     HideAdminState.forgetTransactionPartitions());
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            producer.initTransactions();
            producer.beginTransaction();
            Clients.send(producer, topic, List.of("open"));
            Awaitility.await("the open transaction described").atMost(PATIENCE).untilAsserted(() ->
                    assertThat(direct.describeTransactions(List.of(transactionalId)).description(transactionalId).get()
                            .topicPartitions()).containsExactly(new TopicPartition(topic, 0)));
            assertThat(direct.listTransactions(new ListTransactionsOptions()).all().get(10, TimeUnit.SECONDS))
                    .extracting(TransactionListing::transactionalId).contains(transactionalId);

            assertThat(viaProxy.listTransactions(new ListTransactionsOptions()).all().get(10, TimeUnit.SECONDS))
                    .isEmpty();
            assertThat(viaProxy.describeTransactions(List.of(transactionalId)).description(transactionalId)
                    .get(10, TimeUnit.SECONDS).topicPartitions()).isEmpty();
            producer.abortTransaction();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void swallowedReassignmentsAreAcceptedUncheckedAndNeverStarted() throws Exception {
        String topic = Clients.unique("reassign");
        Clients.createTopics(broker, topic);
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<TopicPartition, Optional<NewPartitionReassignment>> toNowhere =
                Map.of(partition, Optional.of(new NewPartitionReassignment(List.of(9999))));
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new SwallowAdmin(ApiKeys.ALTER_PARTITION_REASSIGNMENTS));
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            assertThatThrownBy(() -> direct.alterPartitionReassignments(toNowhere).all().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(InvalidReplicaAssignmentException.class);
            viaProxy.alterPartitionReassignments(toNowhere).all().get(10, TimeUnit.SECONDS);
            assertThat(direct.listPartitionReassignments().reassignments().get(10, TimeUnit.SECONDS))
                    .doesNotContainKey(partition);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void clusterAnswersAreMisstatedThroughTheProxyOnly() throws Exception {
        String topic = Clients.unique("misstated");
        Clients.createTopics(broker, 3, topic);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, MisstateClusterAnswers.foreignClusterId(),
                MisstateClusterAnswers.electLeadersError(Errors.PREFERRED_LEADER_NOT_AVAILABLE));
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            assertThat(viaProxy.describeCluster().clusterId().get(10, TimeUnit.SECONDS))
                    .isNotEqualTo(direct.describeCluster().clusterId().get(10, TimeUnit.SECONDS));
            assertThat(direct.electLeaders(ElectionType.PREFERRED, Set.of(partition)).partitions()
                    .get(10, TimeUnit.SECONDS).get(partition)).containsInstanceOf(ElectionNotNeededException.class);
            assertThat(viaProxy.electLeaders(ElectionType.PREFERRED, Set.of(partition)).partitions()
                    .get(10, TimeUnit.SECONDS).get(partition))
                    .containsInstanceOf(PreferredLeaderNotAvailableException.class);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void aQuotaOnTheClientIdIsStoredAndNeverAppliedToProduceRequestsSentUnderTheGatewaysId() throws Exception {
        String topic = Clients.unique("quota-gateway");
        Clients.createTopics(broker, topic);
        String clientId = Clients.unique("quota-client");
        ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId));
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new RewriteClientId(ApiKeys.PRODUCE));
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            direct.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 1024.0))))).all().get(10, TimeUnit.SECONDS);
            try {
                Awaitility.await("the quota described through the proxy").atMost(PATIENCE).untilAsserted(() ->
                        assertThat(viaProxy.describeClientQuotas(ClientQuotaFilter.containsOnly(List.of(
                                ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, clientId))))
                                .entities().get()).containsKey(entity));
                // the same 64 KB burst, far above 1 KB/s, first through the proxy, then directly
                assertThat(largestThrottle(proxy.bootstrapServers(), clientId, topic)).isZero();
                assertThat(largestThrottle(broker, clientId, topic)).isPositive();
            } finally {
                direct.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
                        List.of(new ClientQuotaAlteration.Op("producer_byte_rate", null))))).all()
                        .get(10, TimeUnit.SECONDS);
            }
            assertThat(proxy.problems()).isEmpty();
        }
    }

    /** The largest throttle time of the Produce responses to one burst of 64 KB under {@code clientId}, 0 for none. */
    private static double largestThrottle(String bootstrap, String clientId, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = Clients.producer(bootstrap, Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.LINGER_MS_CONFIG, 5_000))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "q".repeat(4096))));
            }
            producer.flush();
            for (Future<RecordMetadata> record : sent) {
                record.get(10, TimeUnit.SECONDS);
            }
            Object max = producer.metrics().entrySet().stream()
                    .filter(m -> m.getKey().name().equals("produce-throttle-time-max")
                            && m.getKey().group().equals("producer-metrics"))
                    .map(m -> m.getValue().metricValue()).findFirst().orElseThrow();
            return max instanceof Double d && !d.isNaN() && !d.isInfinite() ? d : 0;
        }
    }
}
