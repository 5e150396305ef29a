package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;

/**
 * Ignores {@code validate_only}: the flag is cleared before the broker sees the request, so a dry run
 * of CreateTopics creates the topic and a dry run of IncrementalAlterConfigs changes the config, while
 * the answer looks like that of a dry run.
 */
public final class IgnoreValidateOnly extends NamedMutation {

    private final ApiKeys api;

    /** Ignores validate_only in requests of {@code api}: CREATE_TOPICS or INCREMENTAL_ALTER_CONFIGS. */
    public IgnoreValidateOnly(ApiKeys api) {
        super("IgnoreValidateOnly[" + api.name + "]", api.name + " with validate_only is carried out");
        if (api != ApiKeys.CREATE_TOPICS && api != ApiKeys.INCREMENTAL_ALTER_CONFIGS) {
            throw new IllegalArgumentException("ignore-validate-only supports CREATE_TOPICS and"
                    + " INCREMENTAL_ALTER_CONFIGS, not " + api);
        }
        this.api = api;
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == api;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        if (request instanceof CreateTopicsRequest create) {
            if (!create.data().validateOnly()) {
                return RequestAction.forward();
            }
            create.data().setValidateOnly(false);
            return RequestAction.forward(create);
        }
        IncrementalAlterConfigsRequest alter = (IncrementalAlterConfigsRequest) request;
        if (!alter.data().validateOnly()) {
            return RequestAction.forward();
        }
        alter.data().setValidateOnly(false);
        return RequestAction.forward(alter);
    }
}
