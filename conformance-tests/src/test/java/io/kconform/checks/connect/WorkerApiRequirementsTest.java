package io.kconform.checks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.target.ApiRange;
import io.kconform.api.target.TargetFacts;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class WorkerApiRequirementsTest {

    private static TargetFacts advertising(ApiKeys... apis) {
        TreeMap<Integer, ApiRange> versions = new TreeMap<>();
        for (ApiKeys api : apis) {
            versions.put((int) api.id, new ApiRange((short) 0, api.latestVersion()));
        }
        return new TargetFacts(versions, (short) 3, "", new TreeMap<>(), new TreeMap<>(), "c", 1, List.of());
    }

    @Test
    void aTargetWithEverythingLacksNothing() {
        TargetFacts all = advertising(ApiKeys.values());
        assertThat(ConnectWorker.missingApis(all, true)).isEmpty();
    }

    @Test
    void anIngestOnlyTargetLacksTheGroupProtocol() {
        TargetFacts ingest = advertising(ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE, ApiKeys.FETCH,
                ApiKeys.LIST_OFFSETS, ApiKeys.CREATE_TOPICS, ApiKeys.FIND_COORDINATOR);
        assertThat(ConnectWorker.missingApis(ingest, false))
                .containsExactly(ApiKeys.JOIN_GROUP.name, ApiKeys.SYNC_GROUP.name, ApiKeys.HEARTBEAT.name);
    }

    @Test
    void exactlyOnceAlsoNeedsTransactions() {
        TargetFacts noTransactions = advertising(ApiKeys.METADATA, ApiKeys.PRODUCE, ApiKeys.FETCH,
                ApiKeys.LIST_OFFSETS, ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP,
                ApiKeys.HEARTBEAT, ApiKeys.CREATE_TOPICS);
        assertThat(ConnectWorker.missingApis(noTransactions, false)).isEmpty();
        assertThat(ConnectWorker.missingApis(noTransactions, true)).containsExactly(ApiKeys.INIT_PRODUCER_ID.name,
                ApiKeys.ADD_PARTITIONS_TO_TXN.name, ApiKeys.END_TXN.name);
    }
}
