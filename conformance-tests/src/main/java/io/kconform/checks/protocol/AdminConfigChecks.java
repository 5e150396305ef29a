package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSynonym;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Reading and changing a topic's configuration: DescribeConfigs with sources and synonyms (how tools
 * and Kafka Connect learn what a topic really does) and IncrementalAlterConfigs (how retention and
 * cleanup are changed on a live topic). Every change is observed through a later DescribeConfigs, not
 * through the change's own answer. SHOULD at INGEST, as topic administration is: applications depend on
 * it for their own topics, while produce and consume do not; the validate-only dry run is MAY.
 */
class AdminConfigChecks {

    private static final String RETENTION = "retention.ms";
    private static final String RETENTION_VALUE = "86400456";
    private static final String CLEANUP = "cleanup.policy";
    /** Set for real after a change that must not happen, to read the configuration from after both. */
    private static final ConfigEntry MARKER = new ConfigEntry("segment.jitter.ms", "4321");
    /** A topic config Kafka sets from broker defaults, which the checks never set themselves. */
    private static final String UNSET = "segment.ms";
    private static final Set<ConfigSource> BROKER_SOURCES = Set.of(ConfigSource.DEFAULT_CONFIG,
            ConfigSource.STATIC_BROKER_CONFIG, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
            ConfigSource.DYNAMIC_BROKER_CONFIG);

    /** Config sources from the highest precedence to the lowest (KIP-226); others are not ordered. */
    private static final List<ConfigSource> PRECEDENCE = List.of(ConfigSource.DYNAMIC_TOPIC_CONFIG,
            ConfigSource.DYNAMIC_BROKER_CONFIG, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
            ConfigSource.STATIC_BROKER_CONFIG, ConfigSource.DEFAULT_CONFIG);

    @Check(id = "protocol.admin.describe-configs-sources-synonyms",
            title = "DescribeConfigs reports each value with its source and, when asked, its synonyms in order of"
                    + " precedence: a topic override first, with source DYNAMIC_TOPIC_CONFIG; each value is that of its"
                    + " first synonym, for the topic's and a broker's configs",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-133 (DescribeConfigs)", "KIP-226 (config sources and synonyms, DescribeConfigs v1)"},
            hint = "A config set at creation must be reported with source DYNAMIC_TOPIC_CONFIG and synonyms that start"
                    + " with that override; a config left unset must report a broker or default source. Synonyms come"
                    + " in order of precedence (topic, dynamic broker, dynamic default, static broker, default), and"
                    + " an entry's value and source are those of its first synonym. Reading a broker's configs needs"
                    + " DESCRIBE_CONFIGS on the cluster.")
    @RequiresApi(value = ApiKeys.DESCRIBE_CONFIGS, minVersion = 1)
    @RequiresApi(ApiKeys.CREATE_TOPICS)
    void describeConfigsSourcesSynonyms(CheckContext ctx) {
        String topic = ctx.createTopic("described", 1, Map.of(RETENTION, RETENTION_VALUE));
        Config config = AdminObserver.topicConfig(ctx, topic, true);

        ConfigEntry set = config.get(RETENTION);
        assertThat(set).as("%s of %s in DescribeConfigs", RETENTION, topic).isNotNull();
        ctx.evidence("%s=%s (source %s), synonyms %s", RETENTION, set.value(), set.source(), synonyms(set));
        assertThat(set.value()).as("value of %s", RETENTION).isEqualTo(RETENTION_VALUE);
        assertThat(set.source()).as("source of %s, set at creation", RETENTION)
                .isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);
        assertThat(set.synonyms()).as("synonyms of %s", RETENTION).isNotEmpty();
        ConfigSynonym first = set.synonyms().get(0);
        assertThat(List.of(first.name(), String.valueOf(first.value()), first.source()))
                .as("first synonym of %s: the topic override itself", RETENTION)
                .containsExactly(RETENTION, RETENTION_VALUE, ConfigSource.DYNAMIC_TOPIC_CONFIG);

