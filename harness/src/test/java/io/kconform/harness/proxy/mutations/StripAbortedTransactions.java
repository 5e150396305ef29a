package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchResponse;

/**
 * Empties the list of aborted transactions in Fetch responses, so a read_committed consumer can no
 * longer tell aborted records from committed ones and delivers them. {@link #beyondPartitionZero()}
 * empties it only for partitions other than partition 0 of each topic: an abort that reached some of a
 * transaction's partitions and not the others.
 */
public final class StripAbortedTransactions extends NamedMutation {

    private final boolean keepPartitionZero;

    public StripAbortedTransactions() {
        this("StripAbortedTransactions", "hides aborted transactions from fetches: read_committed consumers see aborted"
                + " records", false);
    }

    private StripAbortedTransactions(String name, String description, boolean keepPartitionZero) {
        super(name, description);
        this.keepPartitionZero = keepPartitionZero;
    }

    /**
     * Keeps the aborted transactions of partition 0 of every topic and hides those of every other partition:
     * a transaction aborted on one partition and shown as committed on the rest, not all-or-nothing.
     */
    public static StripAbortedTransactions beyondPartitionZero() {
        return new StripAbortedTransactions("StripAbortedTransactionsBeyondPartition0", "hides aborted transactions"
                + " from fetches of every partition but partition 0: an abort that reached only one partition", true);
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.FETCH;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        for (FetchedPartition partition : FetchedPartition.of((FetchResponse) response)) {
            if (keepPartitionZero && partition.data().partitionIndex() == 0) {
                continue;
            }
            // null, not empty: the field is nullable from v4 on and the broker sends null for none
            partition.data().setAbortedTransactions(null);
        }
        return response;
    }
}
