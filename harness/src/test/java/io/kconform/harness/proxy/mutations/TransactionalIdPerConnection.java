package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransaction;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTransactionCollection;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnResultCollection;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AddOffsetsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnRequest;
import org.apache.kafka.common.requests.AddPartitionsToTxnResponse;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest.CoordinatorType;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;

/**
 * Gives every client connection its own copy of each transactional id, as an endpoint that scopes
 * transactional state to a session would: two producers with the same {@code transactional.id} no
 * longer fence each other, so a zombie keeps writing.
 *
 * <p>The id gets a per-connection suffix in FindCoordinator (transaction keys), InitProducerId,
 * AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, TxnOffsetCommit and transactional Produce; ids the
 * broker echoes are restored. The suffix chosen when a producer initialises is remembered by the
 * producer id the broker returns, so a producer that reconnects keeps its suffix on every request
 * carrying that producer id. With several brokers the suffixed FindCoordinator key could hash to
 * another coordinator than InitProducerId's; with one broker that cannot matter.
 */
public final class TransactionalIdPerConnection extends NamedMutation {

    private static final String MARKER = "~conn";
    private static final Set<ApiKeys> CARRY_ID = EnumSet.of(ApiKeys.FIND_COORDINATOR, ApiKeys.INIT_PRODUCER_ID,
            ApiKeys.ADD_PARTITIONS_TO_TXN, ApiKeys.ADD_OFFSETS_TO_TXN, ApiKeys.END_TXN, ApiKeys.TXN_OFFSET_COMMIT,
            ApiKeys.PRODUCE);
    private static final Set<ApiKeys> ECHO_ID = EnumSet.of(ApiKeys.FIND_COORDINATOR, ApiKeys.INIT_PRODUCER_ID,
            ApiKeys.ADD_PARTITIONS_TO_TXN);

    private final Map<Long, String> suffixByProducerId = new ConcurrentHashMap<>();

    public TransactionalIdPerConnection() {
        super("TransactionalIdPerConnection",
                "scopes transactional ids to a connection: producers sharing a transactional.id are not fenced");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return CARRY_ID.contains(apiKey);
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return ECHO_ID.contains(apiKey);
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        if (request instanceof FindCoordinatorRequest find) {
            return rename(exchange, find.data()) ? RequestAction.forward(find) : RequestAction.forward();
        }
        if (request instanceof InitProducerIdRequest init && init.data().transactionalId() != null) {
            String suffix = suffix(exchange, init.data().producerId());
            exchange.attach(this, suffix);
            init.data().setTransactionalId(init.data().transactionalId() + suffix);
            return RequestAction.forward(init);
        }
        if (request instanceof AddPartitionsToTxnRequest add) {
            rename(exchange, add.data());
            return RequestAction.forward(add);
        }
        if (request instanceof AddOffsetsToTxnRequest add) {
            add.data().setTransactionalId(add.data().transactionalId() + suffix(exchange, add.data().producerId()));
            return RequestAction.forward(add);
        }
        if (request instanceof EndTxnRequest end) {
            end.data().setTransactionalId(end.data().transactionalId() + suffix(exchange, end.data().producerId()));
            return RequestAction.forward(end);
        }
        if (request instanceof TxnOffsetCommitRequest commit) {
            commit.data().setTransactionalId(commit.data().transactionalId()
                    + suffix(exchange, commit.data().producerId()));
            return RequestAction.forward(commit);
        }
        if (request instanceof ProduceRequest produce && produce.data().transactionalId() != null) {
            produce.data().setTransactionalId(produce.data().transactionalId() + suffix(exchange, producerIdOf(produce)));
            return RequestAction.forward(produce);
        }
        return RequestAction.forward();
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        if (response instanceof FindCoordinatorResponse find) {
            for (Coordinator coordinator : find.data().coordinators()) {
                coordinator.setKey(original(coordinator.key()));
            }
        } else if (response instanceof InitProducerIdResponse init && init.data().errorCode() == Errors.NONE.code()) {
            exchange.attachment(this, String.class)
                    .ifPresent(suffix -> suffixByProducerId.put(init.data().producerId(), suffix));
        } else if (response instanceof AddPartitionsToTxnResponse add) {
            AddPartitionsToTxnResultCollection restored = new AddPartitionsToTxnResultCollection();
            for (AddPartitionsToTxnResult result : add.data().resultsByTransaction()) {
                restored.add(result.duplicate().setTransactionalId(original(result.transactionalId())));
            }
            add.data().setResultsByTransaction(restored);
        }
        return response;
    }

    /** The producer's own suffix where its producer id is known, else this connection's. */
    private String suffix(Exchange exchange, long producerId) {
        String known = producerId == RecordBatch.NO_PRODUCER_ID ? null : suffixByProducerId.get(producerId);
        return known != null ? known : MARKER + exchange.connectionId();
    }

    private static String original(String id) {
        int marker = id == null ? -1 : id.lastIndexOf(MARKER);
        return marker < 0 ? id : id.substring(0, marker);
    }

    private static long producerIdOf(ProduceRequest produce) {
        return produce.data().topicData().stream()
                .flatMap(t -> t.partitionData().stream())
                .flatMap(p -> StreamSupport.stream(ProduceAnswers.batches(p.records()).spliterator(), false))
                .map(RecordBatch::producerId)
                .findFirst()
                .orElse(RecordBatch.NO_PRODUCER_ID);
    }

    private boolean rename(Exchange exchange, FindCoordinatorRequestData data) {
        if (data.keyType() != CoordinatorType.TRANSACTION.id()) {
            return false;
        }
        String suffix = suffix(exchange, RecordBatch.NO_PRODUCER_ID);
        // v4 on batch keys in coordinatorKeys; older versions carry one key
        data.setCoordinatorKeys(data.coordinatorKeys().stream().map(key -> key + suffix).toList());
        if (data.key() != null && !data.key().isEmpty()) {
            data.setKey(data.key() + suffix);
        }
        return true;
    }

    private void rename(Exchange exchange, AddPartitionsToTxnRequestData data) {
        if (data.v3AndBelowTransactionalId() != null && !data.v3AndBelowTransactionalId().isEmpty()) {
            data.setV3AndBelowTransactionalId(data.v3AndBelowTransactionalId()
                    + suffix(exchange, data.v3AndBelowProducerId()));
        }
        // The id is the collection's key, so entries are re-added rather than changed in place.
        AddPartitionsToTxnTransactionCollection renamed = new AddPartitionsToTxnTransactionCollection();
        for (AddPartitionsToTxnTransaction transaction : data.transactions()) {
            renamed.add(transaction.duplicate().setTransactionalId(transaction.transactionalId()
                    + suffix(exchange, transaction.producerId())));
        }
        data.setTransactions(renamed);
    }
}
