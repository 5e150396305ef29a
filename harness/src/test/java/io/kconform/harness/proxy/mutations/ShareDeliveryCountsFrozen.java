package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.message.ShareFetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ShareFetchResponse;

/**
 * A share-group broker (KIP-932) that never counts deliveries: every range of acquired records in a ShareFetch answer
 * carries delivery count 1, however often the broker delivered it. A released or timed-out record comes back looking
 * new, so a member cannot tell a redelivery (and a poison message) from a first delivery. What is delivered, and when,
 * is the broker's own.
 */
public final class ShareDeliveryCountsFrozen extends NamedMutation {

    public ShareDeliveryCountsFrozen() {
        super("ShareDeliveryCountsFrozen", "ShareFetch answers give every acquired record delivery count 1");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.SHARE_FETCH;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        for (ShareFetchResponseData.ShareFetchableTopicResponse topic : ((ShareFetchResponse) response).data().responses()) {
            for (ShareFetchResponseData.PartitionData partition : topic.partitions()) {
                partition.acquiredRecords().forEach(acquired -> acquired.setDeliveryCount((short) 1));
            }
        }
        return response;
    }
}
