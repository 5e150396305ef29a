package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;

/**
 * Accepts one group config and applies another value instead, as a target that takes a group's setting but enforces
 * one of its own would: wherever an IncrementalAlterConfigs request sets {@code key} on a GROUP resource, the broker
 * sees {@code value}. The answer still says the config was set; other resources and configs are untouched.
 */
public final class RewriteGroupConfig extends NamedMutation {

    private final String key;
    private final String value;

    public RewriteGroupConfig(String key, String value) {
        super("RewriteGroupConfig[" + key + "=" + value + "]", "accepts group config " + key + " but applies "
                + key + "=" + value);
        this.key = key;
        this.value = value;
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        IncrementalAlterConfigsRequest alter = (IncrementalAlterConfigsRequest) request;
        boolean changed = false;
        for (AlterConfigsResource resource : alter.data().resources()) {
            if (resource.resourceType() != ConfigResource.Type.GROUP.id()) {
                continue;
            }
            for (AlterableConfig config : resource.configs()) {
                if (config.name().equals(key) && config.value() != null && !value.equals(config.value())) {
                    config.setValue(value);
                    changed = true;
                }
            }
        }
        return changed ? RequestAction.forward(alter) : RequestAction.forward();
    }
}
