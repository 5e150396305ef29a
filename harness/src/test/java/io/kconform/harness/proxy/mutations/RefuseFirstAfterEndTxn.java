package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.EndTxnResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.ProduceRequest;

/**
 * Refuses for good the first request that begins a transaction right after the previous one ended: once an
 * EndTxn of a transactional id was answered with success, that id's next AddPartitionsToTxn (v3 and below, a
 * client's), InitProducerId or transactional Produce (transactions V2 add the partition on Produce) is answered
 * INVALID_TXN_STATE without reaching the broker. That is a target that answers a request arriving while the
 * markers are being written with a fatal error instead of the retriable CONCURRENT_TRANSACTIONS, with the
 * window taken to cover the next request every time (on the broker behind it does only sometimes), so that the
 * refusal is met deterministically. Requests after the refused one pass.
 */
public final class RefuseFirstAfterEndTxn extends NamedMutation {

    private static final String TRANSACTIONAL_ID = "RefuseFirstAfterEndTxn.transactionalId";

    /** Transactional ids whose EndTxn was answered with success and whose next request is still to come. */
    private final Set<String> ended = ConcurrentHashMap.newKeySet();

    public RefuseFirstAfterEndTxn() {
        super("RefuseFirstAfterEndTxn", "the first AddPartitionsToTxn, InitProducerId or transactional Produce of a"
                + " transactional id after its EndTxn is answered INVALID_TXN_STATE: no CONCURRENT_TRANSACTIONS retry");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.END_TXN || apiKey == ApiKeys.ADD_PARTITIONS_TO_TXN
                || apiKey == ApiKeys.INIT_PRODUCER_ID || apiKey == ApiKeys.PRODUCE;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.END_TXN;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        String transactionalId;
        if (request instanceof EndTxnRequest endTxn) {
            exchange.attach(TRANSACTIONAL_ID, endTxn.data().transactionalId());
            return RequestAction.forward();
        } else if (request instanceof AddPartitionsToTxnRequest add) {
            transactionalId = add.version() <= 3 ? add.data().v3AndBelowTransactionalId() : null;
        } else if (request instanceof InitProducerIdRequest init) {
            transactionalId = init.data().transactionalId();
        } else {
            transactionalId = ((ProduceRequest) request).data().transactionalId();
        }
        if (transactionalId != null && ended.remove(transactionalId)) {
            return RequestAction.respond(request.getErrorResponse(0, Errors.INVALID_TXN_STATE.exception()));
        }
        return RequestAction.forward();
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        if (((EndTxnResponse) response).data().errorCode() == Errors.NONE.code()) {
            exchange.attachment(TRANSACTIONAL_ID, String.class).ifPresent(ended::add);
        }
        return response;
    }
}
