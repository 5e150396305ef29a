package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/**
 * Answers DescribeConfigs with a config source of -1, an id no source has (Apache Kafka's are 0 to 8,
 * with -1 meaning UNKNOWN only inside the broker): a negative id field, which the Java client refuses
 * while reading the reply (IllegalArgumentException). Names and values stay the broker's.
 */
public final class NegativeConfigSource extends NamedMutation {

    public NegativeConfigSource() {
        super("NegativeConfigSource", "answers DescribeConfigs with config source -1");
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        ((DescribeConfigsResponse) response).data().results().forEach(result -> result.configs()
                .forEach(config -> config.setConfigSource((byte) -1)));
        return response;
    }
}
