package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.HideListedGroups;
import io.kconform.harness.proxy.mutations.IgnoreGroupInstanceId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mutations of consumer groups: what a member asks for is not what the broker is told. */
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
