package io.kconform.checks.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.HarnessException;
import io.kconform.checks.faults.FaultPlan;
import io.kconform.checks.faults.FaultProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * A Connect cluster of two distributed workers in one group on the target. The workers share their
 * work through the target's group coordinator (the classic group protocol with Connect's own protocol
 * type: the leader's plan handed to each member in its SyncGroup answer) and their state through the
 * internal topics. A source connector with several tasks, each counting its own stream into its own
 * partition, is spread over both workers; one worker is then stopped and its tasks must be taken over
 * by the other, which resumes each from the source offset committed for it. A worker may also stop
 * answering without leaving its group (it hangs, or is cut off): the coordinator must then drop it once
 * the session timeout it asked for has passed, so that the other worker finds its tasks lost and takes
 * them over (with {@code scheduled.rebalance.max.delay.ms=0}, at once). A worker that joins a cluster
 * whose only worker runs every task is given a share of them over the two rebalances of incremental
 * cooperative rebalancing (KIP-415: the tasks that move are revoked first, then assigned), and the tasks
 * that stay go on untouched.
 *
 * <p>The assertions are exact although Connect sources are at-least-once, for the reason
 * {@link ConnectRestartChecks} gives: before the stop the sources are held at a gate and the check waits
 * until every counter's last record has its offset committed, so a record emitted twice, skipped or
 * re-emitted from the start is the target's doing. The exactly-once variant needs no such gate: the
 * record and its offset are committed in one transaction, and what a stopped worker left uncommitted
 * is aborted when its task's transactional id is taken over.
 *
 * <p>MUST at the PLATFORM level: a Connect cluster of several workers is how distributed mode is run,
 * and taking over the work of a worker that left is what it is for; an application that runs Connect
 * relies on it as it relies on a consumer group's rebalance. The target's part (relaying the members'
 * metadata to the leader and the leader's assignments to the members, starting a rebalance when a member
 * joins, leaves or times out, and reading back the offsets topic) is the classic group protocol and
 * compacted topics, which every Kafka release with Connect offers; no optional capability is involved.
 */
class ConnectClusterChecks {

    /** Counters, one per task: two per worker. */
    static final int TASKS = 4;
    /** Records of each counter. */
    static final int RECORDS = 40;
    /** Records of each counter emitted while both workers run. */
    static final int FIRST_RUN = 20;
    /** Records of each poll: one transaction under exactly-once. */
    private static final int BATCH = 10;
    /** A record of the third poll: its transaction, records 20..29 of every counter, is held open. */
    private static final int HELD_AT = 25;
    private static final int LAST_HELD = (HELD_AT / BATCH + 1) * BATCH - 1;
    /**
     * Without exactly-once, two records every 100 ms: the first run of a counter then takes a second, over which
     * its source offset is committed more than once (every {@value WorkerProperties#OFFSET_FLUSH_INTERVAL_MS} ms),
     * so that a target that serves an older position than the last one written shows it.
     */
    private static final Map<String, String> SPREAD_IN_TIME = Map.of(CountingSourceConnector.BATCH_SIZE, "2",
            CountingSourceConnector.POLL_INTERVAL_MS, "100");
    /** How long the silent worker's answers are held: longer than any wait of the check. */
    private static final Duration SILENCE = Duration.ofSeconds(120);

