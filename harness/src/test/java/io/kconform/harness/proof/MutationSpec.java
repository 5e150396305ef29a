package io.kconform.harness.proof;

import io.kconform.harness.proxy.Mutation;
import io.kconform.harness.proxy.mutations.AcceptAnyClientSoftwareName;
import io.kconform.harness.proxy.mutations.AcksLeaderOnly;
import io.kconform.harness.proxy.mutations.ApiVersionsAboveMaxInNewestFormat;
import io.kconform.harness.proxy.mutations.ApiVersionsError;
import io.kconform.harness.proxy.mutations.CapApiVersion;
import io.kconform.harness.proxy.mutations.ClassicGroupFaults;
import io.kconform.harness.proxy.mutations.ConnectAssignmentLost;
import io.kconform.harness.proxy.mutations.ClampTransactionTimeout;
import io.kconform.harness.proxy.mutations.CrashOn;
import io.kconform.harness.proxy.mutations.CloseOnApiVersions;
import io.kconform.harness.proxy.mutations.ConsumerHeartbeatAssignBeforeRevoke;
import io.kconform.harness.proxy.mutations.ConsumerHeartbeatNeverRevokes;
import io.kconform.harness.proxy.mutations.ConsumerProtocolFaults;
import io.kconform.harness.proxy.mutations.DenyAutoTopicCreation;
import io.kconform.harness.proxy.mutations.DescribeConfigsWithoutSources;
import io.kconform.harness.proxy.mutations.DropControlBatches;
import io.kconform.harness.proxy.mutations.DropFinalizedFeatures;
import io.kconform.harness.proxy.mutations.DropOffsetMetadata;
import io.kconform.harness.proxy.mutations.DuplicateProduce;
import io.kconform.harness.proxy.mutations.EarliestAsLatest;
import io.kconform.harness.proxy.mutations.EpochsEndAtLogEnd;
import io.kconform.harness.proxy.mutations.ErrorForApi;
import io.kconform.harness.proxy.mutations.ErrorForClient;
import io.kconform.harness.proxy.mutations.FenceAfterStaleEpoch;
import io.kconform.harness.proxy.mutations.FirstValuePerKey;
import io.kconform.harness.proxy.mutations.ForgetDeliveredRecords;
import io.kconform.harness.proxy.mutations.FreezeFetchedProducerEpochs;
import io.kconform.harness.proxy.mutations.FreezeProducerEpochs;
import io.kconform.harness.proxy.mutations.GroupAdminFaults;
import io.kconform.harness.proxy.mutations.HangOnMalformed;
import io.kconform.harness.proxy.mutations.HideAbortsBegunInsideFetch;
import io.kconform.harness.proxy.mutations.HideAdminState;
import io.kconform.harness.proxy.mutations.HideListedGroups;
import io.kconform.harness.proxy.mutations.IgnoreGroupInstanceId;
import io.kconform.harness.proxy.mutations.IgnoreTopicConfig;
import io.kconform.harness.proxy.mutations.IgnoreTransactions;
import io.kconform.harness.proxy.mutations.IgnoreValidateOnly;
import io.kconform.harness.proxy.mutations.InvertApiRange;
import io.kconform.harness.proxy.mutations.MaskAdminErrors;
import io.kconform.harness.proxy.mutations.MisstateClusterAnswers;
import io.kconform.harness.proxy.mutations.MisstateFetchLimits;
import io.kconform.harness.proxy.mutations.MisstateFetchSessions;
import io.kconform.harness.proxy.mutations.MisstateLeaderEpochs;
import io.kconform.harness.proxy.mutations.MisstateListOffsetVersions;
import io.kconform.harness.proxy.mutations.MisstateListOffsets;
import io.kconform.harness.proxy.mutations.MisstateReplication;
import io.kconform.harness.proxy.mutations.MisstateOffsetFetch;
import io.kconform.harness.proxy.mutations.MisstateTopicMetadata;
import io.kconform.harness.proxy.mutations.NegativeConfigSource;
import io.kconform.harness.proxy.mutations.NullArrays;
import io.kconform.harness.proxy.mutations.PreferredReplicaInOtherRack;
import io.kconform.harness.proxy.mutations.ReadCommittedAsUncommitted;
import io.kconform.harness.proxy.mutations.RefuseAfter;
import io.kconform.harness.proxy.mutations.RefuseAfterMalformed;
import io.kconform.harness.proxy.mutations.RejectCompression;
import io.kconform.harness.proxy.mutations.RejectTopicConfig;
import io.kconform.harness.proxy.mutations.ReverseConfigSynonyms;
import io.kconform.harness.proxy.mutations.RefuseFirstAfterEndTxn;
import io.kconform.harness.proxy.mutations.RestampStaleTransactionalEpochs;
import io.kconform.harness.proxy.mutations.RewriteClientId;
import io.kconform.harness.proxy.mutations.RewriteErrorCode;
import io.kconform.harness.proxy.mutations.RewriteFetchedRecords;
import io.kconform.harness.proxy.mutations.RewriteGroupConfig;
import io.kconform.harness.proxy.mutations.RewriteTopicConfig;
import io.kconform.harness.proxy.mutations.ShareAcknowledgementRewrite;
import io.kconform.harness.proxy.mutations.ShareDeliveryCountsFrozen;
import io.kconform.harness.proxy.mutations.ShareRecordsToTwoMembers;
import io.kconform.harness.proxy.mutations.StripAbortedTransactions;
import io.kconform.harness.proxy.mutations.StripApis;
import io.kconform.harness.proxy.mutations.StreamsHeartbeatDropsTask;
import io.kconform.harness.proxy.mutations.StripIdempotence;
import io.kconform.harness.proxy.mutations.SwallowAdmin;
import io.kconform.harness.proxy.mutations.SwallowOffsetCommit;
import io.kconform.harness.proxy.mutations.SwallowProduce;
import io.kconform.harness.proxy.mutations.SwallowShareOffsets;
import io.kconform.harness.proxy.mutations.SyncGroupWholeAssignment;
import io.kconform.harness.proxy.mutations.TransactionFaults;
import io.kconform.harness.proxy.mutations.TransactionalIdPerConnection;
import io.kconform.harness.proxy.mutations.TrimFetchedBatches;
import io.kconform.harness.proxy.mutations.WrongCorrelationId;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.CompressionType;

