package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.ArrayList;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/**
 * DescribeConfigs answered as by a target that does not track where a value comes from: values stay
 * right, but every config is reported with source DEFAULT_CONFIG and without synonyms, so a topic
 * override cannot be told from a default.
 */
public final class DescribeConfigsWithoutSources extends NamedMutation {

    public DescribeConfigsWithoutSources() {
        super("DescribeConfigsWithoutSources", "DescribeConfigs reports every config as a default, without synonyms");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        byte defaultSource = DescribeConfigsResponse.ConfigSource.DEFAULT_CONFIG.id();
        ((DescribeConfigsResponse) response).data().results().forEach(result -> result.configs().forEach(config ->
                config.setConfigSource(defaultSource).setSynonyms(new ArrayList<>())));
        return response;
    }
}
