package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;

/**
 * Serves read_committed as read_uncommitted: the isolation level of every Fetch and ListOffsets request is rewritten
 * from READ_COMMITTED to READ_UNCOMMITTED, as a target that takes the field and ignores it. Fetches then return
 * records up to the high watermark instead of the last stable offset, with no aborted-transactions list, so a
 * read_committed consumer delivers records of open and of aborted transactions; its end offsets are the high
 * watermark. The records and control batches themselves are served unchanged.
 */
public final class ReadCommittedAsUncommitted extends NamedMutation {

    private static final byte READ_COMMITTED = IsolationLevel.READ_COMMITTED.id();
    private static final byte READ_UNCOMMITTED = IsolationLevel.READ_UNCOMMITTED.id();

    public ReadCommittedAsUncommitted() {
        super("ReadCommittedAsUncommitted", "Fetch and ListOffsets read_committed served as read_uncommitted: records"
                + " past the last stable offset, open and aborted transactions, reach read_committed consumers");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH || apiKey == ApiKeys.LIST_OFFSETS;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        if (request instanceof FetchRequest fetch) {
            FetchRequestData data = fetch.data();
            if (data.isolationLevel() == READ_COMMITTED) {
                data.setIsolationLevel(READ_UNCOMMITTED);
                return RequestAction.forward(fetch);
            }
        } else if (request instanceof ListOffsetsRequest listOffsets) {
            ListOffsetsRequestData data = listOffsets.data();
            if (data.isolationLevel() == READ_COMMITTED) {
                data.setIsolationLevel(READ_UNCOMMITTED);
                return RequestAction.forward(listOffsets);
            }
        }
        return RequestAction.forward();
    }
}
