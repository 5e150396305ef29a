package io.kconform.checks.protocol;

import io.kconform.api.baseline.ApiBaseline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.target.ApiRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class ClientFloorTest {

    /**
     * The floors KIP-896 set for Kafka 4.0 clients. If an upgrade of kafka-clients moves one, this
     * test says so, and the check's Javadoc and hint need a look.
     */
    @Test
    void theClientOnTheClassPathHasTheKip896Floors() {
        assertThat(ClientFloor.clientRange(ApiKeys.PRODUCE).min()).isEqualTo((short) 3);
        assertThat(ClientFloor.clientRange(ApiKeys.FETCH).min()).isEqualTo((short) 4);
        assertThat(ClientFloor.clientRange(ApiKeys.LIST_OFFSETS).min()).isEqualTo((short) 1);
        assertThat(ClientFloor.clientRange(ApiKeys.METADATA).min()).isEqualTo((short) 0);
        assertThat(ClientFloor.clientRange(ApiKeys.OFFSET_COMMIT).min()).isEqualTo((short) 2);
        assertThat(ClientFloor.clientRange(ApiKeys.OFFSET_FETCH).min()).isEqualTo((short) 1);
        assertThat(ClientFloor.clientRange(ApiKeys.FIND_COORDINATOR).min()).isEqualTo((short) 0);
        assertThat(ClientFloor.clientRange(ApiKeys.JOIN_GROUP).min()).isEqualTo((short) 0);
        assertThat(ClientFloor.clientRange(ApiKeys.OFFSET_FOR_LEADER_EPOCH).min()).isEqualTo((short) 2);
        assertThat(ClientFloor.clientRange(ApiKeys.CREATE_TOPICS).min()).isEqualTo((short) 2);
    }

    @Test
    void theReferenceBaselineHasNoViolation() {
        Map<Integer, ApiRange> reference = new HashMap<>();
        ApiBaseline.kafka44().entries().values().forEach(e -> reference.put(e.key(), e.range()));
        assertThat(ClientFloor.violations(reference)).isEmpty();
    }

    @Test
    void rangesBelowTheFloorAreViolations() {
        Map<Integer, ApiRange> advertised = Map.of(
                (int) ApiKeys.PRODUCE.id, range(0, 2),
                (int) ApiKeys.FETCH.id, range(0, 11),
                (int) ApiKeys.OFFSET_COMMIT.id, range(0, 1));
        List<ClientFloor.Violation> violations = ClientFloor.violations(advertised);
        assertThat(violations).extracting(ClientFloor.Violation::api)
                .containsExactly(ApiKeys.PRODUCE, ApiKeys.OFFSET_COMMIT);
        assertThat(violations.get(0).describe()).isEqualTo("Produce: advertised v0-2, Java clients speak v3-13");
    }

    @Test
    void rangesAboveTheClientAreViolationsButMissingApisAreNot() {
        Map<Integer, ApiRange> advertised = Map.of((int) ApiKeys.METADATA.id, range(99, 100));
        assertThat(ClientFloor.violations(advertised)).extracting(ClientFloor.Violation::api)
                .containsExactly(ApiKeys.METADATA);
        assertThat(ClientFloor.malformed(advertised)).isEmpty();
        assertThat(ClientFloor.violations(Map.of())).isEmpty();
        assertThat(ClientFloor.malformed(Map.of())).isEmpty();
    }

    @Test
    void rangesThatHoldNoVersionAreMalformedNotViolations() {
        Map<Integer, ApiRange> advertised = Map.of(
                (int) ApiKeys.FETCH.id, range(4, 3),
                (int) ApiKeys.PRODUCE.id, range(14, 13),
                (int) ApiKeys.METADATA.id, range(-1, 13),
                (int) ApiKeys.OFFSET_COMMIT.id, range(0, 1));
        assertThat(ClientFloor.malformed(advertised)).extracting(ClientFloor.Violation::api)
                .containsExactly(ApiKeys.METADATA, ApiKeys.PRODUCE, ApiKeys.FETCH);
        assertThat(ClientFloor.violations(advertised)).extracting(ClientFloor.Violation::api)
                .containsExactly(ApiKeys.OFFSET_COMMIT);
    }

    private static ApiRange range(int min, int max) {
        return new ApiRange((short) min, (short) max);
    }
}
