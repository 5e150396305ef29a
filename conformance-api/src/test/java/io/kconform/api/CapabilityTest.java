package io.kconform.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class CapabilityTest {

    @Test
    void everyApiNamedIsAKeyOfTheKafkaClientsKconformIsBuiltAgainst() {
        // the names are looked up, not compiled in: a misspelt one would silently drop its key
        assertThat(Capability.KIP_848_GROUPS.apis())
                .containsExactly(ApiKeys.CONSUMER_GROUP_HEARTBEAT, ApiKeys.CONSUMER_GROUP_DESCRIBE);
        assertThat(Capability.SHARE_GROUPS.apis()).hasSize(12).contains(ApiKeys.SHARE_GROUP_HEARTBEAT,
                ApiKeys.SHARE_FETCH, ApiKeys.SHARE_ACKNOWLEDGE, ApiKeys.DELETE_SHARE_GROUP_OFFSETS);
        assertThat(Capability.STREAMS_GROUPS.apis()).containsExactly(ApiKeys.STREAMS_GROUP_HEARTBEAT,
                ApiKeys.STREAMS_GROUP_DESCRIBE, ApiKeys.STREAMS_GROUP_TOPOLOGY_DESCRIPTION_UPDATE);
        assertThat(Capability.TRANSACTIONS_V2.apis()).isEmpty();
        assertThat(Capability.DESCRIBE_TOPIC_PARTITIONS.apis()).containsExactly(ApiKeys.DESCRIBE_TOPIC_PARTITIONS);
    }

    @Test
    void anApiBelongsToTheCapabilityItExistsFor() {
        assertThat(Capability.ofApi(ApiKeys.SHARE_FETCH)).contains(Capability.SHARE_GROUPS);
        assertThat(Capability.ofApi(ApiKeys.CONSUMER_GROUP_DESCRIBE)).contains(Capability.KIP_848_GROUPS);
        assertThat(Capability.ofApi(ApiKeys.FETCH)).isEmpty();
    }
}
