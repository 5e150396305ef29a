package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.ProduceRequest;

/**
 * Acknowledges every Produce request itself, with offsets that grow per partition as real ones
 * would, and never forwards it: the writes a client saw acknowledged are not in the log.
 */
public final class SwallowProduce extends NamedMutation {

    private final Map<String, AtomicLong> nextOffsets = new ConcurrentHashMap<>();

    public SwallowProduce() {
        super("SwallowProduce", "acknowledges produced records without storing them: acknowledged writes are lost");
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.PRODUCE;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        ProduceRequest produce = (ProduceRequest) request;
        return RequestAction.respond(ProduceAnswers.answer(produce.data(), (topic, partition) -> {
            AtomicLong next = nextOffsets.computeIfAbsent(
                    ProduceAnswers.partitionKey(topic.name(), topic.topicId(), partition.index()), k -> new AtomicLong());
            long base = next.getAndAdd(ProduceAnswers.offsetCount(partition.records()));
            return new PartitionProduceResponse()
                    .setIndex(partition.index())
                    .setErrorCode(Errors.NONE.code())
                    .setBaseOffset(base)
                    .setLogAppendTimeMs(RecordBatch.NO_TIMESTAMP)
                    .setLogStartOffset(0);
        }));
    }
}
