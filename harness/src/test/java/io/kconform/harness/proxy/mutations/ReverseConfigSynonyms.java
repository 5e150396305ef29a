package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.Collections;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/**
 * DescribeConfigs answered with every config's synonyms in reverse order: values and sources stay right,
 * but the lowest-precedence setting (the default) comes first, as on a target that lists synonyms in no
 * particular order. A client that takes the first synonym as the effective one is misled.
 */
public final class ReverseConfigSynonyms extends NamedMutation {

    public ReverseConfigSynonyms() {
        super("ReverseConfigSynonyms", "DescribeConfigs lists synonyms from the lowest precedence to the highest");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        ((DescribeConfigsResponse) response).data().results().forEach(result -> result.configs()
                .forEach(config -> Collections.reverse(config.synonyms())));
        return response;
    }
}
