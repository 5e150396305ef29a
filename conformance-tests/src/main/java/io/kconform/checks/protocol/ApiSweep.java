package io.kconform.checks.protocol;

import io.kconform.api.Battery;
import io.kconform.api.Capability;
import io.kconform.api.CheckDescriptor;
import io.kconform.api.FamilyMembers;
import io.kconform.api.Level;
import io.kconform.api.Strength;
import io.kconform.api.baseline.ApiBaseline;
import io.kconform.api.baseline.SweepIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The members of the protocol sweep: one check per API key and version that the Apache Kafka 4.4
 * baseline advertises and this build's kafka-clients can encode (Produce v0-2 are advertised by 4.4
 * for old clients but no longer encodable by 4.x clients, so they are not swept). Pure: the members
 * depend on the baseline data and the class path only.
 *
 * <p>A version a client may negotiate must work, so a member is MUST where the API belongs to a
 * level's client path (the level whose clients send it) and SHOULD for administrative and
 * operational APIs, which no producer or consumer sends on its own. A member whose API exists for an
 * optional {@link Capability} (ConsumerGroupHeartbeat for KIP-848 groups, ...) belongs to that
 * capability and never decides a level.
 */
public final class ApiSweep implements FamilyMembers {

    /** What one member sweeps. */
    public record Case(ApiKeys api, short version) {
        @Override
        public String toString() {
            return api.name + " v" + version;
        }
    }

    /** The APIs that clients of a level send; a broken advertised version of them breaks those clients. */
    private static final Map<ApiKeys, Level> CLIENT_PATH = Map.ofEntries(
            Map.entry(ApiKeys.API_VERSIONS, Level.INGEST),
            Map.entry(ApiKeys.METADATA, Level.INGEST),
            Map.entry(ApiKeys.PRODUCE, Level.INGEST),
            Map.entry(ApiKeys.INIT_PRODUCER_ID, Level.INGEST),
            Map.entry(ApiKeys.SASL_HANDSHAKE, Level.INGEST),
            Map.entry(ApiKeys.SASL_AUTHENTICATE, Level.INGEST),
            Map.entry(ApiKeys.FETCH, Level.MESSAGING),
            Map.entry(ApiKeys.LIST_OFFSETS, Level.MESSAGING),
            Map.entry(ApiKeys.FIND_COORDINATOR, Level.MESSAGING),
            Map.entry(ApiKeys.JOIN_GROUP, Level.MESSAGING),
            Map.entry(ApiKeys.SYNC_GROUP, Level.MESSAGING),
            Map.entry(ApiKeys.HEARTBEAT, Level.MESSAGING),
            Map.entry(ApiKeys.LEAVE_GROUP, Level.MESSAGING),
            Map.entry(ApiKeys.OFFSET_COMMIT, Level.MESSAGING),
            Map.entry(ApiKeys.OFFSET_FETCH, Level.MESSAGING),
            Map.entry(ApiKeys.OFFSET_FOR_LEADER_EPOCH, Level.MESSAGING),
            Map.entry(ApiKeys.CONSUMER_GROUP_HEARTBEAT, Level.MESSAGING),
            // A share consumer sends these; they belong to the share-groups capability and never gate MESSAGING,
            // but they decide the capability: a target whose share describe APIs answer while these are refused
            // has share groups advertised, not enabled.
            Map.entry(ApiKeys.SHARE_GROUP_HEARTBEAT, Level.MESSAGING),
            Map.entry(ApiKeys.SHARE_FETCH, Level.MESSAGING),
            Map.entry(ApiKeys.SHARE_ACKNOWLEDGE, Level.MESSAGING),
            Map.entry(ApiKeys.ADD_PARTITIONS_TO_TXN, Level.EXACTLY_ONCE),
            Map.entry(ApiKeys.ADD_OFFSETS_TO_TXN, Level.EXACTLY_ONCE),
            Map.entry(ApiKeys.END_TXN, Level.EXACTLY_ONCE),
            Map.entry(ApiKeys.TXN_OFFSET_COMMIT, Level.EXACTLY_ONCE),
            Map.entry(ApiKeys.STREAMS_GROUP_HEARTBEAT, Level.PLATFORM));

    @Override
    public List<Member> members(String className, String methodName) {
        List<Member> members = new ArrayList<>();
        for (ApiBaseline.Entry entry : ApiBaseline.kafka44().entries().values()) {
            if (!ApiKeys.hasId(entry.key())) {
                continue;
            }
            ApiKeys api = ApiKeys.forId(entry.key());
            short from = (short) Math.max(entry.range().min(), api.oldestVersion());
            short to = (short) Math.min(entry.range().max(), api.latestVersion());
            for (short version = from; version <= to; version++) {
                members.add(new Member(descriptor(api, version, className, methodName), new Case(api, version)));
            }
        }
        return members;
    }

    static CheckDescriptor descriptor(ApiKeys api, short version, String className, String methodName) {
        Level level = CLIENT_PATH.getOrDefault(api, Level.INGEST);
        Strength strength = CLIENT_PATH.containsKey(api) ? Strength.MUST : Strength.SHOULD;
        CheckDescriptor check = new CheckDescriptor(SweepIds.id(api, version),
                api.name + " v" + version + ", when advertised, answers a minimal request with a response that decodes"
                        + " at v" + version + ", carries the request's correlation id and only error codes that request"
                        + " can produce",
                Battery.PROTOCOL, level, strength,
                List.of("KIP-35", "Kafka protocol guide: " + api.name + " (key " + api.id + ") v" + version),
                "A client picks the highest version both sides advertise and sends it: a version advertised but not"
                        + " answered (no response, a closed connection, a response that does not decode at that"
                        + " version, a wrong correlation id, UNSUPPORTED_VERSION) breaks it. Serve " + api.name + " v"
                        + version + " or stop advertising it. An error code the request cannot produce (the evidence"
                        + " names the field; UNKNOWN_SERVER_ERROR always) means the target failed on a harmless"
                        + " request: look at its log for that request.",
                List.of(), List.of(), className, methodName);
        // An API that exists for an optional capability (KIP-848 groups, share groups, ...) is swept as part of
        // that capability: its versions must work where the target offers it, and never decide a level.
        // Every sweep request is harmless (SweepRequests) but one: where delegation tokens are enabled,
        // CreateDelegationToken makes a token for the run's principal; it lapses within a second, yet it is made.
        if (api == ApiKeys.CREATE_DELEGATION_TOKEN) {
            check = check.changingCluster("delegation tokens (CreateDelegationToken makes one where tokens are enabled)");
        }
        return Capability.ofApi(api).map(check::ofCapability).orElse(check);
    }
}
