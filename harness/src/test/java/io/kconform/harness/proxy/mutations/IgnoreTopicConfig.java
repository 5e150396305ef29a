package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;

/**
 * Accepts one topic config at creation and then ignores it, as a target that answers CreateTopics
 * with success but does not implement the setting would: the config is removed from the request
 * before the broker sees it, so the topic gets the broker's default instead. The answer still says
 * the topic was created.
 */
public final class IgnoreTopicConfig extends NamedMutation {

    private final String key;

    /** Ignores {@code key} in every topic of every CreateTopics request. */
    public IgnoreTopicConfig(String key) {
        super("IgnoreTopicConfig[" + key + "]", "accepts topics with " + key + " but ignores the setting");
        this.key = key;
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.CREATE_TOPICS;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        CreateTopicsRequest create = (CreateTopicsRequest) request;
        boolean changed = false;
        for (CreatableTopic topic : create.data().topics()) {
            CreatableTopicConfig config = topic.configs().find(key);
            if (config != null) {
                topic.configs().remove(config);
                changed = true;
            }
        }
        return changed ? RequestAction.forward(create) : RequestAction.forward();
    }
}
