package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import java.util.Set;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

/**
 * Forwards an admin request and answers it with success whatever the broker said, as a target that
 * accepts what it should refuse: a partition decrease, an invalid config value or an unknown config
 * name is acknowledged, while the broker (rightly) changed nothing.
 */
public final class MaskAdminErrors extends NamedMutation {

    /** The APIs whose errors this mutation can hide. */
    public static final Set<ApiKeys> SUPPORTED = Set.of(ApiKeys.CREATE_PARTITIONS, ApiKeys.INCREMENTAL_ALTER_CONFIGS);

    private final ApiKeys api;

    /** Hides the errors of {@code api}, one of {@link #SUPPORTED}. */
    public MaskAdminErrors(ApiKeys api) {
        super("MaskAdminErrors[" + api.name + "]", "answers " + api.name + " with success where the broker refused it");
        if (!SUPPORTED.contains(api)) {
            throw new IllegalArgumentException("mask-admin-errors supports " + SUPPORTED + ", not " + api);
        }
        this.api = api;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == api;
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        if (response instanceof CreatePartitionsResponse partitions) {
            partitions.data().results().forEach(r -> r.setErrorCode(Errors.NONE.code()).setErrorMessage(null));
        } else {
            ((IncrementalAlterConfigsResponse) response).data().responses()
                    .forEach(r -> r.setErrorCode(Errors.NONE.code()).setErrorMessage(null));
        }
        return response;
    }
}
