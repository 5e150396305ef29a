package io.kconform.checks.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.OfCapability;
import io.kconform.api.RequiresApi;
import io.kconform.api.RequiresFeature;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * Real deployments run several instances of one Kafka Streams application, and their failures appear
 * when work moves between them. Two instances of the battery's aggregation (a repartition, a store per
 * customer) share one application id and so one group: the group coordinator relays the assignment
 * that splits the tasks between them (with the classic protocol the leader's plan, through SyncGroup),
 * and when one instance leaves, the other must take over its tasks, restore their stores from the
 * changelog topics and continue from the offsets committed in the departed instance's transactions.
 * The output a downstream {@code read_committed} consumer sees must be exactly what TopologyTestDriver
 * computes from the whole input: nothing processed twice across the hand-over, nothing lost.
 *
 * <p>Each instance has its own state directory and its own {@code application.server} (a label only:
 * Kafka Streams passes it on in the assignment for interactive queries and never binds it), so each can
 * say which instance holds a key's total (KIP-67) and answer for the keys of its own tasks.
 */
class InstancesChecks {

    /** Four input partitions: four tasks per subtopology, eight in all, to be split between two instances. */
    private static final int PARTITIONS = 4;
    private static final int CUSTOMERS = 8;
    private static final int PER_PHASE = 40;
    /** The active tasks two subtopologies of four partitions make: the source side and the aggregation. */
    private static final Set<String> ALL_TASKS = Set.of("0_0", "0_1", "0_2", "0_3", "1_0", "1_1", "1_2", "1_3");
    private static final String HOST_A = "127.0.0.1:19091";
    private static final String HOST_B = "127.0.0.1:19092";
    /** Above Apache Kafka's group.min.session.timeout.ms (6 s); short, so that a lost member goes soon. */
    private static final int SESSION_TIMEOUT_MS = 10_000;
    /** The order on which a stream thread stalls: in the middle of its partition's orders. */
    private static final String STALL_ON = "order-30";
    /** Low, so that a stall soon makes the stalled member leave the group (Kafka Streams' default is 5 min). */
    private static final int MAX_POLL_INTERVAL_MS = 3_000;
    /**
     * The longest stall: the stalled thread wakes as soon as the other instance has its task (about 4 s in on
     * an idle machine), and at the latest after this, so that a target whose group never moves the task ends the
     * check. 40 s was once outlasted by the reference itself, beside six other brokers and a build on two
     * processors. Below the transaction timeout, so that what ends the stalled transaction is the group's verdict
     * on its commit, not the coordinator's timeout.
     */
    private static final Duration STALL = Duration.ofSeconds(90);
    /** Above the longest stall (Kafka Streams' default under exactly_once_v2 is 10 s; brokers allow up to 15 min). */
    private static final int TRANSACTION_TIMEOUT_MS = 120_000;
    /** Frequent heartbeats, so that the instance already in the group learns of a rebalance at once. */
    private static final int HEARTBEAT_INTERVAL_MS = 500;

    @Check(id = "streams.instances.tasks-balanced-and-handed-over",
            title = "Two instances of one Kafka Streams application split its tasks, each answers interactive"
                    + " queries for the keys of its own tasks, and when one leaves the other takes over its tasks:"
                    + " the read_committed output equals the reference, exactly once across the hand-over",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-429", "KIP-441", "KIP-447", "KIP-67"},
            hint = "If an instance gets no task or both get the same one, look at how the group coordinator relays"
                    + " the leader's assignment (SyncGroup: each member must get exactly what the leader gave it). If"
                    + " totals are doubled or lost after the hand-over, look at the offsets committed in the departed"
                    + " instance's transactions (TxnOffsetCommit, OffsetFetch require_stable), at LeaveGroup and at"
                    + " read_committed fetch of the changelog the taking-over instance restores.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void tasksBalancedAndHandedOver(CheckContext ctx) {
        Run run = new Run(ctx, 0, Map.of(), null);
        run.startBalanced();
        run.phaseOne();
        run.interactiveQueries();
        run.handOver();
        ctx.evidence("cold take-over: instance A restored %d changelog records into the stores of B's tasks %s",
                run.restoredOnTakeOver, run.a.restores());
        run.phaseTwo();
    }

    @Check(id = "streams.instances.standby-takes-over-warm",
            title = "With num.standby.replicas=1, the standby of a departed instance's tasks becomes active with its"
                    + " state already restored from the changelog: few or no records left to restore, and the"
                    + " read_committed output equals the reference",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.SHOULD,
            spec = {"KIP-441", "KIP-447", "KIP-535"},
            hint = "A standby keeps its copy current by reading the changelog while the active task writes it"
                    + " (read_committed fetch from a consumer outside the group, the last stable offset advancing"
                    + " with every commit). If the take-over restores the whole changelog, look at what the standby's"
                    + " fetches got; if the output differs, at the hand-over itself (see"
                    + " streams.instances.tasks-balanced-and-handed-over).")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void standbyTakesOverWarm(CheckContext ctx) {
        Run run = new Run(ctx, 1, Map.of(), null);
        run.startBalanced();
        // each instance keeps a standby of the other's stateful tasks (the aggregation's, subtopology 1)
        Set<String> movedStateful = stateful(run.activeB);
        awaitTasks(run, "instance A to keep standbys of B's aggregation tasks " + movedStateful,
                (a, b) -> run.a.standbyTasks().containsAll(movedStateful));
        ctx.evidence("standby tasks: instance A %s, instance B %s", run.a.standbyTasks(), run.b.standbyTasks());
        run.phaseOne();

        // the standby reads the changelog as the active writes it: wait until it has what was committed
        List<TopicPartition> moved = changelogPartitions(run.a.applicationId(), movedStateful);
        Map<TopicPartition, Long> ends = new TreeMap<>(TargetIo::compare);
        TargetIo.endOffsets(ctx, List.of(Topologies.changelogTopic(run.a.applicationId(), Topologies.TOTALS)))
                .forEach((partition, end) -> {
                    if (moved.contains(partition)) {
                        ends.put(partition, end);
                    }
                });
        long committedRecords = records(ctx, moved);
        Map<String, Long> lags = awaitStandbyCaughtUp(run);
        ctx.evidence("before B leaves: changelog partitions of B's aggregation tasks %s hold %d committed records"
                + " (end offsets with transaction markers %s); A's standby lag per store partition %s", moved,
                committedRecords, ends.values(), lags);
        run.handOver();
        ctx.evidence("warm take-over: instance A restored %d changelog records (a cold start restores %d: every"
                + " committed record of those partitions); restore ranges %s", run.restoredOnTakeOver,
                committedRecords, run.a.restores());
        run.phaseTwo();
        assertThat(committedRecords).as("records in the changelog of the moved tasks (the check's own set-up)")
                .isPositive();
        assertThat(run.restoredOnTakeOver).as("changelog records instance A restored when its standbys of %s became"
                + " active, against the %d a cold start restores: the standby was kept current", movedStateful,
                committedRecords).isLessThanOrEqualTo(committedRecords / 4);
    }

    @OfCapability(Capability.STREAMS_GROUPS)
    @Check(id = "streams.instances.streams-group-tasks-handed-over",
            title = "Two instances of one Kafka Streams application with group.protocol=streams (KIP-1071): the"
                    + " broker splits the tasks between them and, when one leaves, gives them all to the other;"
                    + " interactive queries find each key on its instance and the read_committed output equals the"
                    + " reference, exactly once across the hand-over",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-1071", "KIP-447", "KIP-67"},
            hint = "Here the group coordinator itself assigns the tasks (StreamsGroupHeartbeat): if an instance gets"
                    + " no task, a task is on both or on neither, or the leaving instance's tasks are not given to the"
                    + " other, look at the streams group's task assignor and at how a member's leave (member epoch"
                    + " -1) is handled; if the hosts of keys are wrong, at the endpoints of the heartbeat answers.")
    @RequiresFeature("streams.version")
    @RequiresApi(ApiKeys.STREAMS_GROUP_HEARTBEAT)
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void streamsGroupTasksHandedOver(CheckContext ctx) {
        String groupId = ctx.name("app");
        // registered before the instances, so it runs after they closed: the run's cleanup deletes consumer
        // groups, and a streams group is not one
        ctx.closeLater(() -> ctx.admin().deleteStreamsGroups(List.of(groupId)).all()
                .get(TargetContext.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS));
        Run run = new Run(ctx, -1, Map.of(), null);
        run.startBalanced();
        run.phaseOne();
        run.interactiveQueries();
        run.handOver();
        run.phaseTwo();
    }

    @Check(id = "streams.eos-v2.stalled-instance-fenced",
            title = "A Kafka Streams instance whose stream thread stalls mid-transaction past max.poll.interval.ms"
                    + " loses its tasks to the other instance, and the writes of its stalled transaction never become"
                    + " visible: the read_committed output equals the reference, nothing doubled",
            battery = Battery.STREAMS, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-447", "KIP-98", "KIP-62"},
            hint = "Doubled totals mean the stalled instance's transaction committed after its tasks moved, or its"
                    + " aborted records reached read_committed readers: look at TxnOffsetCommit of a member no longer"
                    + " in the group (it must be refused: UNKNOWN_MEMBER_ID or ILLEGAL_GENERATION), at transaction"
                    + " timeouts and aborts (EndTxn, markers) and at the aborted transactions of Fetch responses.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(value = ApiKeys.TXN_OFFSET_COMMIT, minVersion = 3)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 7)
    void stalledInstanceFenced(CheckContext ctx) {
        StallOnce stall = new StallOnce(STALL_ON, STALL);
        Run run = new Run(ctx, 0, Map.of(
                StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), MAX_POLL_INTERVAL_MS,
                StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), TRANSACTION_TIMEOUT_MS), stall);
        // Closed before the instances (newest first), so that a check ending early never waits out the longest stall.
        ctx.closeLater(stall::release);
        run.startBalanced();
        TargetIo.produce(ctx, run.phaseOneInput);
        // the order's task (its input partition's) moves to the other instance while the stalled one sleeps
        String task = "0_" + run.phaseOneInput.stream().filter(order -> order.key().equals(STALL_ON)).findFirst()
                .orElseThrow().partition();
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        while (stall.stalledInstance() == null && System.nanoTime() < deadline) {
            run.a.ensureAlive();
            run.b.ensureAlive();
            TargetContext.sleep(Duration.ofMillis(50));
        }
        String stalled = stall.stalledInstance();
        if (stalled == null) {
            throw new HarnessException("no instance processed " + STALL_ON + " within "
                    + TargetContext.DEFAULT_WAIT.toSeconds() + " s: the stall was never injected");
        }
        StreamsApp other = "A".equals(stalled) ? run.b : run.a;
        long stallSeen = System.nanoTime();
        boolean movedWhileStalled = false;
        try {
            while (stall.stalling() && !movedWhileStalled) {
                other.ensureAlive();
                movedWhileStalled = other.activeTasks().contains(task);
                TargetContext.sleep(Duration.ofMillis(50));
            }
        } finally {
            // The stalled thread wakes once its task has moved (or the check ends): its transaction must then fail.
            stall.release();
        }
        ctx.evidence("instance %s stalled %d ms on %s (task %s) with max.poll.interval.ms=%d, at most %d s; the other"
                + " instance %s (it has %s)", stalled, stall.duration().toMillis(), STALL_ON, task, MAX_POLL_INTERVAL_MS,
                STALL.toSeconds(), movedWhileStalled ? "took the task over " + millisSince(stallSeen) + " ms into the stall"
                        : "did not get the task while it stalled", other.activeTasks());

        List<OutputRecord> received = run.reader.readAtLeast(run.referenceOne.size(), other,
                TargetContext.DEFAULT_WAIT.multipliedBy(2));
        run.a.ensureAlive();
        run.b.ensureAlive();
        String repartition = Topologies.repartitionTopic(run.a.applicationId());
        int uncommitted = new OutputReader(ctx, repartition, false).readToEnd(TargetContext.DEFAULT_WAIT).size();
        int committed = new OutputReader(ctx, repartition, true).readToEnd(TargetContext.DEFAULT_WAIT).size();
        ctx.evidence("repartition topic: %d records read_uncommitted, %d read_committed (%d in aborted transactions)",
                uncommitted, committed, uncommitted - committed);
        Map<String, List<String>> expected = Outputs.valuesByKey(run.referenceOne);
        Map<String, List<String>> actual = Outputs.valuesByKey(received);
        ctx.evidence("reference: %d totals, final %s; target read_committed: %d totals, final %s",
                run.referenceOne.size(), EosOutputChecks.finals(expected), received.size(),
                EosOutputChecks.finals(actual));
        assertThat(actual).as("the totals per customer after instance %s stalled mid-transaction, read_committed,"
                + " against the reference: %s", stalled, Outputs.firstDifference(expected, actual)).isEqualTo(expected);
        assertThat(movedWhileStalled).as("task %s of the stalled instance %s moved to the other instance while it"
                + " stalled past max.poll.interval.ms", task, stalled).isTrue();

        Map<TopicPartition, Long> ends = TargetIo.endOffsetsOfNonEmpty(ctx, List.of(run.orders));
        Map<TopicPartition, Long> offsets = TargetIo.awaitCommitted(ctx, other, run.a.applicationId(), ends,
                TargetContext.DEFAULT_WAIT);
        assertThat(offsets).as("the application's committed input offsets after the stall").isEqualTo(ends);
    }

    /** One run of two instances over two phases of input; each step asserts what it established. */
    private static final class Run {
        private final CheckContext ctx;
        private final String orders;
        private final String output;
        private final List<InputRecord> phaseOneInput;
        private final List<InputRecord> input;
        private final List<OutputRecord> referenceOne;
        private final List<OutputRecord> reference;
        private final OutputReader reader;
        private final StreamsApp a;
        private final StreamsApp b;
        private Set<String> activeA = Set.of();
        private Set<String> activeB = Set.of();
        private long restoredOnTakeOver;

        private final StallOnce stall;

        /**
         * @param standbys standby replicas per stateful task, or -1 for the streams protocol (the broker's setting)
         * @param extra    further Streams properties of both instances
         * @param stall    the stall to inject, or {@code null}
         */
        Run(CheckContext ctx, int standbys, Map<String, Object> extra, StallOnce stall) {
            this.stall = stall;
            this.ctx = ctx;
            this.orders = ctx.createTopic("orders", PARTITIONS, Map.of());
            this.output = ctx.createTopic("totals", 1, Map.of());
            long epoch = Inputs.epoch();
            this.phaseOneInput = Inputs.orders(orders, PARTITIONS, CUSTOMERS, 0, PER_PHASE, epoch);
            List<InputRecord> all = new ArrayList<>(phaseOneInput);
            all.addAll(Inputs.orders(orders, PARTITIONS, CUSTOMERS, PER_PHASE, PER_PHASE, epoch));
            this.input = List.copyOf(all);
            this.referenceOne = Reference.run(topology(null), phaseOneInput, output, ctx.tempDir());
            this.reference = Reference.run(topology(null), input, output, ctx.tempDir());
            this.reader = new OutputReader(ctx, output, true);
            String applicationId = ctx.name("app");
            this.a = settings(applicationId, HOST_A, standbys, extra).start(topology("A"));
            this.b = settings(applicationId, HOST_B, standbys, extra).start(topology("B"));
        }

        private StreamsApp.Settings settings(String applicationId, String host, int standbys,
                                             Map<String, Object> extra) {
            StreamsApp.Settings settings = StreamsApp.settings(ctx).applicationId(applicationId)
                    .override(StreamsConfig.APPLICATION_SERVER_CONFIG, host);
            extra.forEach(settings::override);
            if (standbys < 0) {
                // the broker assigns the tasks; sessions and standbys are the streams group's configs, not the client's
                return settings.override(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
            }
            return settings.override(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbys)
                    .override(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS)
                    .override(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                            HEARTBEAT_INTERVAL_MS);
        }

        /** The topology of instance {@code instance}, or of the reference for {@code null}. */
        private Topology topology(String instance) {
            if (stall == null || instance == null) {
                return Topologies.totalsPerCustomer(orders, output, CrashOnce.never());
            }
            return Topologies.totalsPerCustomer(orders, output, stall.at(instance));
        }

        /** Both instances RUNNING, each with active tasks, every task active on exactly one of them. */
        void startBalanced() {
            long started = System.nanoTime();
            a.awaitRunning(TargetContext.DEFAULT_WAIT);
            b.awaitRunning(TargetContext.DEFAULT_WAIT);
            awaitTasks(this, "the eight tasks split between the two instances, each active on exactly one",
                    (tasksA, tasksB) -> !tasksA.isEmpty() && !tasksB.isEmpty() && disjoint(tasksA, tasksB)
                            && union(tasksA, tasksB).equals(ALL_TASKS));
            activeA = a.activeTasks();
            activeB = b.activeTasks();
            ctx.evidence("application %s, %d ms after both instances were started: instance A (%s) active tasks %s,"
                    + " instance B (%s) active tasks %s", a.applicationId(), millisSince(started), HOST_A, activeA,
                    HOST_B, activeB);
            assertThat(activeA).as("active tasks of instance A (B has %s)", activeB).isNotEmpty();
            assertThat(activeB).as("active tasks of instance B (A has %s)", activeA).isNotEmpty();
            assertThat(union(activeA, activeB)).as("the tasks active on either instance (A %s, B %s)", activeA,
                    activeB).isEqualTo(ALL_TASKS);
            assertThat(disjoint(activeA, activeB)).as("no task active on both instances (A %s, B %s)", activeA,
                    activeB).isTrue();
        }

        /** The first half of the input, processed by both instances. */
        void phaseOne() {
            TargetIo.produce(ctx, phaseOneInput);
            List<OutputRecord> received = reader.readAtLeast(referenceOne.size(), a, TargetContext.DEFAULT_WAIT);
            b.ensureAlive();
            Map<String, List<String>> expected = Outputs.valuesByKey(referenceOne);
            Map<String, List<String>> actual = Outputs.valuesByKey(received);
            ctx.evidence("phase 1 (both instances): produced %d orders of %d customers to %d partitions; reference %d"
                    + " totals, target read_committed %d, final %s", phaseOneInput.size(), CUSTOMERS, PARTITIONS,
                    referenceOne.size(), received.size(), EosOutputChecks.finals(actual));
            assertThat(actual).as("the totals per customer with two instances, read_committed, against the"
                    + " reference: %s", Outputs.firstDifference(expected, actual)).isEqualTo(expected);
        }

        /**
         * For every customer, both instances name the same instance as its host, and that instance's local store
         * holds the customer's latest total while the other's does not.
         */
        void interactiveQueries() {
            Map<String, String> finals = EosOutputChecks.finals(Outputs.valuesByKey(referenceOne));
            // under the Streams rebalance protocol the other members' hosts come in a later heartbeat than the tasks
            long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
            while (!a.knownInstances().equals(Set.of(HOST_A, HOST_B)) && System.nanoTime() < deadline) {
                a.ensureAlive();
                TargetContext.sleep(Duration.ofMillis(100));
            }
            assertThat(a.knownInstances()).as("the instances instance A knows from its assignment (KIP-67)")
                    .isEqualTo(Set.of(HOST_A, HOST_B));
            Map<String, String> hosts = new TreeMap<>();
            for (Map.Entry<String, String> customer : finals.entrySet()) {
                String key = customer.getKey();
                String hostA = hostOf(a, key);
                String hostB = hostOf(b, key);
                assertThat(hostB).as("the host of %s according to instance B (A says %s)", key, hostA).isEqualTo(hostA);
                assertThat(hostA).as("the host of %s", key).isIn(HOST_A, HOST_B);
                StreamsApp owner = HOST_A.equals(hostA) ? a : b;
                StreamsApp other = owner == a ? b : a;
                Long held = localTotal(owner, key);
                Long elsewhere = localTotal(other, key);
                hosts.put(key, (owner == a ? "A" : "B") + "=" + held);
                assertThat(held).as("the total of %s in the local store of the instance its metadata names (%s)", key,
                        hostA).isEqualTo(Long.valueOf(customer.getValue()));
                assertThat(elsewhere).as("the total of %s in the local store of the other instance", key).isNull();
            }
            ctx.evidence("interactive queries: host and local total per customer %s", hosts);
        }

        /** The host the instance's metadata names for the key, once it has metadata (during a rebalance it has none). */
        private String hostOf(StreamsApp app, String key) {
            long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
            String host = app.hostOf(Topologies.TOTALS, key);
            while (host == null && System.nanoTime() < deadline) {
                app.ensureAlive();
                TargetContext.sleep(Duration.ofMillis(100));
                host = app.hostOf(Topologies.TOTALS, key);
            }
            return host;
        }

        private Long localTotal(StreamsApp app, String key) {
            long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
            while (true) {
                app.ensureAlive();
                try {
                    return app.localTotal(Topologies.TOTALS, key);
                } catch (InvalidStateStoreException notQueryableYet) {
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException("the store " + Topologies.TOTALS + " did not become queryable"
                                + " within " + TargetContext.DEFAULT_WAIT.toSeconds() + " s: " + notQueryableYet);
                    }
                    TargetContext.sleep(Duration.ofMillis(100));
                }
            }
        }

        /** Instance B leaves the group; instance A takes over every task. */
        void handOver() {
            long before = a.restoredRecords();
            long closing = System.nanoTime();
            b.closeInTime();
            long closed = millisSince(closing);
            awaitTasks(this, "instance A to take over every task after instance B left",
                    (tasksA, tasksB) -> tasksA.equals(ALL_TASKS) && a.ensureAlive()
                            == org.apache.kafka.streams.KafkaStreams.State.RUNNING);
            restoredOnTakeOver = a.restoredRecords() - before;
            ctx.evidence("instance B closed, leaving the group, in %d ms; %d ms after B began closing, instance A had"
                    + " taken over its tasks %s and was RUNNING with %s", closed, millisSince(closing), activeB,
                    a.activeTasks());
        }

        /** The second half of the input, processed by instance A alone; the whole output against the reference. */
        void phaseTwo() {
            TargetIo.produce(ctx, input.subList(phaseOneInput.size(), input.size()));
            List<OutputRecord> received = reader.readAtLeast(reference.size(), a, TargetContext.DEFAULT_WAIT);
            Map<String, List<String>> expected = Outputs.valuesByKey(reference);
            Map<String, List<String>> actual = Outputs.valuesByKey(received);
            ctx.evidence("phase 2 (instance A alone): produced %d more orders; reference %d totals, final %s; target"
                    + " read_committed %d, final %s", input.size() - phaseOneInput.size(), reference.size(),
                    EosOutputChecks.finals(expected), received.size(), EosOutputChecks.finals(actual));
            assertThat(actual).as("the totals per customer across the hand-over, read_committed, against the"
                    + " reference: %s", Outputs.firstDifference(expected, actual)).isEqualTo(expected);

            Map<TopicPartition, Long> ends = TargetIo.endOffsetsOfNonEmpty(ctx, List.of(orders));
            Map<TopicPartition, Long> committed = TargetIo.awaitCommitted(ctx, a, a.applicationId(), ends,
                    TargetContext.DEFAULT_WAIT);
            ctx.evidence("input end offsets %s; offsets committed by the application %s", ends, committed);
            assertThat(committed).as("the application's committed input offsets after the hand-over against the"
                    + " input's end offsets").isEqualTo(ends);
        }
    }

    /**
     * Waits until {@code condition} holds of the two instances' active tasks, while both (or, once B closed, A)
     * are alive; then returns. Does not fail by itself when the wait ends: the caller asserts what it saw.
     */
    private static void awaitTasks(Run run, String what, BiPredicate<Set<String>, Set<String>> condition) {
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> tasksA = run.a.activeTasks();
            Set<String> tasksB = run.b.activeTasks();
            if (condition.test(tasksA, tasksB)) {
                return;
            }
            run.a.ensureAlive();
            run.b.ensureAlive();
            TargetContext.sleep(Duration.ofMillis(100));
        }
        run.ctx.evidence("waited %d s for %s: A has %s (standby %s), B has %s (standby %s)",
                TargetContext.DEFAULT_WAIT.toSeconds(), what, run.a.activeTasks(), run.a.standbyTasks(),
                run.b.activeTasks(), run.b.standbyTasks());
    }

    /** Waits until instance A's standby stores are at most one offset (a transaction marker) behind. */
    private static Map<String, Long> awaitStandbyCaughtUp(Run run) {
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        Map<String, Long> lags = run.a.standbyLags(Topologies.TOTALS);
        while (System.nanoTime() < deadline && !(lags.size() > 0 && lags.values().stream().allMatch(lag -> lag <= 1))) {
            run.a.ensureAlive();
            TargetContext.sleep(Duration.ofMillis(100));
            lags = run.a.standbyLags(Topologies.TOTALS);
        }
        return lags;
    }

    /** The tasks of the aggregation (subtopology 1), which have a store. */
    private static Set<String> stateful(Set<String> tasks) {
        Set<String> stateful = new TreeSet<>();
        tasks.stream().filter(task -> task.startsWith("1_")).forEach(stateful::add);
        return stateful;
    }

    private static List<TopicPartition> changelogPartitions(String applicationId, Set<String> tasks) {
        String changelog = Topologies.changelogTopic(applicationId, Topologies.TOTALS);
        return tasks.stream().map(task -> new TopicPartition(changelog,
                Integer.parseInt(task.substring(task.indexOf('_') + 1)))).toList();
    }

    /** The committed records in the partitions, read as a restoring instance reads them (read_committed). */
    private static long records(CheckContext ctx, List<TopicPartition> partitions) {
        return new OutputReader(ctx, partitions, true).readToEnd(TargetContext.DEFAULT_WAIT).size();
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        return a.stream().noneMatch(b::contains);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new TreeSet<>(a);
        union.addAll(b);
        return union;
    }
}
