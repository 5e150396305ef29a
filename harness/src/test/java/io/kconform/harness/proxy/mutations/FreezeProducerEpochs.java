package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeProducersResponse;

/**
 * Reports every active producer of DescribeProducers at epoch 0, as the producer state of a target that
 * finalizes {@code transaction.version} 2 without its server-side defence (no epoch bump per
 * transaction, KIP-890) would read. The bump itself still happens on the broker behind, and the log it
 * serves shows it: only the admin view disagrees with the wire ({@link FreezeFetchedProducerEpochs}
 * makes the log show no bump).
 */
public final class FreezeProducerEpochs extends NamedMutation {

    public FreezeProducerEpochs() {
        super("FreezeProducerEpochs", "DescribeProducers reports every producer at epoch 0: no bump per transaction");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.DESCRIBE_PRODUCERS;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        for (DescribeProducersResponseData.TopicResponse topic : ((DescribeProducersResponse) response).data().topics()) {
            topic.partitions().forEach(p -> p.activeProducers().forEach(producer -> producer.setProducerEpoch(0)));
        }
        return response;
    }
}
