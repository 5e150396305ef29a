package io.kconform.checks.connect;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.mirror.DefaultReplicationPolicy;

/**
 * MirrorMaker 2's default replication policy with every topic MirrorMaker names itself under the
 * run's prefix, so that the run's cleanup deletes them like any other topic a check made. Remote
 * topics already are ({@code <source alias>.<topic>}, and the checks give the source cluster an
 * alias from {@code ctx.name}); the default policy's offset-syncs topic
 * ({@code mm2-offset-syncs.<alias>.internal}) and heartbeats topic ({@code heartbeats}) are not,
 * and would be left behind on the target (or shared between runs).
 *
 * <p>The prefix is the connector property {@value #PREFIX}; MirrorMaker configures its policy with
 * all of a connector's properties. The names keep MirrorMaker's conventions that matter to it: the
 * offset-syncs and checkpoints topics end with {@code .internal}, which makes them internal topics
 * that are never replicated.
 */
public class PrefixedReplicationPolicy extends DefaultReplicationPolicy {

    /** The connector property that names the prefix, a name from {@code ctx.name}. */
    public static final String PREFIX = "kconform.topics.prefix";

    private String prefix;

    @Override
    public void configure(Map<String, ?> props) {
        super.configure(props);
        Object value = props.get(PREFIX);
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException(PREFIX, value, "the prefix of MirrorMaker's own topics must be given");
        }
        prefix = value.toString();
    }

    @Override
    public String offsetSyncsTopic(String clusterAlias) {
        return prefix + "-offset-syncs-" + clusterAlias + ".internal";
    }

    @Override
    public String checkpointsTopic(String clusterAlias) {
        return prefix + "-checkpoints-" + clusterAlias + ".internal";
    }

    @Override
    public String heartbeatsTopic() {
        return prefix + "-heartbeats";
    }

    @Override
    public boolean isCheckpointsTopic(String topic) {
        return topic.startsWith(prefix + "-checkpoints-") && topic.endsWith(".internal");
    }

    /** The default policy knows its own internal topics by their {@code mm2} start, which these lack. */
    @Override
    public boolean isMM2InternalTopic(String topic) {
        return topic.startsWith(prefix + "-") && topic.endsWith(".internal") || super.isMM2InternalTopic(topic);
    }
}
