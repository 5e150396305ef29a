package io.kconform.checks.protocol;

import io.kconform.api.target.ApiRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The protocol versions today's Java clients can speak, and which of a target's advertised ranges
 * they cannot use. Pure logic, unit-tested.
 *
 * <p>A Kafka client negotiates, per API, the highest version both sides support; when the target's
 * advertised range and the client's own range do not overlap, the client throws
 * {@code UnsupportedVersionException} before sending anything. Since Kafka 4.0 (KIP-896) the Java
 * clients no longer contain the oldest versions of several APIs (Produce v0-2, Fetch v0-3, ListOffsets
 * v0, OffsetCommit v0-1, OffsetFetch v0, ...), so a target that still advertises only those cannot be
 * used by them at all. The client's range is read from the {@code kafka-clients} release on the class
 * path ({@link ApiKeys#oldestVersion()}, {@link ApiKeys#latestVersion()}); {@code ClientFloorTest} pins
 * the KIP-896 floors so that an upgrade of the client that moves them shows up in review.
 */
final class ClientFloor {

    /**
     * The APIs that Kafka's producer, consumer (classic and KIP-848 groups) and the everyday admin
     * operations send. APIs only brokers, controllers or rarely used tools send are left out: a target
     * is not unusable for clients because, say, WriteTxnMarkers is old.
     */
    static final List<ApiKeys> CLIENT_APIS = List.of(
            ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS,
            ApiKeys.OFFSET_FOR_LEADER_EPOCH, ApiKeys.FIND_COORDINATOR, ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH,
            ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP, ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP,
            ApiKeys.CONSUMER_GROUP_HEARTBEAT, ApiKeys.INIT_PRODUCER_ID, ApiKeys.ADD_PARTITIONS_TO_TXN,
            ApiKeys.ADD_OFFSETS_TO_TXN, ApiKeys.END_TXN, ApiKeys.TXN_OFFSET_COMMIT, ApiKeys.SASL_HANDSHAKE,
            ApiKeys.SASL_AUTHENTICATE, ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS, ApiKeys.CREATE_PARTITIONS,
            ApiKeys.DELETE_RECORDS, ApiKeys.DESCRIBE_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS,
            ApiKeys.DESCRIBE_CLUSTER, ApiKeys.LIST_GROUPS, ApiKeys.DESCRIBE_GROUPS, ApiKeys.DELETE_GROUPS,
            ApiKeys.OFFSET_DELETE);

    /**
     * An advertised range the client cannot use.
     *
     * @param api        the API
     * @param advertised what the target advertises
     * @param client     what the client can speak
     */
    record Violation(ApiKeys api, ApiRange advertised, ApiRange client) {
        /** One line for the report, e.g. {@code Produce: advertised v0-2, Kafka 4.x clients speak v3-13}. */
        String describe() {
            return api.name + ": advertised v" + advertised + ", Java clients speak v" + client;
        }
    }

    private ClientFloor() {
    }

    /** The range of {@code api} that the Java client on the class path can send and read. */
    static ApiRange clientRange(ApiKeys api) {
        return new ApiRange(api.oldestVersion(), api.latestVersion());
    }

    /**
     * The well-formed advertised ranges, among {@link #CLIENT_APIS}, that do not overlap the client's
     * range: the target truthfully offers only versions the client does not speak. APIs the target does
     * not advertise are not violations here (missing APIs are the baseline check's business), nor are
     * malformed ranges (see {@link #malformed}).
     *
     * @param advertised ranges by API key id
     */
    static List<Violation> violations(Map<Integer, ApiRange> advertised) {
        return select(advertised, false);
    }

    /**
     * The advertised ranges, among {@link #CLIENT_APIS}, that are malformed (min above max, or negative):
     * the API is listed, so claimed, but no version of it can be used. Not a version the target lacks,
     * but an answer clients cannot use.
     *
     * @param advertised ranges by API key id
     */
    static List<Violation> malformed(Map<Integer, ApiRange> advertised) {
        return select(advertised, true);
    }

    private static List<Violation> select(Map<Integer, ApiRange> advertised, boolean malformed) {
        List<Violation> violations = new ArrayList<>();
        for (ApiKeys api : CLIENT_APIS) {
            ApiRange range = advertised.get((int) api.id);
            if (range == null || range.wellFormed() == malformed) {
                continue;
            }
            ApiRange client = clientRange(api);
            boolean overlaps = range.max() >= client.min() && range.min() <= client.max();
            if (malformed || !overlaps) {
                violations.add(new Violation(api, range, client));
            }
        }
        return violations;
    }
}
