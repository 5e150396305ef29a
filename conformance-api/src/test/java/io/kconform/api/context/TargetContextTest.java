package io.kconform.api.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.target.ApiRange;
import io.kconform.api.target.ResourceNames;
import io.kconform.api.target.Target;
import io.kconform.api.target.TargetFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.Test;

/** What a check needs only incidentally adapts to what the target offers; what it asks for does not. */
class TargetContextTest {

    private static Target target(ApiKeys... advertised) {
        TreeMap<Integer, ApiRange> apis = new TreeMap<>();
        for (ApiKeys api : advertised) {
            apis.put((int) api.id, new ApiRange(api.oldestVersion(), api.latestVersion()));
        }
        TargetFacts facts = new TargetFacts(apis, (short) 4, "", new TreeMap<>(), new TreeMap<>(), "cluster", 1,
                List.of("1@127.0.0.1:9092"));
        ResourceNames names = ResourceNames.withPrefix("kconform-test0001");
        return new Target() {
            public String name() {
                return "test";
            }

            public String bootstrapServers() {
                return "127.0.0.1:9092";
            }

            public Map<String, Object> clientProperties() {
                return Map.of();
            }

            public TargetFacts facts() {
                return facts;
            }

            public ResourceNames names() {
                return names;
            }
        };
    }

    /** Records what was adapted, as a check's context shows it in the evidence. */
    private static final class Recording extends TargetContext {
        final List<String> adapted = new ArrayList<>();

        Recording(Target target) {
            super(target, "check");
        }

        @Override
        protected void adapted(String what) {
            adapted.add(what);
        }
    }

    @Test
    void aProducerForDataIsIdempotentOnlyWhereTheTargetOffersInitProducerId() {
        Recording offered = new Recording(target(ApiKeys.PRODUCE, ApiKeys.INIT_PRODUCER_ID));
        assertThat(offered.dataProducerConfig(Map.of())).doesNotContainKeys(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        assertThat(offered.adapted).isEmpty();

        Recording notOffered = new Recording(target(ApiKeys.PRODUCE));
        assertThat(notOffered.dataProducerConfig(Map.of(ProducerConfig.ACKS_CONFIG, "all")))
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false)
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
        notOffered.dataProducerConfig(Map.of());
        assertThat(notOffered.adapted).as("said once per context").hasSize(1);
        assertThat(notOffered.adapted.get(0)).contains("InitProducerId", "eos.idempotent.default-producer");
    }

    @Test
    void whatTheCheckAskedForIsKept() {
        Recording notOffered = new Recording(target(ApiKeys.PRODUCE));
        assertThat(notOffered.dataProducerConfig(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)))
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .doesNotContainKey(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        assertThat(notOffered.dataProducerConfig(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "t")))
                .doesNotContainKey(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        assertThat(notOffered.dataProducerConfig(Map.of(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)))
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false)
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        assertThat(notOffered.adapted).hasSize(1);
    }

    @Test
    void theTargetsDefaultReplicationFactorIsAskedForWhereCreateTopicsCanAskForIt() {
        Recording current = new Recording(target(ApiKeys.CREATE_TOPICS));
        assertThat(current.explicitReplicationFactor()).isEmpty();
        Recording none = new Recording(target(ApiKeys.PRODUCE));
        assertThat(none.explicitReplicationFactor()).as("no CreateTopics at all: nothing to adapt").isEmpty();
        assertThat(current.adapted).isEmpty();
        assertThat(none.adapted).isEmpty();
    }

    @Test
    void theDefaultProducerKeepsTheClientDefaultsEverywhere() {
        Recording notOffered = new Recording(target(ApiKeys.PRODUCE));
        assertThat(notOffered.producerConfig(Map.of())).doesNotContainKeys(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                ProducerConfig.ACKS_CONFIG, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        assertThat(notOffered.adapted).isEmpty();
    }
}
