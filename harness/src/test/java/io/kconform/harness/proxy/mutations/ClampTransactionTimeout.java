package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.time.Duration;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.InitProducerIdRequest;

/**
 * Lowers a transactional InitProducerId's timeout above a limit to the limit before the broker sees
 * it, as a target that clamps the timeout silently instead of refusing it with
 * INVALID_TRANSACTION_TIMEOUT: the producer believes it has the timeout it asked for.
 */
public final class ClampTransactionTimeout extends NamedMutation {

    private final int limitMs;

    public ClampTransactionTimeout(Duration limit) {
        super("ClampTransactionTimeout[" + limit + "]", "transaction timeouts above " + limit
                + " are lowered to it silently");
        this.limitMs = (int) Math.min(Integer.MAX_VALUE, limit.toMillis());
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        InitProducerIdRequest init = (InitProducerIdRequest) request;
        if (init.data().transactionalId() == null || init.data().transactionTimeoutMs() <= limitMs) {
            return RequestAction.forward();
        }
        init.data().setTransactionTimeoutMs(limitMs);
        return RequestAction.forward(init);
    }
}
