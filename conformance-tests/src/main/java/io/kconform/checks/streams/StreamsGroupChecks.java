package io.kconform.checks.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.Check;
import io.kconform.api.OfCapability;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.RequiresFeature;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.StreamsGroupDescription;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Streams rebalance protocol (KIP-1071): the broker's group coordinator, not the client, assigns
 * tasks and creates the internal topics, through StreamsGroupHeartbeat. Apache Kafka 4.4 finalizes
 * {@code streams.version} by default; applications that opt in with {@code group.protocol=streams}
 * get faster, incremental rebalances. The check runs the battery's aggregation under it, exactly-once,
 * and compares the output with the reference.
 */
class StreamsGroupChecks {

    private static final int PARTITIONS = 3;
    private static final int CUSTOMERS = 6;
    private static final int ORDERS = 30;

    @OfCapability(Capability.STREAMS_GROUPS)
    @Check(id = "streams.streams-group.output-matches-reference",
            title = "A Kafka Streams application with group.protocol=streams (KIP-1071) runs exactly-once: the"
                    + " broker creates its internal topics and assigns its tasks, and the output equals the reference",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-1071", "KIP-447"},
            hint = "Look at StreamsGroupHeartbeat (topology initialisation, internal topic creation by the group"
                    + " coordinator, task assignment), StreamsGroupDescribe, and group.coordinator.rebalance.protocols"
                    + " including 'streams'.")
    @RequiresFeature("streams.version")
    @RequiresApi(ApiKeys.STREAMS_GROUP_HEARTBEAT)
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void outputMatchesReference(CheckContext ctx) {
        String orders = ctx.createTopic("orders", PARTITIONS, Map.of());
        String output = ctx.createTopic("totals", 1, Map.of());
        List<InputRecord> input = Inputs.orders(orders, PARTITIONS, CUSTOMERS, 0, ORDERS, Inputs.epoch());
        List<OutputRecord> reference = Reference.run(Topologies.totalsPerCustomer(orders, output, CrashOnce.never()),
                input, output, ctx.tempDir());
        Map<String, List<String>> expected = Outputs.valuesByKey(reference);

        String groupId = ctx.name("app");
        // registered before the application, so it runs after the application closed: the run's cleanup
        // deletes consumer groups, and a streams group is not one
        ctx.closeLater(() -> ctx.admin().deleteStreamsGroups(List.of(groupId)).all()
                .get(TargetContext.DEFAULT_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        StreamsApp app = StreamsApp.settings(ctx).applicationId(groupId)
                .override(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams")
                .start(Topologies.totalsPerCustomer(orders, output, CrashOnce.never()));
        app.awaitRunning(TargetContext.DEFAULT_WAIT);
        TargetIo.produce(ctx, input);
        List<OutputRecord> received = new OutputReader(ctx, output, true)
                .readAtLeast(reference.size(), app, TargetContext.DEFAULT_WAIT);

        StreamsGroupDescription group = TargetIo.await(ctx.admin().describeStreamsGroups(List.of(groupId))
                .describedGroups().get(groupId), "describing streams group " + groupId);
        ctx.evidence("streams group %s: state %s, group epoch %d, %d member(s), %d subtopologies", groupId,
                group.groupState(), group.groupEpoch(), group.members().size(), group.subtopologies().size());
        Map<String, List<String>> actual = Outputs.valuesByKey(received);
        ctx.evidence("reference: %d updates, final %s; target, read_committed: %d updates, final %s",
                reference.size(), EosOutputChecks.finals(expected), received.size(), EosOutputChecks.finals(actual));
        assertThat(actual).as("the sequence of totals per customer under the streams protocol against the reference: %s",
                Outputs.firstDifference(expected, actual)).isEqualTo(expected);
        assertThat(group.members()).as("members of the streams group %s", groupId).hasSize(1);
        assertThat(group.subtopologies()).as("subtopologies the group coordinator knows (the repartition splits"
                + " the topology in two)").hasSize(2);
    }
}
