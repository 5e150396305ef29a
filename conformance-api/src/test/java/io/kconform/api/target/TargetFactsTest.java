package io.kconform.api.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

class TargetFactsTest {

    private static TargetFacts facts(short produceMax, short txnVersion) {
        TreeMap<Integer, ApiRange> apis = new TreeMap<>();
        apis.put((int) ApiKeys.PRODUCE.id, new ApiRange((short) 3, produceMax));
        apis.put(9999, new ApiRange((short) 0, (short) 1));
        TreeMap<String, Short> finalized = new TreeMap<>();
        finalized.put("transaction.version", txnVersion);
        return new TargetFacts(apis, (short) 4, "", new TreeMap<>(), finalized, "cluster", 1, List.of("1@127.0.0.1:9092"));
    }

    @Test
    void answersWhatTheTargetAdvertises() {
        TargetFacts facts = facts((short) 12, (short) 2);
        assertThat(facts.advertises(ApiKeys.PRODUCE)).isTrue();
        assertThat(facts.advertises(ApiKeys.FETCH)).isFalse();
        assertThat(facts.advertisesAtLeast(ApiKeys.PRODUCE, (short) 12)).isTrue();
        assertThat(facts.advertisesAtLeast(ApiKeys.PRODUCE, (short) 13)).isFalse();
        assertThat(facts.finalizedLevel("transaction.version")).contains((short) 2);
        assertThat(facts.finalizedLevel("group.version")).isEmpty();
        assertThat(facts.apiVersionsByName()).containsEntry("Produce", new ApiRange((short) 3, (short) 12))
                .containsEntry("key-9999", new ApiRange((short) 0, (short) 1));
    }

    @Test
    void theNewestCommonVersionIsTheLowerOfTheTwoNewest() {
        assertThat(facts((short) 12, (short) 2).newestCommonVersion(ApiKeys.PRODUCE)).isEqualTo((short) 12);
        assertThat(facts((short) 99, (short) 2).newestCommonVersion(ApiKeys.PRODUCE))
                .isEqualTo(ApiKeys.PRODUCE.latestVersion());
        assertThat(facts((short) 12, (short) 2).newestCommonVersion(ApiKeys.FETCH))
                .as("not advertised: the client's newest").isEqualTo(ApiKeys.FETCH.latestVersion());
    }

    @Test
    void theFingerprintChangesWithWhatIsAdvertisedAndOnlyThen() {
        assertThat(facts((short) 12, (short) 2).fingerprint()).isEqualTo(facts((short) 12, (short) 2).fingerprint())
                .startsWith("sha256:")
                .isNotEqualTo(facts((short) 11, (short) 2).fingerprint())
                .isNotEqualTo(facts((short) 12, (short) 1).fingerprint());
    }
}
