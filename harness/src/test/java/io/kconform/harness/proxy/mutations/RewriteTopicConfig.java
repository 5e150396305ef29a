package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;

/**
 * Accepts one topic config at creation and applies another value instead, as a target that stores
 * what it was asked but enforces a setting of its own would: wherever a CreateTopics request sets
 * {@code key}, the broker sees {@code value}. Topics without the config are untouched, and the answer
 * still says the topic was created as asked.
 */
public final class RewriteTopicConfig extends NamedMutation {

    private final String key;
    private final String value;

    /** Applies {@code value} wherever a topic is created with {@code key}. */
    public RewriteTopicConfig(String key, String value) {
        super("RewriteTopicConfig[" + key + "=" + value + "]", "accepts topics with " + key + " but applies "
                + key + "=" + value);
        this.key = key;
        this.value = value;
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
            if (config != null && !value.equals(config.value())) {
                config.setValue(value);
                changed = true;
            }
        }
        return changed ? RequestAction.forward(create) : RequestAction.forward();
    }
}