/** Turns the mutation names of {@code proof/controls/*.yaml} (see proof/README.md) into proxy mutations. */
final class MutationSpec {

    private MutationSpec() {
    }

    static Mutation parse(String spec) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec.strip() : spec.substring(0, colon).strip();
        String argument = colon < 0 ? "" : spec.substring(colon + 1).strip();
        switch (name) {
            case "strip-apis":
                return new StripApis(Arrays.stream(argument.split(",")).map(String::strip).map(ApiKeys::valueOf)
                        .toArray(ApiKeys[]::new));
            case "cap-api-version": {
                String[] keyAndMax = argument.split("=");
                return new CapApiVersion(ApiKeys.valueOf(keyAndMax[0].strip()), Short.parseShort(keyAndMax[1].strip()));
            }
            case "api-versions-error":
                return new ApiVersionsError(Errors.valueOf(argument));
            case "swallow-produce":
                return new SwallowProduce();
            case "acks-leader-only":
                return new AcksLeaderOnly();
            case "reject-compression":
                return new RejectCompression(CompressionType.forName(argument.toLowerCase(Locale.ROOT)));
            case "fetched-records":
                return fetchedRecords(argument);
            case "strip-aborted-transactions":
                if (argument.equals("beyond-partition-0")) {
                    return StripAbortedTransactions.beyondPartitionZero();
                }
                if (!argument.isEmpty()) {
                    throw new IllegalArgumentException("unknown strip-aborted-transactions variant '" + argument
                            + "' (see proof/README.md)");
                }
                return new StripAbortedTransactions();
            case "drop-control-batches":
                return new DropControlBatches();
            case "forget-delivered-records":
                return new ForgetDeliveredRecords();
            case "swallow-offset-commit":
                if (argument.equals("outside-group")) {
                    return SwallowOffsetCommit.outsideGroup();
                }
                if (!argument.isEmpty()) {
                    throw new IllegalArgumentException("unknown swallow-offset-commit variant '" + argument
                            + "' (see proof/README.md)");
                }
                return SwallowOffsetCommit.offsetCommit();
            case "swallow-txn-offset-commit":
                return SwallowOffsetCommit.txnOffsetCommit();
            case "transactional-id-per-connection":
                return new TransactionalIdPerConnection();
            case "strip-idempotence":
                return new StripIdempotence();
            case "ignore-transactions":
                return new IgnoreTransactions();
            case "swallow-end-txn":
                return TransactionFaults.swallowEndTxn();
            case "refuse-end-txn-without-records":
                return TransactionFaults.refuseEndTxnWithoutRecords();
            case "txn-offset-commit-without-generation":
                return TransactionFaults.txnOffsetCommitWithoutGeneration();
            case "duplicate-produce":
                return new DuplicateProduce();
            case "read-committed-as-uncommitted":
                return new ReadCommittedAsUncommitted();
            case "reject-topic-config": {
                String[] keyAndValue = argument.split("=", 2);
                return new RejectTopicConfig(keyAndValue[0].strip(), keyAndValue[1].strip());
            }
            case "ignore-topic-config":
                return new IgnoreTopicConfig(argument);
            case "rewrite-topic-config": {
                String[] keyAndValue = argument.split("=", 2);
                return new RewriteTopicConfig(keyAndValue[0].strip(), keyAndValue[1].strip());
            }
            case "accept-any-client-software-name":
                return new AcceptAnyClientSoftwareName();
            case "deny-auto-topic-creation":
                return new DenyAutoTopicCreation();
            case "wrong-correlation-id":
                return new WrongCorrelationId(argument);
            case "error-for-client": {
                // CLIENT_ID=ERROR, e.g. kconform-sweep=UNKNOWN_SERVER_ERROR
                String[] clientAndError = argument.split("=", 2);
                return new ErrorForClient(clientAndError[0].strip(), Errors.valueOf(clientAndError[1].strip()));
            }
            case "error-for-api": {
                // API=ERROR, e.g. CONSUMER_GROUP_HEARTBEAT=UNKNOWN_SERVER_ERROR
                String[] apiAndError = argument.split("=", 2);
                return new ErrorForApi(ApiKeys.valueOf(apiAndError[0].strip()), Errors.valueOf(apiAndError[1].strip()));
            }
            case "rewrite-error": {
                // API:FROM=TO, e.g. PRODUCE:CORRUPT_MESSAGE=NONE
                String[] apiAndCodes = argument.split(":", 2);
                String[] fromTo = apiAndCodes[1].split("=", 2);
                return new RewriteErrorCode(ApiKeys.valueOf(apiAndCodes[0].strip()), Errors.valueOf(fromTo[0].strip()),
                        Errors.valueOf(fromTo[1].strip()));
            }
            case "drop-offset-metadata":
                return new DropOffsetMetadata();
            case "clamp-transaction-timeout":
                return new ClampTransactionTimeout(Duration.ofMillis(Long.parseLong(argument)));
            case "hide-aborts-begun-inside-fetch":
                return new HideAbortsBegunInsideFetch();
            case "fence-after-stale-epoch":
                return new FenceAfterStaleEpoch();
            case "freeze-producer-epochs":
                return new FreezeProducerEpochs();
            case "freeze-fetched-producer-epochs":
                return new FreezeFetchedProducerEpochs();
            case "restamp-stale-transactional-epochs":
                return new RestampStaleTransactionalEpochs();
            case "refuse-first-after-end-txn":
                return new RefuseFirstAfterEndTxn();
            case "empty-describe-producers":
                return HideAdminState.emptyDescribeProducers();
            case "hide-listed-transactions":
                return HideAdminState.hideListedTransactions();
            case "forget-transaction-partitions":
                return HideAdminState.forgetTransactionPartitions();
            case "zero-log-dir-sizes":
                return HideAdminState.zeroLogDirSizes();
            case "foreign-cluster-id":
                return MisstateClusterAnswers.foreignClusterId();
            case "drop-partition-cursor":
                return MisstateClusterAnswers.dropPartitionCursor();
            case "elect-leaders-error":
                return MisstateClusterAnswers.electLeadersError(Errors.valueOf(argument));
            case "swallow-admin":
                return new SwallowAdmin(ApiKeys.valueOf(argument));
            case "rewrite-client-id":
                return new RewriteClientId(ApiKeys.valueOf(argument));
            case "api-versions-above-max-in-newest-format":
                return new ApiVersionsAboveMaxInNewestFormat();
            case "drop-finalized-features":
                return argument.equals("all") ? DropFinalizedFeatures.all()
                        : DropFinalizedFeatures.named(Arrays.stream(argument.split(",")).map(String::strip)
                        .collect(Collectors.toSet()));
            case "hang-on-malformed":
                return new HangOnMalformed();
            case "refuse-after-malformed":
                return new RefuseAfterMalformed();
            case "mask-admin-errors":
                return new MaskAdminErrors(ApiKeys.valueOf(argument));
            case "ignore-validate-only":
                return new IgnoreValidateOnly(ApiKeys.valueOf(argument));
            case "describe-configs-without-sources":
                return new DescribeConfigsWithoutSources();
            case "describe-configs-reversed-synonyms":
                return new ReverseConfigSynonyms();
            case "inverted-api-range":
                return new InvertApiRange(ApiKeys.valueOf(argument));
            case "metadata-drops-last-partition":
                return MisstateTopicMetadata.dropLastPartition();
            case "metadata-unknown-leaders":
                return MisstateTopicMetadata.unknownLeaders();
            case "ignore-group-instance-id":
                return new IgnoreGroupInstanceId();
            case "time-lookup-strictly-after":
                return MisstateListOffsets.timeStrictlyAfter();
            case "max-timestamp-as-latest":
                return MisstateListOffsets.maxTimestampAsLatest();
            case "latest-offset-off-by-one":
                return MisstateListOffsets.latestOffByOne();
            case "old-list-offsets-as-latest":
                return MisstateListOffsetVersions.oldVersionsAsLatest(Short.parseShort(argument));
            case "tiered-offsets-as-latest":
                return MisstateListOffsetVersions.tieredSentinelsAsLatest();
            case "misstate-leader-epochs":
                return new MisstateLeaderEpochs();
            case "epochs-end-at-log-end":
                return new EpochsEndAtLogEnd();
            case "preferred-replica-in-other-rack":
                return new PreferredReplicaInOtherRack();
            case "misstate-fetch-sessions":
                return new MisstateFetchSessions();
            case "fetch-answers-at-once":
                return MisstateFetchLimits.answerAtOnce();
            case "fetch-ignores-max-bytes":
                return MisstateFetchLimits.ignoreMaxBytes();
            case "fetch-strict-max-bytes":
                return MisstateFetchLimits.strictMaxBytes();
            case "misstate-replication":
                return new MisstateReplication();
            case "hide-listed-groups":
                return new HideListedGroups();
            case "crash-on":
                return CrashOn.parse(argument);
            case "refuse-after": {
                // API#N=ERROR: the first N requests of API served, every later one answered with ERROR
                String[] apiAndRest = argument.split("#", 2);
                String[] countAndError = apiAndRest[1].split("=", 2);
                return new RefuseAfter(ApiKeys.valueOf(apiAndRest[0].strip()), Integer.parseInt(countAndError[0].strip()),
                        Errors.valueOf(countAndError[1].strip()));
            }
            case "null-arrays":
                return new NullArrays(ApiKeys.valueOf(argument));
            case "negative-config-source":
                return new NegativeConfigSource();
            case "close-on-api-versions":
                return CloseOnApiVersions.fromVersion(Short.parseShort(argument));
            case "close-on-api-versions-cluster-id":
                return CloseOnApiVersions.withClusterId();
            case "sync-group-whole-assignment":
                return new SyncGroupWholeAssignment();
            case "connect-assignment-lost":
                return new ConnectAssignmentLost();
            case "consumer-heartbeat-never-revokes":
                return new ConsumerHeartbeatNeverRevokes();
            case "consumer-heartbeat-assign-before-revoke":
                return new ConsumerHeartbeatAssignBeforeRevoke();
            case "consumer-heartbeat-server-assignor":
                return ConsumerProtocolFaults.serverAssignor(argument);
            case "consumer-heartbeat-drop-server-assignor":
                return ConsumerProtocolFaults.dropServerAssignor();
            case "consumer-heartbeat-regex-resolved-once":
                return ConsumerProtocolFaults.regexResolvedOnce();
            case "consumer-group-describe-epochs-behind":
                return ConsumerProtocolFaults.describeMemberEpochsBehind();
            case "join-group-first-metadata":
                // no argument: consumer groups; :TYPE for groups of another protocol type (connect)
                return argument.isEmpty() ? ClassicGroupFaults.firstMemberMetadata()
                        : ClassicGroupFaults.firstMemberMetadata(argument);
            case "join-group-session-timeout": {
                // MS, or MS:PROTOCOL_TYPE for groups of another protocol type than consumer (connect)
                String[] msAndType = argument.split(":", 2);
                Duration session = Duration.ofMillis(Long.parseLong(msAndType[0].strip()));
                return msAndType.length == 1 ? ClassicGroupFaults.sessionTimeout(session)
                        : ClassicGroupFaults.sessionTimeout(session, msAndType[1].strip());
            }
            case "swallow-leave-group":
                return ClassicGroupFaults.swallowLeaveGroup();
            case "offset-commit-current-generation":
                return ClassicGroupFaults.commitWithCurrentGeneration();
            case "streams-heartbeat-drops-task":
                return new StreamsHeartbeatDropsTask();
            case "offset-fetch-shift":
                return MisstateOffsetFetch.shift(Long.parseLong(argument));
            case "offset-fetch-none-as-zero":
                return MisstateOffsetFetch.noneAsZero();
            case "list-offsets-earliest-as-latest":
                return new EarliestAsLatest();
            case "swallow-group-admin": {
                // API or API#N: from the N-th request of that API on each connection on
                String[] apiAndNth = argument.split("#", 2);
                return GroupAdminFaults.swallow(ApiKeys.valueOf(apiAndNth[0].strip()),
                        apiAndNth.length == 1 ? 1 : Integer.parseInt(apiAndNth[1].strip()));
            }
            case "mask-group-admin-errors":
                return GroupAdminFaults.maskErrors(ApiKeys.valueOf(argument));
            case "list-groups-ignore-filters":
                return GroupAdminFaults.ignoreListFilters();
            case "describe-groups-all-stable":
                return GroupAdminFaults.describeEveryGroupStable();
            case "share-ack-rewrite": {
                // FROM=TO, names of AcknowledgeType, e.g. REJECT=RELEASE
                String[] fromTo = argument.split("=", 2);
                return new ShareAcknowledgementRewrite(AcknowledgeType.valueOf(fromTo[0].strip()),
                        AcknowledgeType.valueOf(fromTo[1].strip()));
            }
            case "share-delivery-count-frozen":
                return new ShareDeliveryCountsFrozen();
            case "share-records-to-two-members":
                return new ShareRecordsToTwoMembers();
            case "swallow-share-offsets": {
                // API or API#N: from the N-th request of that API on each connection on
                String[] apiAndNth = argument.split("#", 2);
                return new SwallowShareOffsets(ApiKeys.valueOf(apiAndNth[0].strip()),
                        apiAndNth.length == 1 ? 1 : Integer.parseInt(apiAndNth[1].strip()));
            }
            case "rewrite-group-config": {
                String[] keyAndValue = argument.split("=", 2);
                return new RewriteGroupConfig(keyAndValue[0].strip(), keyAndValue[1].strip());
            }
            default:
                throw new IllegalArgumentException("unknown proxy mutation '" + spec + "' (see proof/README.md)");
        }
    }

    private static Mutation fetchedRecords(String variant) {
        if (variant.equals("drop-headers")) {
            return RewriteFetchedRecords.dropHeaders();
        }
        if (variant.startsWith("shift-timestamps=")) {
            return RewriteFetchedRecords.shiftTimestamps(Duration.ofMillis(Long.parseLong(variant.substring(17).strip())));
        }
        if (variant.equals("reverse-within-batch")) {
            return RewriteFetchedRecords.reverseWithinBatches();
        }
        if (variant.equals("offset-gaps")) {
            return RewriteFetchedRecords.renumberOffsets(2);
        }
        if (variant.startsWith("garble-codec=")) {
            return RewriteFetchedRecords.garbleCodec(CompressionType.forName(variant.substring(13).strip()
                    .toLowerCase(Locale.ROOT)));
        }
        if (variant.startsWith("truncate-values=")) {
            return RewriteFetchedRecords.truncateValues(Integer.parseInt(variant.substring(16).strip()));
        }
        if (variant.startsWith("first-value-per-key=")) {
            return new FirstValuePerKey(variant.substring(20).strip());
        }
        if (variant.equals("drop-tombstones")) {
            return RewriteFetchedRecords.dropTombstones();
        }
        if (variant.equals("compact-on-read")) {
            return RewriteFetchedRecords.compactOnRead();
        }
        if (variant.equals("cut-at-fetch-offset")) {
            return new TrimFetchedBatches();
        }
        throw new IllegalArgumentException("unknown fetched-records variant '" + variant + "' (see proof/README.md)");
    }
}
