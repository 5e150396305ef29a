package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * ListOffsets for the earliest offset (timestamp -2) is answered with the latest (-1), as a target whose log start
 * is wherever it began serving: a consumer that resets to earliest starts at the log end and reads nothing that
 * was already there.
 */
public final class EarliestAsLatest extends NamedMutation {

    public EarliestAsLatest() {
        super("EarliestAsLatest", "ListOffsets EARLIEST answered with the latest offset");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.LIST_OFFSETS;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        ListOffsetsRequest listOffsets = (ListOffsetsRequest) request;
        listOffsets.data().topics().forEach(t -> t.partitions().stream()
                .filter(p -> p.timestamp() == ListOffsetsRequest.EARLIEST_TIMESTAMP)
                .forEach(p -> p.setTimestamp(ListOffsetsRequest.LATEST_TIMESTAMP)));
        return RequestAction.forward(listOffsets);
    }
}
