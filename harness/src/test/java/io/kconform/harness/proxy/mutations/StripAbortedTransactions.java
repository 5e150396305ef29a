package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Empties the list of aborted transactions in Fetch responses, so a read_committed consumer can no
 * longer tell aborted records from committed ones and delivers them.
 */
public final class StripAbortedTransactions extends NamedMutation {

    public StripAbortedTransactions() {
        super("StripAbortedTransactions", "hides aborted transactions from fetches: read_committed consumers see aborted records");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        for (FetchedPartition partition : FetchedPartition.of((FetchResponse) response)) {
            // null, not empty: the field is nullable from v4 on and the broker sends null for none
            partition.data().setAbortedTransactions(null);
        }
        return response;
    }
}
