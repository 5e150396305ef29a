package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.MetadataRequest;

/**
 * Never creates a topic on a Metadata request, whatever the client asked and whatever the broker's
 * {@code auto.create.topics.enable} says: {@code allow_auto_topic_creation} is cleared before the
 * broker sees the request. DescribeConfigs still reports the broker's setting, so the target claims
 * auto creation and does not do it.
 */
public final class DenyAutoTopicCreation extends NamedMutation {

    public DenyAutoTopicCreation() {
        super("DenyAutoTopicCreation", "Metadata requests never create topics, although the broker's setting says so");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.METADATA;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        MetadataRequest metadata = (MetadataRequest) request;
        if (!metadata.data().allowAutoTopicCreation()) {
            return RequestAction.forward();
        }
        metadata.data().setAllowAutoTopicCreation(false);
        return RequestAction.forward(metadata);
    }
}
