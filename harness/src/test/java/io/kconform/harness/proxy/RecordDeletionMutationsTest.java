package io.kconform.harness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.harness.launch.RunningTarget;
import io.kconform.harness.proxy.mutations.SwallowAdmin;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mutations of DeleteRecords: records said to be deleted that stay in the log. */
@ExtendWith(SharedBroker.class)
class RecordDeletionMutationsTest {

    private static String broker;

    @BeforeAll
    static void broker(RunningTarget target) {
        broker = target.bootstrapServers();
    }

    @Test
    void swallowedDeleteRecordsAnswersTheOffsetAskedForAndLeavesTheLogStart() throws Exception {
        String topic = Clients.unique("delete-records");
        Clients.createTopics(broker, topic);
        Clients.produce(broker, topic, Map.of(), Clients.values(5, "d"));
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaMutatingProxy proxy = KafkaMutatingProxy.start(broker, new SwallowAdmin(ApiKeys.DELETE_RECORDS));
             Admin viaProxy = Clients.admin(proxy.bootstrapServers());
             Admin direct = Clients.admin(broker)) {
            long lowWatermark = viaProxy.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(3)))
                    .lowWatermarks().get(partition).get(10, TimeUnit.SECONDS).lowWatermark();

            assertThat(lowWatermark).isEqualTo(3);
            assertThat(direct.listOffsets(Map.of(partition, OffsetSpec.earliest())).partitionResult(partition)
                    .get(10, TimeUnit.SECONDS).offset()).isZero();
            assertThat(proxy.problems()).isEmpty();
        }
    }
}
