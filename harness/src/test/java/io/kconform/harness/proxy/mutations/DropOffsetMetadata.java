package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.OffsetFetchResponse;

/**
 * OffsetFetch answers every committed offset with empty metadata, as a target that stores offsets
 * but not the string committed with them: the offset is right, the application's state in the
 * metadata is lost.
 */
public final class DropOffsetMetadata extends NamedMutation {

    public DropOffsetMetadata() {
        super("DropOffsetMetadata", "committed offsets come back without their metadata");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.OFFSET_FETCH;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        OffsetFetchResponse fetch = (OffsetFetchResponse) response;
        // v0-7 answer one group at the top level, v8 on a list of groups
        fetch.data().topics().forEach(t -> t.partitions().forEach(p -> p.setMetadata("")));
        fetch.data().groups().forEach(g -> g.topics().forEach(t -> t.partitions().forEach(p -> p.setMetadata(""))));
        return fetch;
    }
}
