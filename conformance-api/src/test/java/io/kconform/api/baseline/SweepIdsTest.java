package io.kconform.api.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.CheckDescriptor;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class SweepIdsTest {

    @Test
    void namesFollowTheProtocolNames() {
        assertThat(SweepIds.id(ApiKeys.FETCH, (short) 17)).isEqualTo("protocol.sweep.fetch.v17");
        assertThat(SweepIds.id(ApiKeys.LIST_OFFSETS, (short) 9)).isEqualTo("protocol.sweep.list-offsets.v9");
        assertThat(SweepIds.id(ApiKeys.DESCRIBE_TOPIC_PARTITIONS, (short) 0))
                .isEqualTo("protocol.sweep.describe-topic-partitions.v0");
    }

    @Test
    void everyKeyHasADistinctWellFormedIdThatParsesBack() {
        Set<String> seen = new HashSet<>();
        for (ApiKeys api : ApiKeys.values()) {
            if (api.latestVersion() < 0) {
                continue; // a key whose every version was removed
            }
            String id = SweepIds.id(api, api.latestVersion());
            assertThat(id).matches(CheckDescriptor.ID_PATTERN);
            assertThat(seen.add(id)).as("id %s of %s is unique", id, api).isTrue();
            assertThat(SweepIds.parse(id)).contains(new SweepIds.ApiVersion(api, api.latestVersion()));
        }
    }

    @Test
    void otherIdsAreNotSweepIds() {
        assertThat(SweepIds.parse("protocol.apiversions.answered")).isEmpty();
        assertThat(SweepIds.parse("protocol.sweep.no-such-api.v1")).isEmpty();
        assertThat(SweepIds.parse("protocol.sweep.fetch.vx")).isEmpty();
    }
}
