package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.DescribeConfigsWithoutSources;
import io.kconform.harness.proxy.mutations.IgnoreValidateOnly;
import io.kconform.harness.proxy.mutations.MaskAdminErrors;
import io.kconform.harness.proxy.mutations.ReverseConfigSynonyms;
import io.kconform.harness.proxy.mutations.SwallowAdmin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.ApiKeys;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mutations of topic administration: admin calls acknowledged but not carried out, refusals turned into
 * success, dry runs carried out, config sources lost. Each test makes the call through the proxy and
 * looks at the broker directly.
 */
@ExtendWith(SharedBroker.class)
class TopicAdminMutationsTest {

    private static final String RETENTION = "retention.ms";

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void swallowedCreateTopicsIsAnsweredCreatedButNothingIsCreated() throws Exception {
        String topic = Clients.unique("never-created");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new SwallowAdmin(ApiKeys.CREATE_TOPICS));
             Admin admin = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();

            Thread.sleep(500);
            assertThat(direct.listTopics().names().get()).doesNotContain(topic);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void swallowedDeleteTopicsLeavesTheTopic() throws Exception {
        String topic = Clients.unique("kept");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new SwallowAdmin(ApiKeys.DELETE_TOPICS));
             Admin admin = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            admin.deleteTopics(List.of(topic)).all().get();

            Thread.sleep(500);
            assertThat(direct.listTopics().names().get()).contains(topic);
            assertThat(proxy.problems()).isEmpty();
            direct.deleteTopics(List.of(topic)).all().get();
        }
    }

    @Test
    void swallowedCreatePartitionsKeepsThePartitionCount() throws Exception {
        String topic = Clients.unique("one-partition");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new SwallowAdmin(ApiKeys.CREATE_PARTITIONS));
             Admin admin = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3))).all().get();

            Thread.sleep(500);
            assertThat(partitions(direct, topic)).isEqualTo(1);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void swallowedIncrementalAlterConfigsChangesNothing() throws Exception {
        String topic = Clients.unique("unaltered");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new SwallowAdmin(ApiKeys.INCREMENTAL_ALTER_CONFIGS));
             Admin admin = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            String before = retention(direct, topic).value();
            set(admin, topic, "123456789", false);

            assertThat(retention(direct, topic).value()).isEqualTo(before).isNotEqualTo("123456789");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void maskedErrorsMakeAPartitionDecreaseLookAccepted() throws Exception {
        String topic = Clients.unique("three-partitions");
        Clients.createTopics(broker, 3, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new MaskAdminErrors(ApiKeys.CREATE_PARTITIONS));
             Admin admin = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get();

            assertThat(partitions(direct, topic)).isEqualTo(3);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void maskedErrorsMakeAnInvalidConfigLookAccepted() throws Exception {
        String topic = Clients.unique("invalid-accepted");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new MaskAdminErrors(ApiKeys.INCREMENTAL_ALTER_CONFIGS));
             Admin admin = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            String before = retention(direct, topic).value();
            set(admin, topic, "not-a-number", false);

            assertThat(retention(direct, topic).value()).isEqualTo(before);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void ignoredValidateOnlyCreatesTheTopic() throws Exception {
        String topic = Clients.unique("dry-run-created");
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new IgnoreValidateOnly(ApiKeys.CREATE_TOPICS));
             Admin admin = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)), new CreateTopicsOptions().validateOnly(true))
                    .all().get();

            Awaitility.await("topic created by a dry run").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(direct.listTopics().names().get()).contains(topic));
            assertThat(proxy.problems()).isEmpty();
            direct.deleteTopics(List.of(topic)).all().get();
        }
    }

    @Test
    void ignoredValidateOnlyChangesTheConfig() throws Exception {
        String topic = Clients.unique("dry-run-altered");
        Clients.createTopics(broker, topic);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker,
                new IgnoreValidateOnly(ApiKeys.INCREMENTAL_ALTER_CONFIGS));
             Admin admin = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            set(admin, topic, "123456789", true);

            assertThat(retention(direct, topic).value()).isEqualTo("123456789");
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void describeConfigsWithoutSourcesKeepsValuesAndLosesSourcesAndSynonyms() throws Exception {
        String topic = Clients.unique("sourceless");
        try (Admin direct = Clients.admin(broker)) {
            direct.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(RETENTION, "123456789"))))
                    .all().get();
        }
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new DescribeConfigsWithoutSources());
             Admin admin = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            ConfigEntry seen = retention(admin, topic);
            ConfigEntry real = retention(direct, topic);

            assertThat(real.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(real.synonyms()).isNotEmpty();
            assertThat(seen.value()).isEqualTo("123456789");
            assertThat(seen.source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(seen.synonyms()).isEmpty();
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void reversedSynonymsPutTheDefaultFirst() throws Exception {
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new ReverseConfigSynonyms());
             Admin admin = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            String id = String.valueOf(direct.describeCluster().nodes().get().iterator().next().id());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, id);
            // set statically by the embedded reference, so it has a static and a default synonym
            String name = "offsets.topic.num.partitions";
            ConfigEntry real = direct.describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(true))
                    .all().get().get(resource).get(name);
            ConfigEntry seen = admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(true))
                    .all().get().get(resource).get(name);

            assertThat(real.synonyms()).hasSizeGreaterThan(1);
            assertThat(seen.value()).isEqualTo(real.value());
            assertThat(seen.source()).isEqualTo(real.source());
            List<ConfigEntry.ConfigSynonym> reversed = new java.util.ArrayList<>(real.synonyms());
            java.util.Collections.reverse(reversed);
            assertThat(seen.synonyms()).isEqualTo(reversed);
            assertThat(seen.synonyms().get(0).source()).isEqualTo(ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            assertThat(proxy.problems()).isEmpty();
        }
    }

    @Test
    void unsupportedApisAreRefusedWhenTheMutationIsMade() {
        assertThatThrownBy(() -> new SwallowAdmin(ApiKeys.PRODUCE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaskAdminErrors(ApiKeys.DELETE_TOPICS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IgnoreValidateOnly(ApiKeys.CREATE_PARTITIONS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    private static ConfigEntry retention(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource), new DescribeConfigsOptions().includeSynonyms(true)).all().get()
                .get(resource).get(RETENTION);
    }

    private static void set(Admin admin, String topic, String value, boolean validateOnly) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(RETENTION, value),
                AlterConfigOp.OpType.SET))), new AlterConfigsOptions().validateOnly(validateOnly)).all().get();
    }
}
