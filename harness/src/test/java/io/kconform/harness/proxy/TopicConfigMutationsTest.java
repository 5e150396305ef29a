package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.RejectTopicConfig;
import io.kconform.harness.proxy.mutations.RewriteTopicConfig;
import org.apache.kafka.common.config.ConfigResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mutations of topic creation: an endpoint that does not offer some topic configs. */
@ExtendWith(SharedBroker.class)
class TopicConfigMutationsTest {

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void compactedTopicsAreRefusedWhileOtherTopicsOfTheSameRequestAreCreated() throws Exception {
        String compacted = Clients.unique("compacted");
        String plain = Clients.unique("plain");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, RejectTopicConfig.noCompaction());
             Admin admin = Clients.admin(proxy.bootstrapServers())) {
            CreateTopicsResult result = admin.createTopics(List.of(
                    new NewTopic(compacted, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(plain, 1, (short) 1)));

            assertThatThrownBy(() -> result.values().get(compacted).get())
                    .satisfies(e -> assertThat(Causes.chain(e)).anySatisfy(cause -> assertThat(cause)
                            .isInstanceOf(PolicyViolationException.class)
                            .hasMessageContaining("compacted topics are not supported")));
            result.values().get(plain).get();

            try (Admin direct = Clients.admin(broker)) {
                // the broker's metadata cache learns of a new topic a moment after the controller
                Awaitility.await("created topic in metadata").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(direct.listTopics().names().get()).contains(plain).doesNotContain(compacted));
            }
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void aRequestOfRefusedTopicsOnlyIsAnsweredWithoutTheBroker() {
        String compacted = Clients.unique("compact-delete");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, RejectTopicConfig.noCompaction());
             Admin admin = Clients.admin(proxy.bootstrapServers())) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(compacted, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact,delete")))).all().get())
                    .satisfies(e -> assertThat(Causes.chain(e)).hasAtLeastOneElementOfType(PolicyViolationException.class));
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void aRewrittenConfigIsCreatedWithTheProxysValueWhileOtherTopicsKeepTheirs() throws Exception {
        String rewritten = Clients.unique("rewritten");
        String untouched = Clients.unique("untouched");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new RewriteTopicConfig("min.compaction.lag.ms", "0"));
             Admin admin = Clients.admin(proxy.bootstrapServers())) {
            admin.createTopics(List.of(
                    new NewTopic(rewritten, 1, (short) 1).configs(Map.of("min.compaction.lag.ms", "6000")),
                    new NewTopic(untouched, 1, (short) 1).configs(Map.of("retention.ms", "600000")))).all().get();

            try (Admin direct = Clients.admin(broker)) {
                ConfigResource first = new ConfigResource(ConfigResource.Type.TOPIC, rewritten);
                ConfigResource second = new ConfigResource(ConfigResource.Type.TOPIC, untouched);
                var configs = direct.describeConfigs(List.of(first, second)).all().get();
                assertThat(configs.get(first).get("min.compaction.lag.ms").value()).isEqualTo("0");
                assertThat(configs.get(second).get("retention.ms").value()).isEqualTo("600000");
            }
            assertThat(proxy.problems()).isEmpty();
        }
    }
}
