package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.EarliestAsLatest;
import io.kconform.harness.proxy.mutations.GroupAdminFaults;
import io.kconform.harness.proxy.mutations.MisstateOffsetFetch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutations of committed offsets and group administration: what the proxy's clients are told against what the
 * broker itself holds, asked directly.
 */
@ExtendWith(SharedBroker.class)
class GroupOffsetMutationsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void offsetFetchAnswersCommittedOffsetsFurtherOnAndNoOffsetAsZero() throws Exception {
        String topic = Clients.unique("fetched-offsets");
        Clients.createTopics(broker, topic);
        TopicPartition tp = new TopicPartition(topic, 0);
        String committed = Clients.unique("group-committed");
        try (Admin direct = Clients.admin(broker)) {
            direct.alterConsumerGroupOffsets(committed, Map.of(tp, new OffsetAndMetadata(3))).all().get(10, TimeUnit.SECONDS);
            try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, MisstateOffsetFetch.shift(8));
                 Admin viaProxy = Clients.admin(proxy.bootstrapServers())) {
                assertThat(offsetOf(viaProxy, committed, tp)).isEqualTo(11);
                assertThat(offsetOf(direct, committed, tp)).isEqualTo(3);
                assertThat(proxy.problems()).isEmpty();
            }
            String never = Clients.unique("group-never");
            try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, MisstateOffsetFetch.noneAsZero())) {
                assertThat(committedFor(proxy.bootstrapServers(), never, tp)).isEqualTo(new OffsetAndMetadata(0));
                assertThat(committedFor(broker, never, tp)).isNull();
                assertThat(committedFor(proxy.bootstrapServers(), committed, tp).offset()).isEqualTo(3);
                assertThat(proxy.problems()).isEmpty();
            }
        }
    }

    @Test
    void listOffsetsEarliestIsAnsweredWithTheLogEnd() throws Exception {
        String topic = Clients.unique("earliest");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), Clients.values(3, "r"));
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new EarliestAsLatest());
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            assertThat(viaProxy.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp)
                    .get(10, TimeUnit.SECONDS).offset()).isEqualTo(3);
            assertThat(direct.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp)
                    .get(10, TimeUnit.SECONDS).offset()).isZero();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void deletionsFromTheSecondOnAreAcknowledgedAndNotDone() throws Exception {
        String topic = Clients.unique("swallowed");
        Clients.createTopics(broker, topic);
        TopicPartition tp = new TopicPartition(topic, 0);
        String first = Clients.unique("group-first");
        String second = Clients.unique("group-second");
        try (Admin direct = Clients.admin(broker);
             KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                     GroupAdminFaults.swallow(ApiKeys.DELETE_GROUPS, 2), GroupAdminFaults.swallow(ApiKeys.OFFSET_DELETE, 1));
             Admin viaProxy = Clients.admin(proxy.bootstrapServers())) {
            for (String group : List.of(first, second)) {
                direct.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(1))).all().get(10, TimeUnit.SECONDS);
            }
            viaProxy.deleteConsumerGroupOffsets(second, Set.of(tp)).all().get(10, TimeUnit.SECONDS);
            assertThat(offsetOf(direct, second, tp)).as("offset 'deleted' through the proxy").isEqualTo(1);
            viaProxy.deleteConsumerGroups(List.of(first)).all().get(10, TimeUnit.SECONDS);
            viaProxy.deleteConsumerGroups(List.of(second)).all().get(10, TimeUnit.SECONDS);
            assertThat(listedIds(direct, new ListGroupsOptions())).as("groups the broker still has")
                    .doesNotContain(first).contains(second);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void refusalsAreAnsweredAsDoneAndFiltersAndStatesMisstated() throws Exception {
        String topic = Clients.unique("refused");
        Clients.createTopics(broker, topic);
        TopicPartition tp = new TopicPartition(topic, 0);
        String running = Clients.unique("group-running");
        String idle = Clients.unique("group-idle");
        try (Admin direct = Clients.admin(broker);
             KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, GroupAdminFaults.maskErrors(ApiKeys.DELETE_GROUPS),
                     GroupAdminFaults.ignoreListFilters(), GroupAdminFaults.describeEveryGroupStable());
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             KafkaConsumer<String, String> member = Clients.consumer(broker,
                     Map.of(ConsumerConfig.GROUP_ID_CONFIG, running))) {
            direct.alterConsumerGroupOffsets(idle, Map.of(tp, new OffsetAndMetadata(1))).all().get(10, TimeUnit.SECONDS);
            member.subscribe(List.of(topic));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
                member.poll(Duration.ofMillis(100));
            }
            assertThatThrownBy(() -> direct.deleteConsumerGroups(List.of(running)).all().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(GroupNotEmptyException.class);
            viaProxy.deleteConsumerGroups(List.of(running)).all().get(10, TimeUnit.SECONDS);
            assertThat(listedIds(direct, new ListGroupsOptions())).as("the running group, still there").contains(running);

            ListGroupsOptions stable = new ListGroupsOptions().inGroupStates(Set.of(GroupState.STABLE));
            assertThat(listedIds(direct, stable)).contains(running).doesNotContain(idle);
            assertThat(listedIds(viaProxy, stable)).contains(running, idle);
            assertThat(viaProxy.describeConsumerGroups(List.of(idle)).describedGroups().get(idle).get(10, TimeUnit.SECONDS)
                    .groupState()).isEqualTo(GroupState.STABLE);
            assertThat(direct.describeConsumerGroups(List.of(idle)).describedGroups().get(idle).get(10, TimeUnit.SECONDS)
                    .groupState()).isEqualTo(GroupState.EMPTY);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    private static long offsetOf(Admin admin, String group, TopicPartition tp) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                .get(tp).offset();
    }

    private static OffsetAndMetadata committedFor(String bootstrap, String group, TopicPartition tp) {
        try (KafkaConsumer<String, String> consumer = Clients.consumer(bootstrap,
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, group))) {
            return consumer.committed(Set.of(tp)).get(tp);
        }
    }

    private static List<String> listedIds(Admin admin, ListGroupsOptions options) throws Exception {
        return admin.listGroups(options).all().get(10, TimeUnit.SECONDS).stream().map(GroupListing::groupId).toList();
    }
}
