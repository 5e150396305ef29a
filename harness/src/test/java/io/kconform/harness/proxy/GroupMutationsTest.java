package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.ConsumerHeartbeatNeverRevokes;
import io.kconform.harness.proxy.mutations.HideListedGroups;
import io.kconform.harness.proxy.mutations.IgnoreGroupInstanceId;
import io.kconform.harness.proxy.mutations.StreamsHeartbeatDropsTask;
import io.kconform.harness.proxy.mutations.SyncGroupWholeAssignment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData;
import org.apache.kafka.common.message.StreamsGroupHeartbeatResponseData.TaskIds;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.StreamsGroupHeartbeatResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutations of consumer groups: what a member asks for is not what the broker is told, or what the
 * coordinator decided is not what the member is told.
 */
@ExtendWith(SharedBroker.class)
class GroupMutationsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void aStaticMemberJoinsAsADynamicOneThroughTheProxyOnly() throws Exception {
        String topic = Clients.unique("static");
        Clients.createTopics(broker, topic);
        String viaProxy = Clients.unique("group-proxied");
        String direct = Clients.unique("group-direct");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new IgnoreGroupInstanceId());
             Admin admin = Clients.admin(broker)) {
            assertThat(joinedMembers(proxy.bootstrapServers(), admin, viaProxy, topic))
                    .singleElement().satisfies(m -> assertThat(m.groupInstanceId()).isEmpty());
            assertThat(joinedMembers(broker, admin, direct, topic))
                    .singleElement().satisfies(m -> assertThat(m.groupInstanceId()).contains("instance-1"));
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void listGroupsAnswersNoGroupWhileTheGroupRunsAndIsDescribed() throws Exception {
        String topic = Clients.unique("listed");
        Clients.createTopics(broker, topic);
        String group = Clients.unique("group-listed");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new HideListedGroups());
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            KafkaConsumer<String, String> member = Clients.consumer(broker, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
            try {
                member.subscribe(List.of(topic));
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
                    member.poll(Duration.ofMillis(100));
                }
                assertThat(direct.listGroups().all().get(10, TimeUnit.SECONDS))
                        .anySatisfy(g -> assertThat(g.groupId()).isEqualTo(group));
                assertThat(viaProxy.listGroups().all().get(10, TimeUnit.SECONDS)).isEmpty();
                assertThat(viaProxy.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                        .get(10, TimeUnit.SECONDS).members()).hasSize(1);
            } finally {
                member.close();
            }
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void syncGroupGivesEveryClassicMemberTheWholeAssignmentThroughTheProxyOnly() {
        String topic = Clients.unique("whole");
        Clients.createTopics(broker, 2, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new SyncGroupWholeAssignment())) {
            assertThat(settledAssignments(proxy.bootstrapServers(), topic, "classic",
                    sizes -> sizes.equals(List.of(2, 2)), PATIENCE))
                    .as("partitions each of two members owns through the proxy").containsExactly(2, 2);
            assertThat(settledAssignments(broker, topic, "classic", sizes -> sizes.equals(List.of(1, 1)), PATIENCE))
                    .as("partitions each of two members owns on the broker itself").containsExactly(1, 1);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void consumerGroupHeartbeatsNeverRevokeSoTheSecondMemberWaitsThroughTheProxyOnly() {
        String topic = Clients.unique("never-revoked");
        Clients.createTopics(broker, 2, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new ConsumerHeartbeatNeverRevokes())) {
            // the first member to join gets both partitions; the coordinator then asks it to give one up, and
            // until the member's rebalance timeout (max.poll.interval.ms, 5 minutes) gives the other nothing
            Duration wait = Duration.ofSeconds(8);
            assertThat(settledAssignments(proxy.bootstrapServers(), topic, "consumer",
                    sizes -> sizes.equals(List.of(1, 1)), wait))
                    .as("partitions each of two KIP-848 members owns through the proxy, waiting %s for one each",
                            wait).containsExactlyInAnyOrder(2, 0);
            assertThat(settledAssignments(broker, topic, "consumer", sizes -> sizes.equals(List.of(1, 1)), PATIENCE))
                    .as("partitions each of two KIP-848 members owns on the broker itself").containsExactly(1, 1);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void streamsHeartbeatAnswersLoseTheLastActiveTaskOfEachSubtopologyWithSeveral() {
        StreamsGroupHeartbeatResponseData data = new StreamsGroupHeartbeatResponseData()
                .setActiveTasks(new ArrayList<>(List.of(
                        new TaskIds().setSubtopologyId("0").setPartitions(new ArrayList<>(List.of(2, 0, 1))),
                        new TaskIds().setSubtopologyId("1").setPartitions(new ArrayList<>(List.of(0))))))
                .setStandbyTasks(new ArrayList<>(List.of(
                        new TaskIds().setSubtopologyId("0").setPartitions(new ArrayList<>(List.of(0, 1))))));
        Exchange exchange = new Exchange(1, new RequestHeader(ApiKeys.STREAMS_GROUP_HEARTBEAT,
                ApiKeys.STREAMS_GROUP_HEARTBEAT.latestVersion(), "client", 7), new TopicNames());
        StreamsHeartbeatDropsTask mutation = new StreamsHeartbeatDropsTask();

        assertThat(mutation.interceptsResponse(ApiKeys.STREAMS_GROUP_HEARTBEAT)).isTrue();
        mutation.onResponse(exchange, new StreamsGroupHeartbeatResponse(data));

        assertThat(data.activeTasks()).extracting(TaskIds::subtopologyId, TaskIds::partitions)
                .containsExactly(tuple("0", List.of(0, 1)), tuple("1", List.of(0)));
        assertThat(data.standbyTasks().get(0).partitions()).as("standby tasks").containsExactly(0, 1);
        StreamsGroupHeartbeatResponseData unchanged = new StreamsGroupHeartbeatResponseData().setActiveTasks(null);
        mutation.onResponse(exchange, new StreamsGroupHeartbeatResponse(unchanged));
        assertThat(unchanged.activeTasks()).as("an answer without an assignment").isNull();
    }

    /**
     * Two members of a new group ({@code group.protocol} classic or consumer) subscribe to {@code topic} and
     * are polled in turn until {@code done} holds for the numbers of partitions they own, or for
     * {@code wait}; returns those numbers, member by member.
     */
    private static List<Integer> settledAssignments(String bootstrap, String topic, String protocol,
                                                    Predicate<List<Integer>> done, Duration wait) {
        Map<String, Object> config = Map.of(ConsumerConfig.GROUP_ID_CONFIG, Clients.unique("group-" + protocol),
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        try (KafkaConsumer<String, String> a = Clients.consumer(bootstrap, config);
             KafkaConsumer<String, String> b = Clients.consumer(bootstrap, config)) {
            a.subscribe(List.of(topic));
            b.subscribe(List.of(topic));
            long deadline = System.nanoTime() + wait.toNanos();
            List<Integer> sizes = List.of(0, 0);
            while (!done.test(sizes) && System.nanoTime() < deadline) {
                a.poll(Duration.ofMillis(100));
                b.poll(Duration.ofMillis(100));
                sizes = List.of(a.assignment().size(), b.assignment().size());
            }
            return sizes;
        }
    }

    /** The members of {@code group} as the broker describes them while a static member is in it. */
    private static Collection<MemberDescription> joinedMembers(String bootstrap, Admin admin, String group,
                                                               String topic) throws Exception {
        KafkaConsumer<String, String> member = Clients.consumer(bootstrap, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-1", ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000));
        try {
            member.subscribe(List.of(topic));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (member.assignment().isEmpty() && System.nanoTime() < deadline) {
                member.poll(Duration.ofMillis(100));
            }
            assertThat(member.assignment()).as("partitions of the member of %s", group).isNotEmpty();
            return admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(10, TimeUnit.SECONDS)
                    .members();
        } finally {
            member.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        }
    }
}
