package io.kconform.checks.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.outcome.NotAssessableHereException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Committed offsets as an application relies on them beyond commit-and-resume: what comes back with an
 * offset (metadata, leader epoch), where a member without a committed offset starts ({@code
 * auto.offset.reset}), that auto-commit never commits past what the application was given, that lag is what
 * the log holds, and that a read_committed consumer's position passes a transaction's commit marker.
 */
class CommittedOffsetChecks {

    /** How long a consumer's position may take to move past a commit marker once the records before it are read. */
    private static final Duration MARKER_WAIT = Duration.ofSeconds(10);

    /**
     * An offset committed with metadata and the leader epoch of the last record consumed is fetched back with
     * all three, by the committing member and by a new one. Applications keep their checkpoint state in the
     * metadata; the leader epoch is what lets the next member detect that the log was truncated under the
     * committed position (KIP-320) instead of silently skipping or re-reading.
     */
    @Check(id = "groups.offsets.commit-metadata-epoch",
            title = "An offset committed with metadata and a leader epoch is fetched back with the same offset,"
                    + " metadata and leader epoch",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: OffsetCommit v6+, OffsetFetch v5+", "KIP-320"},
            hint = "OffsetCommit v6 carries committed_leader_epoch and OffsetFetch v5 returns it; store and return"
                    + " the offset, the metadata string and the epoch exactly as committed.")
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 6)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 5)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void commitMetadataEpoch(CheckContext ctx) {
        String topic = ctx.createTopic("epoch", 1, Map.of());
        List<String> values = GroupMembers.produce(ctx, topic, 1, 10, "r");
        TopicPartition tp = new TopicPartition(topic, 0);
        String group = ctx.uniqueName("group");
        Consumer<String, String> member = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
        member.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> read = ctx.pollAtLeast(member, values.size());
        assertThat(read).as("records read from %s", tp).hasSizeGreaterThanOrEqualTo(6);
        Optional<Integer> epoch = read.get(5).leaderEpoch();
        ctx.evidence("record 5 of %s was fetched with leader epoch %s", tp, epoch);
        int committedEpoch = epoch.orElse(0);
        String metadata = "kconform checkpoint: after record 5, épsilon-17";
        OffsetAndMetadata committed = new OffsetAndMetadata(6, Optional.of(committedEpoch), metadata);
        member.commitSync(Map.of(tp, committed));

        OffsetAndMetadata seenByMember = member.committed(Set.of(tp)).get(tp);
        member.close();
        OffsetAndMetadata seenByAdmin = GroupMembers.await(ctx.admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()).get(tp);
        Consumer<String, String> next = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
        OffsetAndMetadata seenByNext = next.committed(Set.of(tp)).get(tp);
        ctx.evidence("committed %s; fetched back by the member: %s, by the admin client: %s, by a new member: %s",
                committed, seenByMember, seenByAdmin, seenByNext);
        Map<String, OffsetAndMetadata> fetched = new LinkedHashMap<>();
        fetched.put("the committing member", seenByMember);
        fetched.put("the admin client", seenByAdmin);
        fetched.put("a new member", seenByNext);
        for (Map.Entry<String, OffsetAndMetadata> seen : fetched.entrySet()) {
            assertThat(seen.getValue()).as("committed offset of %s fetched by %s", tp, seen.getKey()).isNotNull();
            assertThat(seen.getValue().offset()).as("offset fetched by %s", seen.getKey()).isEqualTo(6);
            assertThat(seen.getValue().metadata()).as("metadata fetched by %s", seen.getKey()).isEqualTo(metadata);
            assertThat(seen.getValue().leaderEpoch()).as("leader epoch fetched by %s", seen.getKey())
                    .isEqualTo(Optional.of(committedEpoch));
        }
    }

    /**
     * A member of a group without a committed offset and {@code auto.offset.reset=earliest} starts at the
     * first record of the log. This is how every new application reads a topic from its start.
     */
    @Check(id = "groups.offsets.reset-earliest",
            title = "auto.offset.reset=earliest: a group without a committed offset starts at the log start",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka consumer configs: auto.offset.reset", "Kafka protocol guide: OffsetFetch, ListOffsets"},
            hint = "OffsetFetch must answer offset -1 for a partition the group never committed, and ListOffsets with"
                    + " timestamp -2 (EARLIEST) the log start offset.")
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.LIST_OFFSETS)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void resetEarliest(CheckContext ctx) {
        String topic = ctx.createTopic("earliest", 1, Map.of());
        List<String> values = GroupMembers.produce(ctx, topic, 1, 5, "r");
        Consumer<String, String> member = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, ctx.uniqueName("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        TopicPartition tp = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        long position = startPosition(member, tp, read);
        readAtLeast(ctx, member, read, values.size());
        ctx.evidence("auto.offset.reset=earliest: starting position %d, read %s", position,
                GroupMembers.offsetsByPartition(read));
        assertThat(position).as("starting position of a new group with auto.offset.reset=earliest").isZero();
        assertThat(GroupMembers.values(read)).as("records read from the start of the log")
                .containsExactlyElementsOf(values);
    }

    /**
     * A member of a group without a committed offset and {@code auto.offset.reset=latest} (the Java client's
     * default) starts at the log end: it reads only records written after it started, none before.
     */
    @Check(id = "groups.offsets.reset-latest",
            title = "auto.offset.reset=latest: a group without a committed offset starts at the log end and reads only"
                    + " newer records",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka consumer configs: auto.offset.reset", "Kafka protocol guide: OffsetFetch, ListOffsets"},
            hint = "OffsetFetch must answer offset -1 for a partition the group never committed (not 0), and"
                    + " ListOffsets with timestamp -1 (LATEST) the high watermark.")
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.LIST_OFFSETS)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void resetLatest(CheckContext ctx) {
        String topic = ctx.createTopic("latest", 1, Map.of());
        GroupMembers.produce(ctx, topic, 1, 5, "old");
        Consumer<String, String> member = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, ctx.uniqueName("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
        TopicPartition tp = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        long position = startPosition(member, tp, read);
        List<String> fresh = GroupMembers.produce(ctx, topic, 1, 3, "new");
        readAtLeast(ctx, member, read, fresh.size());
        ctx.evidence("auto.offset.reset=latest after 5 records: starting position %d, then read %s", position,
                GroupMembers.offsetsByPartition(read));
        assertThat(position).as("starting position of a new group with auto.offset.reset=latest on 5 records")
                .isEqualTo(5);
        assertThat(GroupMembers.values(read)).as("records read: only those written after the member started")
                .containsExactlyElementsOf(fresh);
    }

    /**
     * {@code auto.offset.reset=by_duration:PT1H} (KIP-1106) starts a group without a committed offset at the
     * first record younger than an hour: how an application that was down re-reads a bounded window instead
     * of all history or nothing.
     */
    @Check(id = "groups.offsets.reset-by-duration",
            title = "auto.offset.reset=by_duration: a group without a committed offset starts at the first record"
                    + " within the duration",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka consumer configs: auto.offset.reset", "KIP-1106", "Kafka protocol guide: ListOffsets v1+"},
            hint = "The client asks ListOffsets for the first offset whose timestamp is at or after now minus the"
                    + " duration; answer it from the records' CreateTime, and answer -1 in OffsetFetch for a partition"
                    + " never committed.")
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.LIST_OFFSETS, minVersion = 1)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void resetByDuration(CheckContext ctx) {
        String topic = ctx.createTopic("by-duration", 1, Map.of());
        Map<String, Object> config = Map.of(ConsumerConfig.GROUP_ID_CONFIG, ctx.uniqueName("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "by_duration:PT1H");
        Consumer<String, String> member;
        try {
            member = ctx.consumer(config);
        } catch (ConfigException olderClient) {
            // a limit of the client release this run uses, not of the target: not assessable here
            throw new NotAssessableHereException("the Java client release of this run does not offer"
                    + " auto.offset.reset=by_duration (KIP-1106, Java clients 4.0 and later): " + olderClient.getMessage());
        }
        long now = System.currentTimeMillis();
        Producer<String, String> producer = ctx.producer(Map.of());
        List<String> recent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // offsets 0-3 three hours old, 4-7 twenty minutes old
            long timestamp = now - (i < 4 ? Duration.ofHours(3) : Duration.ofMinutes(20)).toMillis() + i;
            String value = (i < 4 ? "old-" : "recent-") + i;
            GroupMembers.await(producer.send(new ProducerRecord<>(topic, 0, timestamp, "key-" + i, value)));
            if (i >= 4) {
                recent.add(value);
            }
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        long position = startPosition(member, tp, read);
        readAtLeast(ctx, member, read, recent.size());
        ctx.evidence("auto.offset.reset=by_duration:PT1H on 4 records 3 h old and 4 records 20 min old: starting"
                + " position %d, read %s", position, GroupMembers.offsetsByPartition(read));
        assertThat(position).as("starting position: the first record younger than one hour").isEqualTo(4);
        assertThat(GroupMembers.values(read)).as("records read: those younger than one hour")
                .containsExactlyElementsOf(recent);
    }

    /**
     * With {@code auto.offset.reset=none} a member of a group without a committed offset gets {@code
     * NoOffsetForPartitionException} instead of starting anywhere, and one with a committed offset starts
     * there. Applications that must never guess a start position (billing, replication) rely on it.
     */
    @Check(id = "groups.offsets.reset-none",
            title = "auto.offset.reset=none: no committed offset raises NoOffsetForPartitionException; a committed"
                    + " offset is resumed",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka consumer configs: auto.offset.reset", "Kafka protocol guide: OffsetFetch"},
            hint = "OffsetFetch must answer offset -1 (no offset) for a partition the group never committed;"
                    + " an answer of 0 makes the client start at 0 instead of raising.")
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 2)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void resetNone(CheckContext ctx) {
        String topic = ctx.createTopic("none", 1, Map.of());
        List<String> values = GroupMembers.produce(ctx, topic, 1, 5, "r");
        TopicPartition tp = new TopicPartition(topic, 0);
        Consumer<String, String> fresh = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, ctx.uniqueName("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"));
        fresh.subscribe(List.of(topic));
        NoOffsetForPartitionException raised = null;
        List<ConsumerRecord<String, String>> readWithoutOffset = new ArrayList<>();
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        while (raised == null && readWithoutOffset.isEmpty() && System.nanoTime() < deadline) {
            try {
                fresh.poll(Duration.ofMillis(100)).forEach(readWithoutOffset::add);
            } catch (NoOffsetForPartitionException expected) {
                raised = expected;
            }
        }
        ctx.evidence("auto.offset.reset=none without a committed offset: %s", raised != null ? raised.getMessage()
                : "no exception, read " + GroupMembers.offsetsByPartition(readWithoutOffset));
        assertThat(readWithoutOffset).as("records read by a group without a committed offset and"
                + " auto.offset.reset=none").isEmpty();
        assertThat(raised).as("NoOffsetForPartitionException within %d s", TargetContext.DEFAULT_WAIT.toSeconds())
                .isNotNull();
        assertThat(raised.partitions()).as("partitions named by NoOffsetForPartitionException").contains(tp);

        String committedGroup = ctx.uniqueName("group");
        GroupMembers.await(ctx.admin().alterConsumerGroupOffsets(committedGroup, Map.of(tp, new OffsetAndMetadata(3)))
                .all());
        Consumer<String, String> resuming = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, committedGroup,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"));
        resuming.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> resumed = ctx.pollAtLeast(resuming, 2);
        ctx.evidence("auto.offset.reset=none with offset 3 committed: read %s", GroupMembers.offsetsByPartition(resumed));
        assertThat(GroupMembers.values(resumed)).as("records read from the committed offset 3")
                .containsExactlyElementsOf(values.subList(3, 5));
    }

    /**
     * A member with auto-commit that stops in the middle of a batch (killed: never closed, never committing
     * again) leaves a committed offset at or before its first unprocessed record: the next member re-reads
     * some records but loses none. This at-least-once promise is why auto-commit is the default.
     */
    @Check(id = "groups.offsets.auto-commit-no-loss",
            title = "Auto-commit redelivers but never loses: after a member stops mid-batch the next one starts at or"
                    + " before its first unprocessed record",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka consumer configs: enable.auto.commit, auto.commit.interval.ms",
                    "Kafka protocol guide: OffsetCommit, OffsetFetch"},
            hint = "Auto-commit commits the position of records already returned by poll(); store exactly the offset"
                    + " committed and answer it in OffsetFetch, never a later one.")
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 2)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void autoCommitNoLoss(CheckContext ctx) throws InterruptedException {
        String topic = ctx.createTopic("auto-commit", 1, Map.of());
        List<String> values = GroupMembers.produce(ctx, topic, 1, 20, "r");
        TopicPartition tp = new TopicPartition(topic, 0);
        String group = ctx.uniqueName("group");
        // assigned, not subscribed: a crashed member of a subscription would hold its partition until its
        // session expired; the commits it made are the same
        Consumer<String, String> crashing = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true, ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 50,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4));
        crashing.assign(List.of(tp));
        int crashAt = 10;
        List<Long> processed = new ArrayList<>();
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        polling:
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : crashing.poll(Duration.ofMillis(100))) {
                if (record.offset() == crashAt) {
                    break polling; // killed while processing the batch: records from here are unprocessed
                }
                processed.add(record.offset());
            }
            Thread.sleep(60); // processing takes longer than auto.commit.interval.ms: every poll commits
        }
        assertThat(processed).as("records processed before the member stopped").hasSize(crashAt);
        Admin admin = ctx.admin();
        OffsetAndMetadata committed = GroupMembers.await(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()).get(tp);
        ctx.evidence("the member processed offsets 0-%d and stopped at %d mid-batch (max.poll.records=4); committed"
                + " offset: %s", crashAt - 1, crashAt, committed);

        Consumer<String, String> next = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
        next.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> resumed = ctx.pollUntil(next, TargetContext.DEFAULT_WAIT,
                records -> records.stream().anyMatch(r -> r.offset() == values.size() - 1));
        ctx.evidence("the next member of the group read %s", GroupMembers.offsetsByPartition(resumed));
        assertThat(resumed).as("records read by the next member").isNotEmpty();
        assertThat(resumed.get(0).offset()).as("first offset read by the next member: at or before the first"
                + " unprocessed record %d", crashAt).isLessThanOrEqualTo(crashAt);
        long first = resumed.get(0).offset();
        assertThat(resumed.stream().map(ConsumerRecord::offset).toList())
                .as("offsets read by the next member: every one from %d to the end", first)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(first, values.size()).boxed().toList());
    }

    /**
     * The lag computed from a group's committed offsets and the partitions' end offsets, as every lag monitor
     * computes it, is the number of records a member of the group then reads to catch up. Operators scale and
     * alert on this figure.
     */
    @Check(id = "groups.offsets.lag",
            title = "Lag computed from committed and end offsets is the number of records a member then reads to"
                    + " catch up",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"Kafka protocol guide: OffsetFetch, ListOffsets", "kafka-consumer-groups.sh --describe"},
            hint = "Lag is ListOffsets LATEST minus the OffsetFetch answer per partition; both must describe the same"
                    + " log the consumer fetches.")
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 2)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(value = ApiKeys.LIST_OFFSETS, minVersion = 1)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void lag(CheckContext ctx) {
        String topic = ctx.createTopic("lag", 2, Map.of());
        GroupMembers.produce(ctx, topic, 2, 10, "r");
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        String group = ctx.uniqueName("group");
        Consumer<String, String> member = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
        member.subscribe(List.of(topic));
        ctx.pollAtLeast(member, 20);
        member.commitSync(Map.of(p0, new OffsetAndMetadata(4), p1, new OffsetAndMetadata(7)));
        member.close();

        Admin admin = ctx.admin();
        Map<TopicPartition, OffsetAndMetadata> committed = GroupMembers.await(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata());
        Map<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> ends =
                GroupMembers.await(admin.listOffsets(Map.of(p0, org.apache.kafka.clients.admin.OffsetSpec.latest(),
                        p1, org.apache.kafka.clients.admin.OffsetSpec.latest())).all());
        assertThat(committed).as("committed offsets of %s", group).containsKeys(p0, p1);
        long lag = 0;
        for (TopicPartition tp : List.of(p0, p1)) {
            lag += ends.get(tp).offset() - committed.get(tp).offset();
        }
        ctx.evidence("committed %s, end offsets p0 %d p1 %d: lag %d", committed, ends.get(p0).offset(),
                ends.get(p1).offset(), lag);

        Consumer<String, String> next = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group));
        next.subscribe(List.of(topic));
        long expected = lag;
        List<ConsumerRecord<String, String>> caughtUp = new ArrayList<>(ctx.pollUntil(next,
                TargetContext.DEFAULT_WAIT, records -> records.size() >= expected));
        // a second longer, so that records beyond the lag would show
        caughtUp.addAll(ctx.pollUntil(next, Duration.ofSeconds(1), records -> false));
        ctx.evidence("a member of the group then read %s", GroupMembers.offsetsByPartition(caughtUp));
        assertThat(lag).as("lag of %s: 6 records on p0 (10 - 4) and 3 on p1 (10 - 7)", group).isEqualTo(9);
        assertThat((long) caughtUp.size()).as("records a member of %s read to catch up, against the lag %d",
                group, lag).isEqualTo(lag);
    }

    /**
     * After a committed transaction, a read_committed member that consumed everything commits an offset at the
     * log end, past the transaction's commit marker, not at the marker: otherwise the group shows a lag of one
     * forever and a restarted member fetches the marker again. Stream processors and lag alerts rely on it.
     */
    @Check(id = "groups.offsets.past-transaction-marker",
            title = "After transactional data, a read_committed member that consumed everything commits the log end"
                    + " offset, past the commit marker",
            battery = Battery.GROUPS, level = Level.MESSAGING, strength = Strength.SHOULD,
            spec = {"KIP-98", "Kafka protocol guide: Fetch (control batches), OffsetCommit"},
            hint = "Return the commit marker's control batch in Fetch answers to read_committed consumers: its offset"
                    + " moves the consumer's position past it.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.END_TXN)
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 2)
    @RequiresApi(value = ApiKeys.JOIN_GROUP)
    void pastTransactionMarker(CheckContext ctx) {
        String topic = ctx.createTopic("txn-marker", 1, Map.of());
        TopicPartition tp = new TopicPartition(topic, 0);
        Producer<String, String> producer = ctx.producer(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                ctx.uniqueName("txn")));
        producer.initTransactions();
        producer.beginTransaction();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            values.add("txn-" + i);
            producer.send(new ProducerRecord<>(topic, 0, "key-" + i, "txn-" + i));
        }
        producer.commitTransaction();

        String group = ctx.uniqueName("group");
        Consumer<String, String> member = ctx.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        member.subscribe(List.of(topic));
        List<ConsumerRecord<String, String>> read = ctx.pollAtLeast(member, values.size());
        assertThat(GroupMembers.values(read)).as("committed transactional records read").containsExactlyElementsOf(values);
        long logEnd = GroupMembers.await(ctx.admin().listOffsets(Map.of(tp,
                org.apache.kafka.clients.admin.OffsetSpec.latest())).all()).get(tp).offset();
        // the marker's control batch may come in a later fetch than the records; keep polling for it, bounded
        long deadline = System.nanoTime() + MARKER_WAIT.toNanos();
        while (member.position(tp) < logEnd && System.nanoTime() < deadline) {
            member.poll(Duration.ofMillis(100));
        }
        long position = member.position(tp);
        member.commitSync();
        OffsetAndMetadata committed = GroupMembers.await(ctx.admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()).get(tp);
        ctx.evidence("5 records in a committed transaction: log end offset %d, member position %d, committed %s",
                logEnd, position, committed);
        assertThat(logEnd).as("log end offset after 5 records and their commit marker").isEqualTo(6);
        assertThat(committed).as("committed offset of %s", tp).isNotNull();
        assertThat(committed.offset()).as("offset committed by a read_committed member that consumed everything:"
                + " the log end, past the commit marker").isEqualTo(logEnd);
    }

    /**
     * Subscribes {@code member} to the topic of {@code tp} and polls until the group assigns it {@code tp}, adding
     * what it reads to {@code read}.
     *
     * @return the member's position on {@code tp} when it was assigned, before any fetch: where auto.offset.reset
     *         (or the committed offset) made it start
     */
    private static long startPosition(Consumer<String, String> member, TopicPartition tp,
                                      List<ConsumerRecord<String, String>> read) {
        long[] start = {-1};
        member.subscribe(List.of(tp.topic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (partitions.contains(tp)) {
                    start[0] = member.position(tp);
                }
            }
        });
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        while (start[0] < 0 && System.nanoTime() < deadline) {
            member.poll(Duration.ofMillis(100)).forEach(read::add);
        }
        assertThat(start[0]).as("position of the only member of a new group on %s, once assigned within %d s", tp,
                TargetContext.DEFAULT_WAIT.toSeconds()).isNotNegative();
        return start[0];
    }

    /** Polls {@code member} until {@code read} holds at least {@code count} records, or the default wait ends. */
    private static void readAtLeast(CheckContext ctx, Consumer<String, String> member,
                                    List<ConsumerRecord<String, String>> read, int count) {
        if (read.size() < count) {
            read.addAll(ctx.pollUntil(member, TargetContext.DEFAULT_WAIT, r -> r.size() + read.size() >= count));
        }
    }
}
