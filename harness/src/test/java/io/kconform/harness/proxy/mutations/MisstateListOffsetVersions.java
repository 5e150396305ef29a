package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.function.LongPredicate;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * Answers some ListOffsets lookups as LATEST (the log end offset), as a target that implements only part of the
 * API would: every lookup at an old version (a gateway that translates only the newest version right), or the
 * tiered-storage sentinels of KIP-405, KIP-1005 and KIP-1023 (a target that takes any negative timestamp it does
 * not know for LATEST). The log is untouched, and the Admin client's and consumer's own lookups, at the newest
 * version and without those sentinels, stay right.
 */
public final class MisstateListOffsetVersions extends NamedMutation {

    private final short highestVersion;
    private final LongPredicate asked;

    private MisstateListOffsetVersions(String name, String description, short highestVersion, LongPredicate asked) {
        super(name, description);
        this.highestVersion = highestVersion;
        this.asked = asked;
    }

    /** Every lookup at version {@code highestVersion} or below is answered as LATEST. */
    public static MisstateListOffsetVersions oldVersionsAsLatest(short highestVersion) {
        return new MisstateListOffsetVersions("OldListOffsetsAsLatest[v" + highestVersion + "]",
                "answers every ListOffsets lookup at v" + highestVersion + " or below with the log end offset",
                highestVersion, timestamp -> true);
    }

    /** EARLIEST_LOCAL (-4), LATEST_TIERED (-5) and EARLIEST_PENDING_UPLOAD (-6) are answered as LATEST. */
    public static MisstateListOffsetVersions tieredSentinelsAsLatest() {
        return new MisstateListOffsetVersions("TieredOffsetsAsLatest",
                "answers ListOffsets -4, -5 and -6 (tiered storage) with the log end offset", Short.MAX_VALUE,
                timestamp -> timestamp == ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP
                        || timestamp == ListOffsetsRequest.LATEST_TIERED_TIMESTAMP
                        || timestamp == ListOffsetsRequest.EARLIEST_PENDING_UPLOAD_TIMESTAMP);
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.LIST_OFFSETS;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        if (exchange.apiVersion() > highestVersion) {
            return RequestAction.forward();
        }
        ListOffsetsRequest list = (ListOffsetsRequest) request;
        boolean changed = false;
        for (ListOffsetsTopic topic : list.data().topics()) {
            for (ListOffsetsPartition partition : topic.partitions()) {
                if (asked.test(partition.timestamp())) {
                    partition.setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP);
                    changed = true;
                }
            }
        }
        return changed ? RequestAction.forward(list) : RequestAction.forward();
    }
}
