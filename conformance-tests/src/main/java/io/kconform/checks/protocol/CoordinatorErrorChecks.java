package io.kconform.checks.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.kconform.api.Battery;
import io.kconform.api.Check;
import io.kconform.api.Level;
import io.kconform.api.RequiresApi;
import io.kconform.api.Strength;
import io.kconform.api.context.Await;
import io.kconform.api.context.CheckContext;
import io.kconform.api.context.TargetContext;
import io.kconform.api.wire.WireClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * What the group and transaction coordinators keep and refuse, seen through raw requests: the
 * metadata string of a committed offset comes back as committed (Kafka Streams and other frameworks
 * keep their own state in it), and a transaction timeout above the target's maximum is refused with
 * INVALID_TRANSACTION_TIMEOUT rather than silently shortened.
 */
class CoordinatorErrorChecks {

    /** Non-ASCII on purpose: the string is UTF-8 on the wire and must come back byte for byte. */
    private static final String METADATA = "kconform checkpoint=42; zeit=\u00fcber \u2713";
    private static final long COMMITTED = 3;
    private static final int DEFAULT_MAX_TIMEOUT_MS = 900_000;
    private static final int VALID_TIMEOUT_MS = 60_000;

    @Check(id = "protocol.errors.offset-commit-metadata-round-trip",
            title = "OffsetCommit with a metadata string is answered NONE and OffsetFetch returns the offset and"
                    + " the metadata exactly as committed",
            battery = Battery.PROTOCOL, level = Level.MESSAGING, strength = Strength.MUST,
            spec = {"Kafka protocol guide: OffsetCommit (committed_metadata), OffsetFetch (metadata)",
                    "KIP-447, KIP-848 (OffsetCommit v9/v10, OffsetFetch v8+)"},
            hint = "The group coordinator must store committed_metadata with the offset and return it unchanged"
                    + " (UTF-8, up to offset.metadata.max.bytes); frameworks such as Kafka Streams keep state in it,"
                    + " and an empty answer loses that state silently.")
    // Metadata is kept with committed offsets since OffsetCommit v2 and OffsetFetch v1: newer versions
    // (batched groups, topic ids) are sent where the target offers them, never required.
    @RequiresApi(value = ApiKeys.OFFSET_COMMIT, minVersion = 2)
    @RequiresApi(value = ApiKeys.OFFSET_FETCH, minVersion = 1)
    @RequiresApi(ApiKeys.FIND_COORDINATOR)
    void offsetCommitMetadataRoundTrip(CheckContext ctx) {
        String topic = ctx.createTopic("committed", 1, Map.of());
        String group = ctx.name("metadata-group");
        short produceVersion = ctx.target().facts().newestCommonVersion(ApiKeys.PRODUCE);
        try (RawPartition raw = RawPartition.leaderOf(ctx, topic)) {
            SimpleRecord[] records = new SimpleRecord[(int) COMMITTED + 1];
            for (int i = 0; i < records.length; i++) {
                records[i] = new SimpleRecord(RawPartition.utf8("k" + i), RawPartition.utf8("v" + i));
            }
            ctx.evidence("Produce v%d of %d records: %s", produceVersion, records.length, RawPartition.describe(
                    raw.produce(0, MemoryRecords.withRecords(Compression.NONE, records), produceVersion)));
            short commitVersion = ctx.target().facts().newestCommonVersion(ApiKeys.OFFSET_COMMIT);
            short fetchVersion = ctx.target().facts().newestCommonVersion(ApiKeys.OFFSET_FETCH);
            OffsetCommitRequestData commit = new OffsetCommitRequestData()
                    .setGroupId(group)
                    .setGenerationIdOrMemberEpoch(-1)
                    .setMemberId("")
                    .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                            .setName(topic)
                            .setTopicId(raw.topicId())
                            .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                    .setPartitionIndex(0)
                                    .setCommittedOffset(COMMITTED)
                                    .setCommittedMetadata(METADATA)))));
            // The first commit of a run may meet a coordinator still loading its partition of
            // __consumer_offsets (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS): find it again and retry,
            // as clients do; any other error is the answer.
            long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
            while (true) {
                try (WireClient coordinator = Coordinators.connect(ctx, CoordinatorType.GROUP, group)) {
                    OffsetCommitResponseData committed = ((OffsetCommitResponse) coordinator.send(
                            OffsetCommitRequest.Builder.forTopicIdsOrNames(commit), commitVersion)).data();
                    List<Errors> commitErrors = new ArrayList<>();
                    committed.topics().forEach(t -> t.partitions().forEach(
                            p -> commitErrors.add(Errors.forCode(p.errorCode()))));
                    ctx.evidence("OffsetCommit v%d of offset %d with metadata \"%s\" (%d UTF-8 bytes) for group %s:"
                            + " %s", commitVersion, COMMITTED, METADATA, RawPartition.utf8(METADATA).length, group,
                            commitErrors);
                    if (commitErrors.size() == 1 && commitErrors.get(0).exception() instanceof RetriableException
                            && System.nanoTime() < deadline) {
                        TargetContext.sleep(Duration.ofMillis(300));
                        continue;
                    }
                    assertThat(commitErrors).as("errors of OffsetCommit v%d", commitVersion)
                            .containsExactly(Errors.NONE);
                    fetchBack(ctx, coordinator, group, topic, raw.topicId(), fetchVersion);
                    return;
                }
            }
        }
    }

    private static void fetchBack(CheckContext ctx, WireClient coordinator, String group, String topic,
                                  Uuid topicId, short fetchVersion) {
        OffsetFetchRequestData fetch = new OffsetFetchRequestData()
                .setRequireStable(false)
                .setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                        .setGroupId(group)
                        .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                                .setName(topic)
                                .setTopicId(topicId)
                                .setPartitionIndexes(List.of(0))))));
        OffsetFetchResponse fetched = (OffsetFetchResponse) coordinator.send(
                OffsetFetchRequest.Builder.forTopicIdsOrNames(fetch, false), fetchVersion);
        // before v8 the answer is about the one group asked for, without a groups list: group() reads both
        OffsetFetchResponseData.OffsetFetchResponseGroup answer = fetchVersion >= 8
                ? fetched.data().groups().stream().filter(g -> group.equals(g.groupId())).findFirst().orElse(null)
                : fetched.group(group);
        assertThat(answer).as("group %s in the OffsetFetch v%d answer", group, fetchVersion).isNotNull();
        assertThat(Errors.forCode(answer.errorCode())).as("group error of OffsetFetch v%d", fetchVersion)
                .isEqualTo(Errors.NONE);
        List<OffsetFetchResponseData.OffsetFetchResponsePartitions> partitions = new ArrayList<>();
        answer.topics().forEach(t -> partitions.addAll(t.partitions()));
        partitions.forEach(p -> ctx.evidence("OffsetFetch v%d for group %s, partition %d: %s, offset %d,"
                        + " metadata %s", fetchVersion, group, p.partitionIndex(), Errors.forCode(p.errorCode()),
                p.committedOffset(), p.metadata() == null ? "null" : "\"" + p.metadata() + "\""));
        assertThat(partitions).as("partitions in the OffsetFetch v%d answer", fetchVersion).hasSize(1);
        OffsetFetchResponseData.OffsetFetchResponsePartitions p = partitions.get(0);
        assertThat(Errors.forCode(p.errorCode())).as("error of partition 0 in OffsetFetch v%d", fetchVersion)
                .isEqualTo(Errors.NONE);
        assertThat(p.committedOffset()).as("offset fetched back").isEqualTo(COMMITTED);
        assertThat(p.metadata()).as("metadata fetched back").isEqualTo(METADATA);
    }

    @Check(id = "protocol.errors.transaction-timeout-above-max-refused",
            title = "InitProducerId with a transaction timeout above transaction.max.timeout.ms is refused with"
                    + " INVALID_TRANSACTION_TIMEOUT; a timeout under it is accepted",
            battery = Battery.PROTOCOL, level = Level.EXACTLY_ONCE, strength = Strength.MUST,
            spec = {"KIP-98 (InitProducerId, transaction.max.timeout.ms)",
                    "Kafka protocol guide: error code 50 INVALID_TRANSACTION_TIMEOUT"},
            hint = "The transaction coordinator must compare transaction_timeout_ms with transaction.max.timeout.ms"
                    + " (900000 by default) and refuse a larger one with INVALID_TRANSACTION_TIMEOUT, which the"
                    + " producer reports at initTransactions(); accepting it and aborting the transaction at a"
                    + " shorter timeout, or never, surprises the application mid-transaction.")
    @RequiresApi(ApiKeys.INIT_PRODUCER_ID)
    @RequiresApi(ApiKeys.FIND_COORDINATOR)
    void transactionTimeoutAboveMaxRefused(CheckContext ctx) {
        Optional<Integer> max = maxTransactionTimeout(ctx);
        int requested = max.map(m -> m == Integer.MAX_VALUE ? m : m + 1).orElse(Integer.MAX_VALUE);
        ctx.evidence("transaction.max.timeout.ms as DescribeConfigs reports it: %s; asking for %d ms",
                max.map(String::valueOf).orElse("not readable (default " + DEFAULT_MAX_TIMEOUT_MS + ")"), requested);
        String transactionalId = ctx.name("timeout-txn");
        short version = ctx.target().facts().newestCommonVersion(ApiKeys.INIT_PRODUCER_ID);
        try (WireClient coordinator = Coordinators.connect(ctx, CoordinatorType.TRANSACTION, transactionalId)) {
            InitProducerIdResponseData tooLong = initProducerId(coordinator, version, transactionalId, requested);
            ctx.evidence("InitProducerId v%d (%s, transaction_timeout_ms=%d): %s, producer id %d", version,
                    transactionalId, requested, Errors.forCode(tooLong.errorCode()), tooLong.producerId());
            InitProducerIdResponseData valid = initProducerId(coordinator, version, transactionalId, VALID_TIMEOUT_MS);
            ctx.evidence("InitProducerId v%d (%s, transaction_timeout_ms=%d): %s, producer id %d, epoch %d", version,
                    transactionalId, VALID_TIMEOUT_MS, Errors.forCode(valid.errorCode()), valid.producerId(),
                    valid.producerEpoch());
            assertThat(Errors.forCode(tooLong.errorCode())).as("error of InitProducerId v%d with a transaction"
                    + " timeout of %d ms, above the maximum", version, requested)
                    .isEqualTo(Errors.INVALID_TRANSACTION_TIMEOUT);
            assertThat(Errors.forCode(valid.errorCode())).as("error of InitProducerId v%d with a transaction timeout"
                    + " of %d ms", version, VALID_TIMEOUT_MS).isEqualTo(Errors.NONE);
        }
    }

    /** Asks again while the coordinator answers with a retriable error (loading, moving); bounded. */
    private static InitProducerIdResponseData initProducerId(WireClient coordinator, short version,
                                                             String transactionalId, int timeoutMs) {
        long deadline = System.nanoTime() + TargetContext.DEFAULT_WAIT.toNanos();
        while (true) {
            InitProducerIdRequestData request = new InitProducerIdRequestData()
                    .setTransactionalId(transactionalId)
                    .setTransactionTimeoutMs(timeoutMs);
            InitProducerIdResponseData response = ((InitProducerIdResponse) coordinator.send(
                    new InitProducerIdRequest.Builder(request), version)).data();
            Errors error = Errors.forCode(response.errorCode());
            if (!(error.exception() instanceof RetriableException) || System.nanoTime() > deadline) {
                return response;
            }
            TargetContext.sleep(Duration.ofMillis(200));
        }
    }

    private static Optional<Integer> maxTransactionTimeout(CheckContext ctx) {
        try {
            Admin admin = ctx.admin();
            String broker = String.valueOf(Await.result(admin.describeCluster().nodes(), "the brokers").iterator()
                    .next().id());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
            Config config = Await.result(admin.describeConfigs(List.of(resource)).all(), "the broker's configuration")
                    .get(resource);
            ConfigEntry entry = config == null ? null : config.get("transaction.max.timeout.ms");
            return entry == null || entry.value() == null ? Optional.empty()
                    : Optional.of(Integer.parseInt(entry.value()));
        } catch (RuntimeException e) {
            ctx.evidence("cannot read the broker's configuration: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
