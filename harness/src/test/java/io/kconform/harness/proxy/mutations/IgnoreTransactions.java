package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.EndTxnResponse;

/**
 * A target that accepts a transactional producer and ignores its transactions: produced batches reach
 * the broker as plain ones (no producer id, no transactional flag; see {@link StripIdempotence#alsoTransactions()}),
 * so they are visible at once and never part of a transaction, and EndTxn is answered with success
 * without reaching the coordinator, so no transaction marker is ever written. Commit and abort look
 * alike to the producer, and to any consumer.
 */
public final class IgnoreTransactions extends NamedMutation {

    private final StripIdempotence plainBatches = StripIdempotence.alsoTransactions();

    public IgnoreTransactions() {
        super("IgnoreTransactions", "transactional writes are taken as plain ones and EndTxn is answered without"
                + " effect: no transaction, no marker");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.END_TXN || plainBatches.interceptsRequest(apiKey);
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        if (request instanceof EndTxnRequest end) {
            EndTxnRequestData data = end.data();
            // From v5 on the producer takes its next id and epoch from the answer: the same ones, no bump.
            return RequestAction.respond(new EndTxnResponse(new EndTxnResponseData()
                    .setErrorCode(Errors.NONE.code())
                    .setProducerId(data.producerId())
                    .setProducerEpoch(data.producerEpoch())));
        }
        return plainBatches.onRequest(exchange, request);
    }
}
