package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;

/**
 * Refuses to create topics with one config value, as a vendor that does not offer, say, compaction
 * would: those topics are answered with an error and never reach the broker; the other topics of
 * the same request are created as usual. A value matches when it equals the configured one or is
 * one element of a comma-separated list ({@code cleanup.policy=compact,delete} matches
 * {@code compact}).
 *
 * <p>Only CreateTopics is covered; altering an existing topic's config is not refused.
 */
public final class RejectTopicConfig extends NamedMutation {

    /** Kept with the exchange, to add the refusals to the broker's answer. */
    private record Refused(List<String> topics) {
    }

    private final String key;
    private final String value;
    private final Errors error;
    private final String message;

    /** Refuses {@code key=value} with {@code error} and {@code message}. */
    public RejectTopicConfig(String key, String value, Errors error, String message) {
        super("RejectTopicConfig[" + key + "=" + value + "]",
                "refuses to create topics with " + key + "=" + value + " (" + error.name() + ")");
        this.key = key;
        this.value = value;
        this.error = error;
        this.message = message;
    }

    /** Refuses {@code key=value} with POLICY_VIOLATION. */
    public RejectTopicConfig(String key, String value) {
        this(key, value, Errors.POLICY_VIOLATION, "topics with " + key + "=" + value + " are not supported");
    }

    /** The endpoint without compaction: {@code cleanup.policy=compact} is a policy violation. */
    public static RejectTopicConfig noCompaction() {
        return new RejectTopicConfig("cleanup.policy", "compact", Errors.POLICY_VIOLATION,
                "compacted topics are not supported");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.CREATE_TOPICS;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.CREATE_TOPICS;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        CreateTopicsRequest create = (CreateTopicsRequest) request;
        List<String> refused = new ArrayList<>();
        CreatableTopicCollection kept = new CreatableTopicCollection();
        for (CreatableTopic topic : create.data().topics()) {
            if (matches(topic)) {
                refused.add(topic.name());
            } else {
                kept.add(topic.duplicate());
            }
        }
        if (refused.isEmpty()) {
            return RequestAction.forward();
        }
        if (kept.isEmpty()) {
            CreateTopicsResponseData answer = new CreateTopicsResponseData();
            refused.forEach(name -> answer.topics().add(refusal(name)));
            return RequestAction.respond(new CreateTopicsResponse(answer));
        }
        exchange.attach(this, new Refused(List.copyOf(refused)));
        CreateTopicsRequestData forwarded = create.data().duplicate().setTopics(kept);
        return RequestAction.forward(new CreateTopicsRequest.Builder(forwarded).build(create.version()));
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        CreateTopicsResponse created = (CreateTopicsResponse) response;
        for (String topic : exchange.attachment(this, Refused.class).map(Refused::topics).orElse(List.of())) {
            created.data().topics().add(refusal(topic));
        }
        return created;
    }

    private boolean matches(CreatableTopic topic) {
        CreatableTopicConfig config = topic.configs().find(key);
        return config != null && config.value() != null
                && Arrays.stream(config.value().split(",")).map(String::trim).anyMatch(value::equals);
    }

    private CreatableTopicResult refusal(String topic) {
        return new CreatableTopicResult().setName(topic).setErrorCode(error.code()).setErrorMessage(message);
    }
}