    @Check(id = "connect.cluster.tasks-spread-and-handed-over",
            title = "The tasks of a source connector are spread over the two workers of a Connect cluster, and the"
                    + " tasks of a worker that stops are taken over by the other and resume after their committed"
                    + " source offsets: no record lost, none emitted twice",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-26", "KIP-415", "KIP-875"},
            hint = "If this fails, look at the classic group protocol for a group of protocol type \"connect\":"
                    + " JoinGroup handing every member's metadata to the leader, SyncGroup handing each member the"
                    + " assignment the leader made for it, LeaveGroup ending a membership at once, and at whether"
                    + " the compacted offsets topic reads back the last source offset written for each key.")
    void tasksSpreadAndHandedOver(CheckContext ctx) {
        WorkerNames names = WorkerNames.of(ctx, "cluster");
        String topic = ctx.createTopic("data", TASKS, Map.of());
        String connector = ctx.name("source");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        entry.gate(FIRST_RUN);
        Consumer<String, String> consumer = readerOf(ctx, topic, "read_uncommitted");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (ConnectWorker first = ConnectWorker.start(ctx, names, false);
             ConnectWorker second = ConnectWorker.start(ctx, names, false)) {
            ctx.evidence("workers %s and %s of group %s ready in %d and %d ms", first.workerId(), second.workerId(),
                    names.groupId(), first.startTime().toMillis(), second.startTime().toMillis());
            createCounters(ctx, first, connector, topic, SPREAD_IN_TIME);
            Map<Integer, TaskStatus> spread = awaitTasks(first, connector,
                    tasks -> allRunning(tasks) && workers(tasks).size() == 2);
            ctx.evidence("GET /connectors/%s/status with both workers up: %s", connector, spread);
            assertThat(spread).as("tasks of %s in its status", connector).hasSize(TASKS);
            assertThat(spread.values()).as("task states").allMatch(t -> t.state().equals("RUNNING"));
            assertThat(workers(spread)).as("workers running the tasks of %s: the two members of group %s must share"
                    + " them", connector, names.groupId()).containsExactlyInAnyOrder(first.workerId(), second.workerId());

            received.addAll(ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT, perCounter(FIRST_RUN)));
            ctx.evidence("first run: %d records arrived, %s by partition", received.size(), countsBy(received));
            assertThat(countsBy(received)).as("records of each counter in %s before the stop", topic)
                    .isEqualTo(everyCounter(FIRST_RUN));
            Map<Integer, Long> committed = Await.until(TargetContext.DEFAULT_WAIT,
                    () -> committedPositions(first.rest(), connector), p -> p.equals(everyCounter(FIRST_RUN - 1)));
            ctx.evidence("GET /connectors/%s/offsets: committed position by counter %s", connector, committed);
            assertThat(committed).as("source positions committed for the last record of each counter, as GET"
                    + " /connectors/%s/offsets reads them from %s", connector, names.offsetTopic())
                    .isEqualTo(everyCounter(FIRST_RUN - 1));

            Set<Integer> moved = tasksOn(spread, second.workerId());
            long stopping = System.nanoTime();
            second.close();
            ctx.evidence("worker %s, which ran tasks %s, stopped in %d ms; source released up to record %d",
                    second.workerId(), moved, (System.nanoTime() - stopping) / 1_000_000, RECORDS - 1);
            entry.gate(Long.MAX_VALUE);

            Map<Integer, TaskStatus> after = awaitTasks(first, connector,
                    tasks -> allRunning(tasks) && workers(tasks).equals(Set.of(first.workerId())));
            ctx.evidence("GET /connectors/%s/status after the stop: %s", connector, after);
            assertThat(after.values()).as("tasks of %s after %s stopped: all running on %s", connector,
                    second.workerId(), first.workerId())
                    .hasSize(TASKS).allMatch(t -> t.state().equals("RUNNING") && t.worker().equals(first.workerId()));
            received.addAll(ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT,
                    more -> counters(concat(received, more)).values().stream().allMatch(s -> s.size() >= RECORDS)));
            ctx.evidence("task starts: %s", entry.sourceStarts());
            judge(ctx, topic, received);
        } finally {
            ConnectorRegistry.remove(connector);
        }
    }

    @Check(id = "connect.cluster.joining-worker-takes-share",
            title = "A worker joining a Connect cluster whose only worker runs every task is given a share of them,"
                    + " which it resumes after their committed source offsets, while the tasks that stay are not"
                    + " restarted",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-415", "KIP-26"},
            hint = "If this fails, look at the classic group protocol for a group of protocol type \"connect\": a new"
                    + " member's JoinGroup must start a rebalance, the leader must be handed every member's latest"
                    + " metadata (the connectors and tasks each one runs) and each member the assignment the leader made"
                    + " for it, over the two rebalances of incremental cooperative rebalancing (revoke, then assign).")
    void joiningWorkerTakesShare(CheckContext ctx) {
        WorkerNames names = WorkerNames.of(ctx, "cluster");
        String topic = ctx.createTopic("data", TASKS, Map.of());
        String connector = ctx.name("source");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        entry.gate(FIRST_RUN);
        Consumer<String, String> consumer = readerOf(ctx, topic, "read_uncommitted");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (ConnectWorker first = ConnectWorker.start(ctx, names, false)) {
            ctx.evidence("worker %s of group %s ready in %d ms", first.workerId(), names.groupId(),
                    first.startTime().toMillis());
            createCounters(ctx, first, connector, topic, SPREAD_IN_TIME);
            Map<Integer, TaskStatus> alone = awaitTasks(first, connector,
                    tasks -> allRunning(tasks) && workers(tasks).equals(Set.of(first.workerId())));
            ctx.evidence("GET /connectors/%s/status with one worker: %s", connector, alone);
            assertThat(alone.values()).as("tasks of %s on its only worker %s", connector, first.workerId())
                    .hasSize(TASKS).allMatch(t -> t.state().equals("RUNNING") && t.worker().equals(first.workerId()));
            received.addAll(ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT, perCounter(FIRST_RUN)));
            Map<Integer, Long> committed = Await.until(TargetContext.DEFAULT_WAIT,
                    () -> committedPositions(first.rest(), connector), p -> p.equals(everyCounter(FIRST_RUN - 1)));
            ctx.evidence("first run: %s records by partition; committed positions %s", countsBy(received), committed);
            assertThat(committed).as("source positions committed for the last record of each counter, as GET"
                    + " /connectors/%s/offsets reads them", connector).isEqualTo(everyCounter(FIRST_RUN - 1));
            int startsBefore = entry.sourceStarts().size();

            try (ConnectWorker second = ConnectWorker.start(ctx, names, false)) {
                // Settled once the status shows on the new worker exactly the tasks that were started again: the
                // tasks move over two rebalances (revoked, then assigned), and the status of each follows its move.
                Map<Integer, TaskStatus> shared = awaitTasks(first, connector,
                        tasks -> allRunning(tasks) && workers(tasks).size() == 2
                                && tasksOn(tasks, second.workerId()).equals(restartedCounters(entry, startsBefore)));
                ctx.evidence("worker %s joined in %d ms; GET /connectors/%s/status: %s", second.workerId(),
                        second.startTime().toMillis(), connector, shared);
                assertThat(workers(shared)).as("workers running the tasks of %s once %s joined group %s", connector,
                        second.workerId(), names.groupId())
                        .containsExactlyInAnyOrder(first.workerId(), second.workerId());
                assertThat(shared.values()).as("task states").allMatch(t -> t.state().equals("RUNNING"));
                Set<Integer> moved = tasksOn(shared, second.workerId());
                List<ConnectorRegistry.SourceStart> restarts = entry.sourceStarts()
                        .subList(startsBefore, entry.sourceStarts().size());
                ctx.evidence("task starts since %s joined: %s", second.workerId(), restarts);
                assertThat(restartedCounters(entry, startsBefore)).as("counters of the tasks taken over by %s",
                        second.workerId()).isNotEmpty();
                assertThat(restarts.stream().map(ConnectorRegistry.SourceStart::stream).sorted().toList())
                        .as("counters whose task was started again once %s joined: only those of the tasks it took"
                                + " over (%s), each once; the tasks that stayed on %s must go on untouched",
                                second.workerId(), moved, first.workerId())
                        .containsExactlyElementsOf(moved);

                entry.gate(Long.MAX_VALUE);
                received.addAll(ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT,
                        more -> counters(concat(received, more)).values().stream().allMatch(s -> s.size() >= RECORDS)));
            }
            judge(ctx, topic, received);
        } finally {
            ConnectorRegistry.remove(connector);
        }
    }

    @Check(id = "connect.cluster.tasks-taken-over-from-silent-worker",
            title = "The tasks of a Connect worker that stops answering without leaving its group are taken over by the"
                    + " other worker once its session times out, and resume after their committed source offsets",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-26", "KIP-415", "KIP-62"},
            hint = "If this fails, look at the classic group coordinator's session timeout for a group of protocol type"
                    + " \"connect\": a member whose heartbeats stop must be removed once the session.timeout.ms it"
                    + " asked for in JoinGroup has passed, and the group rebalanced without it.")
    void tasksTakenOverFromSilentWorker(CheckContext ctx) {
        WorkerNames names = WorkerNames.of(ctx, "cluster");
        String topic = ctx.createTopic("data", TASKS, Map.of());
        String connector = ctx.name("source");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        entry.gate(FIRST_RUN);
        // The second worker reaches the target through a proxy that can hold every answer: its requests still arrive,
        // but it hears nothing back, so its heartbeats stop as those of a worker that hangs or is cut off.
        FaultProxy proxy = ctx.closeLater(FaultProxy.start(ctx.target(), FaultPlan.none()));
        Map<String, String> viaProxy = new HashMap<>();
        viaProxy.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, proxy.bootstrapServers());
        proxy.clientOverrides().forEach((key, value) -> {
            for (String prefix : List.of("", "producer.", "consumer.", "admin.")) {
                viaProxy.put(prefix + key, WorkerProperties.asString(value));
            }
        });
        Consumer<String, String> consumer = readerOf(ctx, topic, "read_uncommitted");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (ConnectWorker first = ConnectWorker.start(ctx, names, false);
             ConnectWorker second = ConnectWorker.start(ctx, names, false, viaProxy)) {
            ctx.evidence("workers %s and %s (the latter through a proxy, %s) of group %s ready in %d and %d ms",
                    first.workerId(), second.workerId(), proxy.upstreamTransport(), names.groupId(),
                    first.startTime().toMillis(), second.startTime().toMillis());
            createCounters(ctx, first, connector, topic, SPREAD_IN_TIME);
            Map<Integer, TaskStatus> spread = awaitTasks(first, connector,
                    tasks -> allRunning(tasks) && workers(tasks).size() == 2);
            ctx.evidence("GET /connectors/%s/status with both workers up: %s", connector, spread);
            assertThat(workers(spread)).as("workers running the tasks of %s", connector)
                    .containsExactlyInAnyOrder(first.workerId(), second.workerId());
            received.addAll(ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT, perCounter(FIRST_RUN)));
            Map<Integer, Long> committed = Await.until(TargetContext.DEFAULT_WAIT,
                    () -> committedPositions(first.rest(), connector), p -> p.equals(everyCounter(FIRST_RUN - 1)));
            ctx.evidence("first run: %s records by partition; committed positions %s", countsBy(received), committed);
            assertThat(committed).as("source positions committed for the last record of each counter, as GET"
                    + " /connectors/%s/offsets reads them", connector).isEqualTo(everyCounter(FIRST_RUN - 1));

            Set<Integer> moved = tasksOn(spread, second.workerId());
            long silent = System.nanoTime();
            proxy.delayResponses(SILENCE);
            Map<Integer, TaskStatus> after = awaitTasks(first, connector,
                    tasks -> allRunning(tasks) && workers(tasks).equals(Set.of(first.workerId())));
            ctx.evidence("worker %s, which ran tasks %s, hears nothing from the target (every answer held %d s) and"
                    + " never leaves its group (session.timeout.ms %s); %d ms later GET /connectors/%s/status: %s",
                    second.workerId(), moved, SILENCE.toSeconds(), WorkerProperties.SESSION_TIMEOUT_MS,
                    (System.nanoTime() - silent) / 1_000_000, connector, after);
            assertThat(after.values()).as("tasks of %s after %s went silent: all running on %s", connector,
                    second.workerId(), first.workerId())
                    .hasSize(TASKS).allMatch(t -> t.state().equals("RUNNING") && t.worker().equals(first.workerId()));

            // The silent worker is stopped before the sources go on, so that its tasks, which never learnt they were
            // taken over, cannot emit anything: every record after the gate is then the new owner's.
            long stopping = System.nanoTime();
            proxy.delayResponses(Duration.ZERO);
            proxy.cutConnections();
            second.close();
            entry.gate(Long.MAX_VALUE);
            ctx.evidence("silent worker heard again and stopped in %d ms; source released up to record %d",
                    (System.nanoTime() - stopping) / 1_000_000, RECORDS - 1);
            received.addAll(ctx.pollUntil(consumer, TargetContext.DEFAULT_WAIT,
                    more -> counters(concat(received, more)).values().stream().allMatch(s -> s.size() >= RECORDS)));
            ctx.evidence("task starts: %s", entry.sourceStarts());
            judge(ctx, topic, received);
        } finally {
            ConnectorRegistry.remove(connector);
        }
    }

    @Check(id = "connect.cluster.exactly-once-across-handover",
            title = "Under exactly-once source support, the tasks of a worker that stops with a transaction open"
                    + " are taken over by the other worker of the Connect cluster: a read_committed consumer sees"
                    + " every record once, none of the stopped worker's open transaction",
            battery = Battery.CONNECT, level = Level.PLATFORM, strength = Strength.MUST,
            spec = {"KIP-618", "KIP-98", "KIP-26"},
            hint = "If this fails, look at transactions: InitProducerId with a transactional id already in use must"
                    + " abort that id's open transaction (the new owner of a task takes its id over), the markers"
                    + " EndTxn writes, the aborted-transactions list a read_committed Fetch returns, and at the"
                    + " group protocol handing a stopped worker's tasks to the other.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.ADD_PARTITIONS_TO_TXN)
    @RequiresApi(ApiKeys.END_TXN)
    void exactlyOnceAcrossHandover(CheckContext ctx) {
        WorkerNames names = WorkerNames.of(ctx, "cluster");
        String topic = ctx.createTopic("data", TASKS, Map.of());
        String connector = ctx.name("source");
        ConnectorRegistry.Entry entry = ConnectorRegistry.register(connector);
        try (ConnectWorker first = ConnectWorker.start(ctx, names, true);
             ConnectWorker second = ConnectWorker.start(ctx, names, true)) {
            ctx.evidence("workers %s and %s of group %s with exactly.once.source.support=enabled ready in %d and %d ms",
                    first.workerId(), second.workerId(), names.groupId(), first.startTime().toMillis(),
                    second.startTime().toMillis());
            createCounters(ctx, first, connector, topic, Map.of(
                    "exactly.once.support", "required",
                    "transaction.boundary", "connector",
                    CountingSourceConnector.BATCH_SIZE, String.valueOf(BATCH),
                    CountingSourceConnector.ABORT_ONCE_AT, String.valueOf(HELD_AT)));
            Map<Integer, TaskStatus> spread = awaitTasks(first, connector,
                    tasks -> allRunning(tasks) && workers(tasks).size() == 2);
            ctx.evidence("GET /connectors/%s/status with both workers up: %s", connector, spread);
            assertThat(workers(spread)).as("workers running the tasks of %s", connector)
                    .containsExactlyInAnyOrder(first.workerId(), second.workerId());

            // Every counter now has records 20..29 in a transaction it holds open; the stop must come once they are in
            // the log, or there would be nothing for the takeover to abort.
            Consumer<String, String> uncommitted = readerOf(ctx, topic, "read_uncommitted");
            List<ConsumerRecord<String, String>> seen = ctx.pollUntil(uncommitted, TargetContext.DEFAULT_WAIT,
                    records -> counters(records).values().stream().filter(s -> s.contains((long) LAST_HELD)).count()
                            == TASKS);
            ctx.evidence("read_uncommitted saw %d records, by counter up to %s, with each counter's transaction %s"
                    + " open", seen.size(), lastBy(seen), entry.openTransaction());

            Set<Integer> moved = tasksOn(spread, second.workerId());
            long stopping = System.nanoTime();
            second.close();
            ctx.evidence("worker %s, which ran tasks %s with their transactions open, stopped in %d ms", second.workerId(),
                    moved, (System.nanoTime() - stopping) / 1_000_000);
            Map<Integer, TaskStatus> after = awaitTasks(first, connector,
                    tasks -> allRunning(tasks) && workers(tasks).equals(Set.of(first.workerId())));
            ctx.evidence("GET /connectors/%s/status after the stop: %s", connector, after);
            assertThat(after.values()).as("tasks of %s after %s stopped: all running on %s", connector,
                    second.workerId(), first.workerId())
                    .hasSize(TASKS).allMatch(t -> t.state().equals("RUNNING") && t.worker().equals(first.workerId()));
            // The tasks that stayed abort their open transactions now and emit those records again, as the tasks taken
            // over do after resuming from the offsets committed with record 19.
            entry.releaseAbort();

            Consumer<String, String> committed = readerOf(ctx, topic, "read_committed");
            List<ConsumerRecord<String, String>> received = ctx.pollUntil(committed, TargetContext.DEFAULT_WAIT,
                    records -> counters(records).values().stream().allMatch(s -> s.size() >= RECORDS));
            ctx.evidence("task starts: %s; transactions the tasks aborted themselves: %s", entry.sourceStarts(),
                    entry.abortedTransactions());
            judge(ctx, topic, received);
            if (entry.sourceStarts().size() <= TASKS) {
                throw new HarnessException("no task was started again after the stop, so the check did not test a"
                        + " handover: " + entry.sourceStarts());
            }
        } finally {
            ConnectorRegistry.remove(connector);
        }
    }

    /** The counters whose task was started after the first {@code startsBefore} task starts. */
    private static Set<Integer> restartedCounters(ConnectorRegistry.Entry entry, int startsBefore) {
        List<ConnectorRegistry.SourceStart> starts = entry.sourceStarts();
        Set<Integer> counters = new TreeSet<>();
        starts.subList(Math.min(startsBefore, starts.size()), starts.size()).forEach(s -> counters.add(s.stream()));
        return counters;
    }

    /** Every counter's records, in offset order, must be 0..RECORDS-1: none lost, none twice. */
    private static void judge(CheckContext ctx, String topic, List<ConsumerRecord<String, String>> received) {
        Map<Integer, List<Long>> byCounter = counters(received);
        Map<Integer, Set<Long>> repeated = new TreeMap<>();
        Map<Integer, Set<Long>> missing = new TreeMap<>();
        byCounter.forEach((counter, seqs) -> {
            Set<Long> once = new TreeSet<>();
            Set<Long> twice = new TreeSet<>();
            seqs.forEach(s -> (once.add(s) ? once : twice).add(s));
            Set<Long> absent = new TreeSet<>(LongStream.range(0, RECORDS).boxed().toList());
            absent.removeAll(once);
            if (!twice.isEmpty()) {
                repeated.put(counter, twice);
            }
            if (!absent.isEmpty()) {
                missing.put(counter, absent);
            }
        });
        ctx.evidence("records of %s: %d, by counter %s; emitted more than once %s; missing %s", topic, received.size(),
                countsBy(received), repeated, missing);
        List<Long> all = LongStream.range(0, RECORDS).boxed().toList();
        for (int counter = 0; counter < TASKS; counter++) {
            assertThat(byCounter.getOrDefault(counter, List.of()))
                    .as("sequence numbers of counter %d in partition %d of %s, in offset order: each once, none lost",
                            counter, counter, topic)
                    .containsExactlyElementsOf(all);
        }
    }

    private static void createCounters(CheckContext ctx, ConnectWorker worker, String connector, String topic,
                                       Map<String, String> extra) {
        Map<String, String> config = new TreeMap<>(extra);
        config.put("connector.class", CountingSourceConnector.class.getName());
        config.put("tasks.max", String.valueOf(TASKS));
        config.put(CountingSourceConnector.STREAMS, String.valueOf(TASKS));
        config.put(CountingSourceConnector.TOPIC, topic);
        config.put(CountingSourceConnector.RECORDS, String.valueOf(RECORDS));
        ConnectRest.Answer created = worker.rest().createConnector(connector, config);
        ctx.evidence("POST /connectors %s (%d counters of %d records, one per task, counter i into partition i; %s)"
                + " -> %d %s", connector, TASKS, RECORDS, extra, created.status(),
                created.status() == 201 ? "" : created.text());
        assertThat(created.status()).as("status of POST /connectors: %s", created.text()).isEqualTo(201);
    }

    private static Consumer<String, String> readerOf(CheckContext ctx, String topic, String isolation) {
        Consumer<String, String> consumer = ctx.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation));
        List<TopicPartition> partitions = IntStream.range(0, TASKS).mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** A task's state and the worker that reports it. */
    record TaskStatus(String state, String worker) {
        @Override
        public String toString() {
            return state + " on " + worker;
        }
    }

    private static Map<Integer, TaskStatus> awaitTasks(ConnectWorker worker, String connector,
                                                       Predicate<Map<Integer, TaskStatus>> done) {
        return Await.until(TargetContext.DEFAULT_WAIT, () -> tasks(worker.rest(), connector), done);
    }

    /** The tasks of {@code GET /connectors/<name>/status} by id; empty while the worker does not know the connector. */
    static Map<Integer, TaskStatus> tasks(ConnectRest rest, String connector) {
        ConnectRest.Answer answer = rest.get("/connectors/" + connector + "/status");
        Map<Integer, TaskStatus> tasks = new TreeMap<>();
        if (answer.status() == 200) {
            for (JsonNode task : answer.body().path("tasks")) {
                tasks.put(task.path("id").asInt(), new TaskStatus(task.path("state").asText(),
                        task.path("worker_id").asText()));
            }
        }
        return tasks;
    }

    private static boolean allRunning(Map<Integer, TaskStatus> tasks) {
        return tasks.size() == TASKS && tasks.values().stream().allMatch(t -> t.state().equals("RUNNING"));
    }

    private static Set<String> workers(Map<Integer, TaskStatus> tasks) {
        Set<String> workers = new TreeSet<>();
        tasks.values().forEach(t -> workers.add(t.worker()));
        return workers;
    }

    private static Set<Integer> tasksOn(Map<Integer, TaskStatus> tasks, String worker) {
        Set<Integer> ids = new TreeSet<>();
        tasks.forEach((id, t) -> {
            if (t.worker().equals(worker)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The positions the worker reports as committed, by counter. */
    static Map<Integer, Long> committedPositions(ConnectRest rest, String connector) {
        Map<Integer, Long> positions = new TreeMap<>();
        ConnectRest.Answer answer = rest.get("/connectors/" + connector + "/offsets");
        if (answer.status() != 200) {
            return positions;
        }
        for (JsonNode offset : answer.body().path("offsets")) {
            String stream = offset.path("partition").path("stream").asText();
            if (stream.startsWith("counter-")) {
                positions.put(Integer.parseInt(stream.substring("counter-".length())),
                        offset.path("offset").path(CountingSourceTask.POSITION).asLong(-1));
            }
        }
        return positions;
    }

    /** {@code value} for every counter. */
    private static Map<Integer, Long> everyCounter(long value) {
        Map<Integer, Long> all = new TreeMap<>();
        for (int counter = 0; counter < TASKS; counter++) {
            all.put(counter, value);
        }
        return all;
    }

    /** Sequence numbers by counter (the partition each counter writes to), in offset order. */
    private static Map<Integer, List<Long>> counters(List<ConsumerRecord<String, String>> records) {
        Map<Integer, List<Long>> byCounter = new TreeMap<>();
        for (int counter = 0; counter < TASKS; counter++) {
            byCounter.put(counter, new ArrayList<>());
        }
        for (ConsumerRecord<String, String> record : records) {
            byCounter.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(CounterRecords.seq(record));
        }
        return byCounter;
    }

    private static Map<Integer, Long> countsBy(List<ConsumerRecord<String, String>> records) {
        Map<Integer, Long> counts = new TreeMap<>();
        counters(records).forEach((counter, seqs) -> counts.put(counter, (long) seqs.size()));
        return counts;
    }

    private static Map<Integer, Long> lastBy(List<ConsumerRecord<String, String>> records) {
        Map<Integer, Long> last = new TreeMap<>();
        counters(records).forEach((counter, seqs) -> last.put(counter, seqs.stream().mapToLong(s -> s).max().orElse(-1)));
        return last;
    }

    private static Predicate<List<ConsumerRecord<String, String>>> perCounter(int atLeast) {
        return records -> counters(records).values().stream().allMatch(s -> s.size() >= atLeast);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
