package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.ChangesCluster;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.RequiresBrokers;
import io.kconform.api.RequiresFacility;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.outcome.HarnessException;
import io.kconform.api.outcome.SetUpRefusedByTargetException;
import io.kconform.api.target.BrokerControl;
import io.kconform.api.target.Facility;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A preferred leader election that has something to do. After a broker restart its partitions stay
 * led by the replicas that took over; ElectLeaders (PREFERRED) is how an operator gives leadership
 * back, and Apache Kafka moves it at once. On one broker nothing can ever need electing, so
 * {@code protocol.admin.elect-leaders} can only see the answer; this check sees the effect.
 *
 * <p>It stops a broker, which every other check running at the same time would feel, so the class
 * runs {@link Isolated isolated}, and it starts the broker again whatever its outcome.
 */
@Isolated("stops a broker of the target, which every other check shares")
class LeaderElectionChecks {

    /** A controlled shutdown moves leadership away; a restarted broker catches up and rejoins the ISR. */
    private static final Duration MOVE_WAIT = Duration.ofSeconds(40);

    @Check(id = "protocol.admin.elect-leaders-preferred-restored",
            title = "After its preferred replica was restarted and lost the leadership, a preferred leader election"
                    + " gives the partition back to the preferred replica",
            battery = Battery.PROTOCOL, level = Level.INGEST, strength = Strength.SHOULD,
            spec = {"KIP-460 (ElectLeaders with election type)", "KIP-183 (preferred replica election)"},
            hint = "A PREFERRED election of a partition whose first replica is in sync but not leading must make that"
                    + " replica the leader: look at whether ElectLeaders reaches the controller, and whether the"
                    + " controller changes the leadership rather than only answering success.")
    @RequiresFacility(Facility.BROKER_CONTROL)
    @RequiresBrokers(3)
    @RequiresApi(value = ApiKeys.ELECT_LEADERS, minVersion = 1)
    @ChangesCluster("a broker restarted, leader elections (ElectLeaders)")
    void preferredLeaderRestored(CheckContext ctx) {
        BrokerControl brokers = ctx.brokerControl();
        String topic = ctx.createTopic("elect-preferred", 1, (short) 3, Map.of());
        TopicPartition partition = new TopicPartition(topic, 0);
        TopicPartitionInfo before = ctx.awaitPartition(topic, 0, p -> p.isr().size() == 3, MOVE_WAIT)
                .orElseThrow(() -> new SetUpRefusedByTargetException(
                        "the new topic's three replicas were not all in sync within "
                        + MOVE_WAIT.toSeconds() + " s"));
        int preferred = before.replicas().get(0).id();
        ctx.evidence("topic %s: replicas %s, preferred replica %d, leader %d", topic, ids(before.replicas()),
                preferred, before.leader().id());
        boolean started = false;
        try {
            brokers.stop(preferred);
            TopicPartitionInfo moved = ctx.awaitPartition(topic, 0,
                    p -> p.leader() != null && !p.leader().isEmpty() && p.leader().id() != preferred, MOVE_WAIT)
                    .orElseThrow(() -> new SetUpRefusedByTargetException(
                            "leadership did not move off stopped broker " + preferred
                            + " within " + MOVE_WAIT.toSeconds() + " s"));
            ctx.evidence("stopped broker %d (controlled shutdown): leader %d", preferred, moved.leader().id());
            brokers.start(preferred);
            started = true;
            TopicPartitionInfo rejoined = ctx.awaitPartition(topic, 0, p -> ids(p.isr()).contains(preferred), MOVE_WAIT)
                    .orElseThrow(() -> new SetUpRefusedByTargetException(
                            "broker " + preferred + " did not rejoin the in-sync replicas"
                            + " within " + MOVE_WAIT.toSeconds() + " s"));
            ctx.evidence("started broker %d again: in sync %s, leader %d", preferred, ids(rejoined.isr()),
                    rejoined.leader().id());
            if (rejoined.leader().id() == preferred) {
                // The target gave leadership back by itself (automatic rebalancing): nothing left to elect.
                throw new HarnessException("leadership returned to broker " + preferred + " before the election (the"
                        + " target rebalances leaders by itself); the election's effect cannot be observed");
            }

            Map<TopicPartition, Optional<Throwable>> result = Await.result(
                    ctx.admin().electLeaders(ElectionType.PREFERRED, Set.of(partition)).partitions(),
                    "the preferred election of " + partition);
            ctx.evidence("ElectLeaders PREFERRED for %s: %s", partition, result.get(partition)
                    .map(e -> e.getClass().getSimpleName() + ": " + e.getMessage()).orElse("elected"));
            assertThat(result.get(partition)).as("error of the preferred election of %s, whose preferred replica %d is"
                    + " in sync and not leading", partition, preferred).isEmpty();
            Optional<TopicPartitionInfo> after = ctx.awaitPartition(topic, 0,
                    p -> p.leader() != null && p.leader().id() == preferred, Duration.ofSeconds(15));
            ctx.evidence("after the election: %s", after.map(p -> "leader " + p.leader().id())
                    .orElse("leader still not " + preferred + " after 15 s"));
            assertThat(after).as("broker %d, the preferred replica, leading %s after the election answered success",
                    preferred, partition).isPresent();
        } finally {
            if (!started) {
                try {
                    brokers.start(preferred);
                } catch (RuntimeException e) {
                    ctx.evidence("broker %d did not come back: %s", preferred, e.getMessage());
                }
            }
        }
    }


    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }
}