        ConfigEntry unset = config.get(UNSET);
        assertThat(unset).as("%s of %s in DescribeConfigs", UNSET, topic).isNotNull();
        ctx.evidence("%s=%s (source %s), synonyms %s", UNSET, unset.value(), unset.source(), synonyms(unset));
        assertThat(unset.source()).as("source of %s, never set on the topic", UNSET).isIn(BROKER_SOURCES);
        assertThat(unset.synonyms()).as("synonyms of %s, never set on the topic", UNSET)
                .noneMatch(s -> s.source() == ConfigSource.DYNAMIC_TOPIC_CONFIG);
        int topicEntries = assertSynonymsInOrder(ctx, "topic " + topic, config);

        String broker = String.valueOf(Await.result(ctx.admin().describeCluster().nodes(), "the brokers").stream()
                .mapToInt(Node::id).min().orElseThrow(() -> new AssertionError("DescribeCluster named no broker")));
        ConfigResource brokerResource = new ConfigResource(ConfigResource.Type.BROKER, broker);
        Config brokerConfig = Await.result(ctx.admin().describeConfigs(List.of(brokerResource),
                new DescribeConfigsOptions().includeSynonyms(true)).all(), "the configuration of broker " + broker)
                .get(brokerResource);
        assertThat(brokerConfig).as("configuration of broker %s", broker).isNotNull();
        int brokerEntries = assertSynonymsInOrder(ctx, "broker " + broker, brokerConfig);
        ctx.evidence("entries with synonyms: %d of topic %s, %d of broker %s", topicEntries, topic, brokerEntries, broker);
        assertThat(brokerEntries).as("configs of broker %s listed with synonyms", broker).isPositive();
    }

    /**
     * Asserts, for every entry of {@code config} that has synonyms, that its value and source are its first
     * synonym's and that its synonyms come in order of precedence.
     *
     * @return how many entries had synonyms
     */
    private static int assertSynonymsInOrder(CheckContext ctx, String what, Config config) {
        int withSynonyms = 0;
        for (ConfigEntry entry : config.entries()) {
            List<ConfigSynonym> list = entry.synonyms();
            if (list.isEmpty()) {
                continue;
            }
            withSynonyms++;
            if (list.size() > 1 && withSynonyms <= 3) {
                ctx.evidence("%s: %s=%s (source %s), synonyms %s", what, entry.name(),
                        entry.isSensitive() ? "(sensitive)" : entry.value(), entry.source(), synonyms(entry));
            }
            ConfigSynonym first = list.get(0);
            assertThat(List.of(String.valueOf(entry.value()), entry.source()))
                    .as("value and source of %s of %s: those of its first synonym %s", entry.name(), what, first.name())
                    .containsExactly(String.valueOf(first.value()), first.source());
            List<Integer> ranks = list.stream().map(s -> PRECEDENCE.indexOf(s.source())).filter(r -> r >= 0).toList();
            assertThat(ranks).as("precedence of the synonyms of %s of %s (%s)", entry.name(), what, synonyms(entry))
                    .isSorted();
        }
        return withSynonyms;
    }

    @Check(id = "protocol.admin.incremental-alter-configs",
            title = "IncrementalAlterConfigs SET, APPEND, SUBTRACT and DELETE change a topic's configuration as"
                    + " DescribeConfigs then reports it",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-339 (IncrementalAlterConfigs)", "Kafka protocol guide: IncrementalAlterConfigs"},
            hint = "SET retention.ms must make it a topic override; after SET cleanup.policy=delete, APPEND compact"
                    + " must give delete,compact and SUBTRACT delete must leave compact; DELETE retention.ms must"
                    + " bring back the value and source it had before the SET.")
    @RequiresApi(ApiKeys.INCREMENTAL_ALTER_CONFIGS)
    @RequiresApi(ApiKeys.DESCRIBE_CONFIGS)
    void incrementalAlterConfigs(CheckContext ctx) {
        String topic = ctx.createTopic("altered", 1, Map.of());
        ConfigEntry before = AdminObserver.entry(ctx, topic, RETENTION);

        alter(ctx, topic, new AlterConfigOp(new ConfigEntry(RETENTION, RETENTION_VALUE), AlterConfigOp.OpType.SET),
                false);
        ConfigEntry afterSet = AdminObserver.awaitEntry(ctx, topic, RETENTION, e -> RETENTION_VALUE.equals(e.value()));
        assertThat(afterSet.value()).as("%s after SET", RETENTION).isEqualTo(RETENTION_VALUE);
        assertThat(afterSet.source()).as("source of %s after SET", RETENTION)
                .isEqualTo(ConfigSource.DYNAMIC_TOPIC_CONFIG);

        // set explicitly, so that APPEND and SUBTRACT do not depend on the target's default cleanup policy
        alter(ctx, topic, new AlterConfigOp(new ConfigEntry(CLEANUP, "delete"), AlterConfigOp.OpType.SET), false);
        assertThat(elements(AdminObserver.awaitEntry(ctx, topic, CLEANUP,
                e -> elements(e.value()).equals(Set.of("delete"))).value()))
                .as("%s after SET delete", CLEANUP).containsExactly("delete");

        alter(ctx, topic, new AlterConfigOp(new ConfigEntry(CLEANUP, "compact"), AlterConfigOp.OpType.APPEND), false);
        assertThat(elements(AdminObserver.awaitEntry(ctx, topic, CLEANUP,
                e -> elements(e.value()).equals(Set.of("delete", "compact"))).value()))
                .as("%s after APPEND compact", CLEANUP)
                .containsExactlyInAnyOrder("delete", "compact");

        alter(ctx, topic, new AlterConfigOp(new ConfigEntry(CLEANUP, "delete"), AlterConfigOp.OpType.SUBTRACT), false);
        assertThat(elements(AdminObserver.awaitEntry(ctx, topic, CLEANUP,
                e -> elements(e.value()).equals(Set.of("compact"))).value()))
                .as("%s after SUBTRACT delete", CLEANUP).containsExactly("compact");

        alter(ctx, topic, new AlterConfigOp(new ConfigEntry(RETENTION, ""), AlterConfigOp.OpType.DELETE), false);
        ConfigEntry afterDelete = AdminObserver.awaitEntry(ctx, topic, RETENTION,
                e -> e.source() == before.source() && Objects.equals(e.value(), before.value()));
        assertThat(afterDelete.source()).as("source of %s after DELETE", RETENTION).isEqualTo(before.source());
        assertThat(afterDelete.value()).as("value of %s after DELETE: the one before SET", RETENTION)
                .isEqualTo(before.value());
    }

    @Check(id = "protocol.admin.incremental-alter-configs-invalid-refused",
            title = "IncrementalAlterConfigs refuses an invalid value and an unknown config name, and the topic's"
                    + " configuration stays as it was",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-339 (IncrementalAlterConfigs)", "Kafka protocol guide: error code 40 INVALID_CONFIG"},
            hint = "SET retention.ms=not-a-number and SET of a config name the target does not know must be answered"
                    + " with an error (INVALID_CONFIG), never NONE, and DescribeConfigs must show the old value.")
    @RequiresApi(ApiKeys.INCREMENTAL_ALTER_CONFIGS)
    @RequiresApi(ApiKeys.DESCRIBE_CONFIGS)
    void incrementalAlterConfigsInvalidRefused(CheckContext ctx) {
        String topic = ctx.createTopic("guarded", 1, Map.of());
        ConfigEntry before = AdminObserver.entry(ctx, topic, RETENTION);
        String unknownName = "kconform.no.such.config";
        List<String> accepted = new ArrayList<>();
        for (ConfigEntry invalid : List.of(new ConfigEntry(RETENTION, "not-a-number"),
                new ConfigEntry(unknownName, "1"))) {
            if (!refused(ctx, topic, new AlterConfigOp(invalid, AlterConfigOp.OpType.SET), false)) {
                accepted.add(invalid.name() + "=" + invalid.value());
            }
        }
        Config config = AdminObserver.afterMarker(ctx, topic, MARKER);
        ConfigEntry after = config.get(RETENTION);
        assertThat(after).as("%s of %s in DescribeConfigs", RETENTION, topic).isNotNull();
        ctx.evidence("DescribeConfigs %s: %s=%s (source %s), %s %s", topic, RETENTION, after.value(), after.source(),
                unknownName, config.get(unknownName) == null ? "not listed" : "listed");
        assertThat(List.of(String.valueOf(after.value()), after.source()))
                .as("%s of %s after the invalid changes", RETENTION, topic)
                .containsExactly(String.valueOf(before.value()), before.source());
        assertThat(config.get(unknownName)).as("config %s of %s", unknownName, topic).isNull();
        if (!accepted.isEmpty()) {
            fail("IncrementalAlterConfigs SET %s on %s was answered with success instead of an error", accepted, topic);
        }
    }

    @Check(id = "protocol.admin.incremental-alter-configs-validate-only",
            title = "IncrementalAlterConfigs with validate_only validates without changing anything: a valid SET"
                    + " leaves the old value, an invalid one is refused",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.MAY,
            spec = {"KIP-339 (IncrementalAlterConfigs validate_only)"},
            hint = "A validate-only SET answered NONE must not change the topic: DescribeConfigs must still report the"
                    + " value and source from before. Validation must still run: an invalid value is refused.")
    @RequiresApi(ApiKeys.INCREMENTAL_ALTER_CONFIGS)
    @RequiresApi(ApiKeys.DESCRIBE_CONFIGS)
    void incrementalAlterConfigsValidateOnly(CheckContext ctx) {
        String topic = ctx.createTopic("dry-run", 1, Map.of());
        ConfigEntry before = AdminObserver.entry(ctx, topic, RETENTION);
        alter(ctx, topic, new AlterConfigOp(new ConfigEntry(RETENTION, RETENTION_VALUE), AlterConfigOp.OpType.SET),
                true);
        ConfigEntry after = AdminObserver.afterMarker(ctx, topic, MARKER).get(RETENTION);
        assertThat(after).as("%s of %s in DescribeConfigs", RETENTION, topic).isNotNull();
        ctx.evidence("DescribeConfigs %s: %s=%s (source %s)", topic, RETENTION, after.value(), after.source());
        assertThat(List.of(String.valueOf(after.value()), after.source()))
                .as("%s of %s after a validate-only SET %s", RETENTION, topic, RETENTION_VALUE)
                .containsExactly(String.valueOf(before.value()), before.source());
        if (!refused(ctx, topic, new AlterConfigOp(new ConfigEntry(RETENTION, "not-a-number"),
                AlterConfigOp.OpType.SET), true)) {
            fail("a validate-only SET %s=not-a-number on %s was answered with success: validation did not run",
                    RETENTION, topic);
        }
    }

    private static void alter(CheckContext ctx, String topic, AlterConfigOp op, boolean validateOnly) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Await.result(ctx.admin().incrementalAlterConfigs(Map.of(resource, List.of(op)),
                new AlterConfigsOptions().validateOnly(validateOnly)).all(), op.opType() + " " + op.configEntry().name());
        ctx.evidence("IncrementalAlterConfigs %s%s %s=%s on %s: accepted", validateOnly ? "(validate_only) " : "",
                op.opType(), op.configEntry().name(), op.configEntry().value(), topic);
    }

    /** Whether the target refused the change with INVALID_CONFIG or INVALID_REQUEST. */
    private static boolean refused(CheckContext ctx, String topic, AlterConfigOp op, boolean validateOnly) {
        try {
            alter(ctx, topic, op, validateOnly);
            return false;
        } catch (InvalidConfigurationException e) {
            AdminTopicChecks.rethrowAuthorization(e);
            ctx.evidence("IncrementalAlterConfigs %s%s %s=%s: refused (%s: %s)", validateOnly ? "(validate_only) " : "",
                    op.opType(), op.configEntry().name(), op.configEntry().value(), e.getClass().getSimpleName(),
                    e.getMessage());
            return true;
        } catch (InvalidRequestException e) {
            ctx.evidence("IncrementalAlterConfigs %s %s=%s: refused (INVALID_REQUEST: %s)", op.opType(),
                    op.configEntry().name(), op.configEntry().value(), e.getMessage());
            return true;
        }
    }

    private static Set<String> elements(String list) {
        Set<String> elements = new TreeSet<>();
        if (list != null) {
            Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(elements::add);
        }
        return elements;
    }

    private static List<String> synonyms(ConfigEntry entry) {
        return entry.synonyms().stream().map(s -> s.name() + "=" + s.value() + "(" + s.source() + ")").toList();
    }
}
