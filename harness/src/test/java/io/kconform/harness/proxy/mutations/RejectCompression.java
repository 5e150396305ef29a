package io.kconform.harness.proxy.mutations;

import io.kconform.harness.proxy.Exchange;
import io.kconform.harness.proxy.RequestAction;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

/**
 * Refuses produced batches of one compression codec, as an endpoint without that codec would: their
 * partitions are answered UNSUPPORTED_COMPRESSION_TYPE and never reach the broker, while the other
 * partitions of the same request are forwarded and answered by the broker.
 */
public final class RejectCompression extends NamedMutation {

    private record Rejected(TopicProduceData topic, int partition) {
    }

    /** Kept with the exchange, to add the refusals to the broker's answer. */
    private record Refusals(List<Rejected> partitions) {
    }

    private final CompressionType codec;

    public RejectCompression(CompressionType codec) {
        super("RejectCompression[" + codec.name + "]",
                "refuses " + codec.name + "-compressed batches with UNSUPPORTED_COMPRESSION_TYPE");
        this.codec = codec;
    }

    @Override
    public boolean interceptsRequest(ApiKeys apiKey) {
        return apiKey == ApiKeys.PRODUCE;
    }

    @Override
    public boolean interceptsResponse(ApiKeys apiKey) {
        return apiKey == ApiKeys.PRODUCE;
    }

    @Override
    public RequestAction onRequest(Exchange exchange, AbstractRequest request) {
        ProduceRequest produce = (ProduceRequest) request;
        List<Rejected> rejected = new ArrayList<>();
        TopicProduceDataCollection kept = new TopicProduceDataCollection();
        for (TopicProduceData topic : produce.data().topicData()) {
            List<PartitionProduceData> keptPartitions = new ArrayList<>();
            for (PartitionProduceData partition : topic.partitionData()) {
                if (usesCodec(partition)) {
                    rejected.add(new Rejected(topic, partition.index()));
                } else {
                    keptPartitions.add(partition);
                }
            }
            if (!keptPartitions.isEmpty()) {
                kept.add(new TopicProduceData().setName(topic.name()).setTopicId(topic.topicId())
                        .setPartitionData(keptPartitions));
            }
        }
        if (rejected.isEmpty()) {
            return RequestAction.forward();
        }
        if (kept.isEmpty()) {
            return RequestAction.respond(ProduceAnswers.answer(produce.data(),
                    (topic, partition) -> refusal(partition.index())));
        }
        exchange.attach(this, new Refusals(List.copyOf(rejected)));
        ProduceRequestData forwarded = new ProduceRequestData()
                .setTransactionalId(produce.data().transactionalId())
                .setAcks(produce.data().acks())
                .setTimeoutMs(produce.data().timeoutMs())
                .setTopicData(kept);
        return RequestAction.forward(new ProduceRequest(forwarded, produce.version()));
    }

    @Override
    public AbstractResponse onResponse(Exchange exchange, AbstractResponse response) {
        List<Rejected> rejected = exchange.attachment(this, Refusals.class).map(Refusals::partitions).orElse(List.of());
        ProduceResponse produce = (ProduceResponse) response;
        for (Rejected refused : rejected) {
            TopicProduceResponse topic = produce.data().responses().find(refused.topic().name(), refused.topic().topicId());
            if (topic == null) {
                topic = new TopicProduceResponse().setName(refused.topic().name()).setTopicId(refused.topic().topicId());
                produce.data().responses().add(topic);
            }
            topic.partitionResponses().add(refusal(refused.partition()));
        }
        return produce;
    }

    private boolean usesCodec(PartitionProduceData partition) {
        for (RecordBatch batch : ProduceAnswers.batches(partition.records())) {
            if (batch.compressionType() == codec) {
                return true;
            }
        }
        return false;
    }

    private PartitionProduceResponse refusal(int partition) {
        return new PartitionProduceResponse()
                .setIndex(partition)
                .setErrorCode(Errors.UNSUPPORTED_COMPRESSION_TYPE.code())
                .setErrorMessage(codec.name + " compression is not supported")
                .setBaseOffset(-1)
                .setLogAppendTimeMs(RecordBatch.NO_TIMESTAMP)
                .setLogStartOffset(-1);
    }
}
