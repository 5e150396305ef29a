package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.EndTxnRequest;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

/**
 * Fences for good a producer whose write was refused for its epoch: once a Produce answer carries
 * INVALID_PRODUCER_EPOCH for a batch of producer id P (as after the coordinator aborted P's timed-out
 * transaction and bumped its epoch), every later EndTxn and InitProducerId of P is answered with
 * PRODUCER_FENCED without reaching the broker. That is a target without the epoch bump of KIP-360 and
 * KIP-890: the producer's abort, and its request for the bumped epoch with its current producer id and
 * epoch, are refused, so the application can only go on with a new producer. A new producer with the same
 * transactional id gets a new InitProducerId request without a producer id, which passes.
 */
public final class FenceAfterStaleEpoch extends NamedMutation {

    private static final String PRODUCER_IDS = "FenceAfterStaleEpoch.producerIds";

    private final Set<Long> fenced = ConcurrentHashMap.newKeySet();

    public FenceAfterStaleEpoch() {
        super("FenceAfterStaleEpoch", "a producer refused with INVALID_PRODUCER_EPOCH is fenced for good: its EndTxn"
                + " and its epoch-bump InitProducerId are answered PRODUCER_FENCED (no KIP-360 recovery)");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.PRODUCE || apiKey == ApiKeys.END_TXN || apiKey == ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.PRODUCE;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        if (request instanceof ProduceRequest produce) {
            exchange.attach(PRODUCER_IDS, producerIds(produce));
            return RequestAction.forward();
        }
        long producerId = request instanceof EndTxnRequest endTxn ? endTxn.data().producerId()
                : ((InitProducerIdRequest) request).data().producerId();
        if (producerId >= 0 && fenced.contains(producerId)) {
            return RequestAction.respond(request.getErrorResponse(0, Errors.PRODUCER_FENCED.exception()));
        }
        return RequestAction.forward();
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        for (TopicProduceResponse topic : ((ProduceResponse) response).data().responses()) {
            for (PartitionProduceResponse partition : topic.partitionResponses()) {
                if (partition.errorCode() == Errors.INVALID_PRODUCER_EPOCH.code()) {
                    exchange.attachment(PRODUCER_IDS, Set.class).ifPresent(ids -> ids.forEach(id -> fenced.add((Long) id)));
                }
            }
        }
        return response;
    }

    private static Set<Long> producerIds(ProduceRequest produce) {
        Set<Long> ids = new HashSet<>();
        for (TopicProduceData topic : produce.data().topicData()) {
            for (PartitionProduceData partition : topic.partitionData()) {
                if (partition.records() instanceof MemoryRecords records) {
                    for (RecordBatch batch : records.batches()) {
                        if (batch.hasProducerId()) {
                            ids.add(batch.producerId());
                        }
                    }
                }
            }
        }
        return ids;
    }
}
