package io.kconform.checks.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PrefixedReplicationPolicyTest {

    private static final String PREFIX = "kconform-abc-check-mm";

    private static PrefixedReplicationPolicy policy() {
        PrefixedReplicationPolicy policy = new PrefixedReplicationPolicy();
        policy.configure(Map.of(PrefixedReplicationPolicy.PREFIX, PREFIX));
        return policy;
    }

    @Test
    void everyTopicMirrorMakerNamesItselfIsUnderThePrefix() {
        PrefixedReplicationPolicy policy = policy();
        assertThat(policy.offsetSyncsTopic("kconform-abc-check-dst")).startsWith(PREFIX + "-");
        assertThat(policy.checkpointsTopic("kconform-abc-check-src")).startsWith(PREFIX + "-");
        assertThat(policy.heartbeatsTopic()).startsWith(PREFIX + "-");
    }

    @Test
    void offsetSyncsAndCheckpointsAreInternalAndNeverReplicated() {
        PrefixedReplicationPolicy policy = policy();
        String syncs = policy.offsetSyncsTopic("kconform-abc-check-dst");
        String checkpoints = policy.checkpointsTopic("kconform-abc-check-src");
        assertThat(policy.isInternalTopic(syncs)).as(syncs).isTrue();
        assertThat(policy.isInternalTopic(checkpoints)).as(checkpoints).isTrue();
        assertThat(policy.isCheckpointsTopic(checkpoints)).isTrue();
        assertThat(policy.isHeartbeatsTopic(policy.heartbeatsTopic())).isTrue();
        assertThat(policy.isInternalTopic("kconform-abc-check-data")).isFalse();
    }

    @Test
    void remoteTopicsKeepTheDefaultNaming() {
        PrefixedReplicationPolicy policy = policy();
        String remote = policy.formatRemoteTopic("kconform-abc-check-src", "kconform-abc-check-data");
        assertThat(remote).isEqualTo("kconform-abc-check-src.kconform-abc-check-data");
        assertThat(policy.topicSource(remote)).isEqualTo("kconform-abc-check-src");
        assertThat(policy.upstreamTopic(remote)).isEqualTo("kconform-abc-check-data");
    }

    @Test
    void aPolicyWithoutPrefixIsRefused() {
        assertThatThrownBy(() -> new PrefixedReplicationPolicy().configure(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(PrefixedReplicationPolicy.PREFIX);
    }
}
